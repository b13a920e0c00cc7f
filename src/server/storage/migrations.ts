/**
 * Versioned schema migrations, run at start. Guarantees:
 *  - Each migration runs once, in its own transaction, recorded in `schema_migrations`.
 *  - Several instances starting together on one PostgreSQL do not race: each migration step takes
 *    a transaction-scoped advisory lock and re-checks what is applied.
 *  - Migrations are only ever appended to this list, never edited.
 * Every table that holds an organisation's data has `org_id` first in its primary key, so rows of
 * two organisations never collide and a distributed engine can shard by it (docs/operations.md).
 */
import type { Db } from './db';

const MIGRATION_LOCK = 727_101;

const V1 = `
CREATE TABLE orgs (
  id text PRIMARY KEY, name text NOT NULL, created_at bigint NOT NULL,
  last_change bigint NOT NULL DEFAULT 0
);
CREATE TABLE stores (
  org_id text NOT NULL REFERENCES orgs(id), id text NOT NULL, data jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE TABLE staff (
  org_id text NOT NULL REFERENCES orgs(id), id text NOT NULL, data jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE TABLE devices (
  org_id text NOT NULL REFERENCES orgs(id), id text NOT NULL, store_id text NOT NULL, name text NOT NULL,
  token_hash text NOT NULL UNIQUE, created_at bigint NOT NULL, revoked_at bigint,
  last_seq bigint NOT NULL DEFAULT 0, last_seen bigint,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX devices_id ON devices (id);
CREATE TABLE pair_codes (
  code_hash text PRIMARY KEY, org_id text NOT NULL REFERENCES orgs(id), store_id text NOT NULL,
  expires_at bigint NOT NULL, used_at bigint, device_id text
);
CREATE TABLE programmes (
  org_id text NOT NULL REFERENCES orgs(id), version int NOT NULL, config jsonb NOT NULL,
  created_at bigint NOT NULL, created_by text,
  PRIMARY KEY (org_id, version)
);
CREATE TABLE mutations (
  org_id text NOT NULL, device_id text NOT NULL, seq bigint NOT NULL, mutation_id text NOT NULL,
  kind text NOT NULL, payload_hash text NOT NULL, status text NOT NULL, applied_at bigint NOT NULL,
  PRIMARY KEY (org_id, device_id, seq)
);
CREATE INDEX mutations_id ON mutations (org_id, mutation_id);
CREATE TABLE changes (
  org_id text NOT NULL, seq bigint NOT NULL, entity text NOT NULL, entity_id text NOT NULL, data jsonb NOT NULL,
  PRIMARY KEY (org_id, seq)
);
CREATE TABLE members (
  org_id text NOT NULL, id text NOT NULL, phone text NOT NULL, enrolled_at bigint NOT NULL,
  merged_into text, data jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX members_phone ON members (org_id, phone) WHERE merged_into IS NULL;
CREATE TABLE member_stats (
  org_id text NOT NULL, member_id text NOT NULL, points bigint NOT NULL DEFAULT 0,
  lifetime_spend bigint NOT NULL DEFAULT 0, visits int NOT NULL DEFAULT 0,
  first_purchase_at bigint, last_purchase_at bigint,
  PRIMARY KEY (org_id, member_id)
);
CREATE TABLE sales (
  org_id text NOT NULL, id text NOT NULL, member_id text, at bigint NOT NULL, data jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX sales_member ON sales (org_id, member_id);
CREATE TABLE returns (
  org_id text NOT NULL, id text NOT NULL, sale_id text NOT NULL, member_id text, data jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX returns_member ON returns (org_id, member_id);
CREATE TABLE ledger (
  org_id text NOT NULL, id text NOT NULL, member_id text NOT NULL, points bigint NOT NULL, data jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX ledger_member ON ledger (org_id, member_id);
CREATE TABLE coupons (
  org_id text NOT NULL, id text NOT NULL, member_id text NOT NULL, data jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE INDEX coupons_member ON coupons (org_id, member_id);
CREATE TABLE tasks (
  org_id text NOT NULL, id text NOT NULL, member_id text NOT NULL, at bigint NOT NULL, data jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE TABLE audit (
  org_id text NOT NULL, id text NOT NULL, data jsonb NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE TABLE rejections (
  org_id text NOT NULL, device_id text NOT NULL, seq bigint NOT NULL, mutation_id text NOT NULL,
  kind text NOT NULL, code text NOT NULL, message text NOT NULL, at bigint NOT NULL,
  PRIMARY KEY (org_id, device_id, seq)
);
CREATE TABLE exceptions (
  org_id text NOT NULL, id text NOT NULL, kind text NOT NULL, member_id text, subject_id text,
  detail jsonb NOT NULL, at bigint NOT NULL,
  PRIMARY KEY (org_id, id)
);
`;

/** A return is checked against its sale's earlier returns (facts.ts, return-recheck.ts): by sale, not by scanning the organisation's. */
const V2 = `
CREATE INDEX IF NOT EXISTS returns_sale ON returns (org_id, sale_id);
`;

/**
 * S21: what a tablet reported it still held when last seen (its outbox), and until when a revoked
 * tablet may hand over what it made before the revocation.
 */
const V3 = `
ALTER TABLE devices ADD COLUMN IF NOT EXISTS unsynced int;
ALTER TABLE devices ADD COLUMN IF NOT EXISTS handover_until bigint
`;

/** S24: the shop's settings (care settings, calendar, message templates), versioned per key like the programme. */
const V4 = `
CREATE TABLE IF NOT EXISTS shop_settings (
  org_id text NOT NULL REFERENCES orgs(id), key text NOT NULL, version int NOT NULL, value jsonb NOT NULL,
  created_at bigint NOT NULL, created_by text,
  PRIMARY KEY (org_id, key, version)
)
`;

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'tenancy, facts, change feed', sql: V1 },
  { version: 2, name: 'returns by sale', sql: V2 },
  { version: 3, name: 'device unsynced count, revoked handover', sql: V3 },
  { version: 4, name: 'shop settings', sql: V4 },
];

export async function migrate(db: Db): Promise<number[]> {
  // Under the lock too: two instances starting at once would otherwise race on IF NOT EXISTS.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
  });
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.length > 0) return false;
      for (const stmt of m.sql.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(stmt);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

export async function schemaVersion(db: Db): Promise<number> {
  const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return r[0]?.v ?? 0;
}
