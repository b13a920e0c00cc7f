/**
 * (7) The sync server, as a till reaches it: the real Fastify app (src/server/app.ts buildServer)
 * listening on loopback, spoken to over HTTP with fetch. On PGlite (in a temporary folder) and on
 * PostgreSQL 15 (a throwaway cluster, tests/support/postgres.ts). Measures:
 *  - push: batches of 50 sales (with their ledger entries) from one till, one after another:
 *    latency per batch, and mutations per second with 4 tills pushing at once;
 *  - pull: 10,000 changes read from the feed in pages of 1,000 (the protocol's largest page).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../src/server/app';
import type { Db } from '../src/server/storage/db';
import { migrate } from '../src/server/storage/migrations';
import { openPglite } from '../src/server/storage/pglite-db';
import { openPostgres } from '../src/server/storage/pg-db';
import { createOrg, createPairCode } from '../src/server/tenancy';
import { hlcNow } from '../src/domain/hlc';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER, type Mutation, type PairResponse, type PushResponse } from '../src/sync/protocol';
import { startPostgres } from '../tests/support/postgres';
import { makeMember, makeSale } from './data';
import { summarize, type Summary } from './stats';

export interface ServerFigures {
  backend: 'pglite' | 'postgres';
  /** One till pushing batches of 50 sales back to back (ms per batch). */
  push: Summary;
  /** Sale mutations per second, one till pushing back to back. */
  pushPerSecondOneTill: number;
  /** Sale mutations per second, `tills` tills pushing at once. */
  pushPerSecondConcurrent: number;
  tills: number;
  /** Reading 10,000 changes in pages of 1,000 (ms per 10,000). */
  pull: Summary;
  pullChangesPerSecond: number;
  /** Changes in the feed when the pulls ran. */
  feedSize: number;
}

const BATCH = 50;
const MEMBERS = 1_000;
const PULL_CHANGES = 10_000;
const PULL_PAGE = 1_000;
const TILLS = 4;
const HEADERS = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [SCHEMA_HEADER]: '1', 'content-type': 'application/json' };

interface PullPage {
  changes: { seq: number }[];
  cursor: string;
  more: boolean;
}

/** The feed's last position (pages through it from `from`). */
async function feedLength(base: string, token: string, from = 0): Promise<number> {
  let cursor = String(from);
  for (;;) {
    const page = await call<PullPage>(base, `/api/pull?cursor=${cursor}&limit=${PULL_PAGE}`, { method: 'GET', token });
    cursor = page.cursor;
    if (!page.more) return Number(cursor);
  }
}

interface Till {
  deviceId: string;
  storeId: string;
  token: string;
  seq: number;
  sales: number;
}

