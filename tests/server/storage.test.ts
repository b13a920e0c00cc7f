// The storage contract (docs/sync-protocol.md S18): one suite, run against PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/storage/db';
import { json } from '../../src/server/storage/db';
import { migrate, MIGRATIONS, schemaVersion } from '../../src/server/storage/migrations';
import { backends } from './support';

describe.each(backends)('storage contract on $name', (backend) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await backend.open());
  });
  afterAll(async () => cleanup());

  it('[S18] runs every migration once and records it', async () => {
    expect(await schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('[S18] returns bigints as numbers and jsonb as values', async () => {
    await db.query('INSERT INTO orgs (id, name, created_at, last_change) VALUES ($1, $2, $3, $4)', ['o-num', 'N', 1_780_000_000_000, 9_000_000_000]);
    const [row] = await db.query<{ created_at: number; last_change: number }>('SELECT created_at, last_change FROM orgs WHERE id = $1', ['o-num']);
    expect(row).toEqual({ created_at: 1_780_000_000_000, last_change: 9_000_000_000 });
    await db.query('INSERT INTO stores (org_id, id, data) VALUES ($1, $2, $3::jsonb)', ['o-num', 's1', json({ name: '店', tags: [1, 2] })]);
    const [s] = await db.query<{ data: unknown }>('SELECT data FROM stores WHERE id = $1', ['s1']);
    expect(s?.data).toEqual({ name: '店', tags: [1, 2] });
  });

  it('[S18] commits a transaction only when it completes', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', ['o-commit', 'C', 1]);
    });
    expect(await db.query('SELECT id FROM orgs WHERE id = $1', ['o-commit'])).toHaveLength(1);
  });

  it('[S18] rolls back everything when the transaction throws, and passes the error on', async () => {
    const failure = db.transaction(async (tx) => {
      await tx.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', ['o-rollback', 'R', 1]);
      throw new Error('boom');
    });
    await expect(failure).rejects.toThrow('boom');
    expect(await db.query('SELECT id FROM orgs WHERE id = $1', ['o-rollback'])).toHaveLength(0);
  });

  it('[S18] undoes only the work after a savepoint when rolled back to it', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', ['o-kept', 'K', 1]);
      await tx.query('SAVEPOINT sp');
      await tx.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', ['o-undone', 'U', 1]);
      await tx.query('ROLLBACK TO SAVEPOINT sp');
    });
    const ids = (await db.query<{ id: string }>("SELECT id FROM orgs WHERE id IN ('o-kept', 'o-undone')")).map((r) => r.id);
    expect(ids).toEqual(['o-kept']);
  });

  it('[S5] a transaction begun with the organisation\'s lock holds it from its first statement: another waits for the commit', async () => {
    await db.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', ["o'lock", 'L', 1]);
    const order: string[] = [];
    let started!: () => void;
    const aStarted = new Promise<void>((resolve) => { started = resolve; });
    const a = db.transaction(async (tx) => {
      order.push('a begins');
      started();
      await new Promise((resolve) => setTimeout(resolve, 150));
      await tx.query('UPDATE orgs SET name = $2 WHERE id = $1', ["o'lock", 'by a']);
      order.push('a commits');
    }, { lockOrg: "o'lock" });
    await aStarted;
    const b = db.transaction(async (tx) => {
      order.push('b begins');
      const [row] = await tx.query<{ name: string }>('SELECT name FROM orgs WHERE id = $1', ["o'lock"]);
      order.push(`b reads ${row?.name}`);
    }, { lockOrg: "o'lock" });
    await Promise.all([a, b]);
    expect(order).toEqual(['a begins', 'a commits', 'b begins', 'b reads by a']);
  });

  it('[S5] a transaction begun with the lock of an organisation that does not exist is refused before it runs', async () => {
    let ran = false;
    await expect(db.transaction(async () => { ran = true; }, { lockOrg: 'o-missing' })).rejects.toThrow('organisation o-missing not found');
    expect(ran).toBe(false);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('[S18] a failed statement inside a transaction aborts it as a whole', async () => {
    await db.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', ['o-dup', 'D', 1]);
    const failure = db.transaction(async (tx) => {
      await tx.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', ['o-before-dup', 'B', 1]);
      await tx.query('INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)', ['o-dup', 'D', 1]);
    });
    await expect(failure).rejects.toThrow();
    expect(await db.query('SELECT id FROM orgs WHERE id = $1', ['o-before-dup'])).toHaveLength(0);
  });
});