async function call<T>(base: string, path: string, init: { method: string; token?: string; body?: unknown }): Promise<T> {
  const headers: Record<string, string> = { ...HEADERS };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const r = await fetch(`${base}${path}`, { method: init.method, headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${init.method} ${path}: ${r.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function pair(base: string, db: Db, storeId: string): Promise<Till> {
  const { code } = await createPairCode(db, storeId, Date.now());
  const p = await call<PairResponse>(base, '/api/pair', { method: 'POST', body: { code, deviceName: 'Bench till' } });
  return { deviceId: p.deviceId, storeId: p.storeId, token: p.token, seq: 0, sales: 0 };
}

async function push(base: string, till: Till, mutations: Mutation[]): Promise<void> {
  const batch = mutations.map((mutation) => ({ seq: ++till.seq, mutation }));
  const r = await call<PushResponse>(base, '/api/push', { method: 'POST', token: till.token, body: { deviceId: till.deviceId, batch } });
  if (r.rejected.length > 0) throw new Error(`push rejected ${r.rejected.length}: ${r.rejected[0]?.code} ${r.rejected[0]?.message}`);
  if (r.ackedThrough !== till.seq) throw new Error(`push acknowledged ${r.ackedThrough}, expected ${till.seq}`);
}

/** Every member of the bench enrolled through the till's own mutation. */
function enrolment(seed: number, i: number, storeId: string): Mutation {
  const m = makeMember(seed, i);
  const stamp = hlcNow(null, m.enrolledAt, 'bench');
  const member = { ...m, enrolledStoreId: storeId, clock: { name: stamp, phone: stamp } };
  return { kind: 'member.upsert', id: `enrol-${i}`, at: m.enrolledAt, member, fields: ['name', 'phone'] };
}

/** The next 50 sales of a till, each for a member drawn in turn, with its ledger entries. */
function saleBatch(seed: number, till: Till, tillNo: number): Mutation[] {
  const out: Mutation[] = [];
  for (let j = 0; j < BATCH; j++) {
    const k = till.sales++;
    const i = (k * 7 + tillNo * 13) % MEMBERS;
    const { sale, ledger } = makeSale(seed, i, k, `t${tillNo}`);
    out.push({
      kind: 'sale.record', id: `mut-${sale.id}`, at: sale.at,
      sale: { ...sale, storeId: till.storeId, deviceId: till.deviceId },
      ledger: ledger.map((l) => ({ ...l, deviceId: till.deviceId })), coupons: [],
    });
  }
  return out;
}

export async function measureOn(backend: ServerFigures['backend'], db: Db, seed: number, reps: number, log: (m: string) => void): Promise<ServerFigures> {
  await migrate(db);
  const app = await buildServer({ db, logger: false, limits: { pairPerMinute: 1000 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  try {
    const org = await createOrg(db, { name: 'Bench shop', ownerName: 'Owner', ownerPin: '2468', now: Date.now() });
    const tills = await Promise.all(Array.from({ length: TILLS }, () => pair(base, db, org.storeId)));
    const [first] = tills;
    if (!first) throw new Error('no till');
    const e0 = performance.now();
    for (let i = 0; i < MEMBERS; i += BATCH) {
      await push(base, first, Array.from({ length: Math.min(BATCH, MEMBERS - i) }, (_, j) => enrolment(seed, i + j, first.storeId)));
    }
    log(`server ${backend}: ${MEMBERS} members enrolled in ${Math.round(performance.now() - e0)} ms`);
    for (let w = 0; w < 5; w++) await push(base, first, saleBatch(seed, first, 0));
    // A running server's autovacuum keeps the planner's statistics current; a cluster filled a moment ago
    // has none yet, and plans a scan of the organisation's rows where a key lookup is right. ANALYZE once,
    // as autovacuum would have by the time a shop has this many members.
    await db.query('ANALYZE');
    const ms: number[] = [];
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) {
      const batch = saleBatch(seed, first, 0);
      const b0 = performance.now();
      await push(base, first, batch);
      ms.push(performance.now() - b0);
    }
    const oneTill = (reps * BATCH) / ((performance.now() - t0) / 1000);
    const perTill = Math.max(3, Math.floor(reps / TILLS));
    const c0 = performance.now();
    await Promise.all(tills.map(async (till, n) => {
      for (let r = 0; r < perTill; r++) await push(base, till, saleBatch(seed, till, n));
    }));
    const concurrent = (perTill * TILLS * BATCH) / ((performance.now() - c0) / 1000);
    log(`server ${backend}: pushes done (${Math.round(oneTill)}/s one till, ${Math.round(concurrent)}/s ${TILLS} tills)`);
    // The feed must hold 10,000 changes after every starting point the pulls use; more sales if not.
    const PULL_REPS = 10;
    const needed = PULL_CHANGES + (PULL_REPS - 1) * 100;
    let feedSize = await feedLength(base, first.token);
    while (feedSize < needed) {
      await push(base, first, saleBatch(seed, first, 0));
      feedSize = await feedLength(base, first.token, feedSize);
    }
    const pulls: number[] = [];
    for (let r = 0; r < PULL_REPS; r++) {
      let cursor = String(r * 100);
      let got = 0;
      const p0 = performance.now();
      while (got < PULL_CHANGES) {
        const page = await call<PullPage>(base, `/api/pull?cursor=${cursor}&limit=${PULL_PAGE}`, { method: 'GET', token: first.token });
        got += page.changes.length;
        cursor = page.cursor;
        if (!page.more) break;
      }
      pulls.push(performance.now() - p0);
      if (got < PULL_CHANGES) throw new Error(`pull read only ${got} changes after ${r * 100}`);
    }
    const pull = summarize(pulls);
    log(`server ${backend}: pulls done (p50 ${pull.p50.toFixed(0)} ms per ${PULL_CHANGES})`);
    return {
      backend, push: summarize(ms), pushPerSecondOneTill: oneTill, pushPerSecondConcurrent: concurrent, tills: TILLS,
      pull, pullChangesPerSecond: PULL_CHANGES / (pull.p50 / 1000), feedSize,
    };
  } finally {
    await app.close();
  }
}

export async function measureServer(seed: number, reps: number, log: (m: string) => void, backends = ['pglite', 'postgres']): Promise<ServerFigures[]> {
  const out: ServerFigures[] = [];
  if (backends.includes('pglite')) {
  const dir = mkdtempSync(join(tmpdir(), 'regulars-bench-pglite-'));
  try {
    const db = await openPglite(dir);
    try {
      out.push(await measureOn('pglite', db, seed, reps, log));
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  }
  if (!backends.includes('postgres')) return out;
  const pg = await startPostgres();
  try {
    const db = openPostgres(pg.url);
    try {
      out.push(await measureOn('postgres', db, seed, reps, log));
    } finally {
      await db.close();
    }
  } finally {
    await pg.stop();
  }
  return out;
}
