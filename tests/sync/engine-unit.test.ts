/** The engine's scheduling, leadership and retries, with fakes for the server, the clock and the locks. */
import { describe, expect, it } from 'vitest';
import type { OutboxRepository } from '../../src/db/repositories';
import type { SyncStore } from '../../src/db/sync-store';
import { backoffDelay } from '../../src/sync/backoff';
import { createSyncEngine, type EngineClock } from '../../src/sync/engine';
import { createFaultyTransport } from '../../src/sync/fault-transport';
import type { LockManagerLike } from '../../src/sync/leadership';
import type { OutboxRow } from '../../src/sync/protocol';
import { TransportError, type SyncRequest, type Transport } from '../../src/sync/transport';
import { mulberry32 } from './sim/prng';

function fakeClock() {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const clock: EngineClock = {
    now: () => now,
    setTimeout: (fn, ms) => { const t = { at: now + ms, fn }; timers.push(t); return t; },
    clearTimeout: (h) => { const i = timers.indexOf(h as { at: number; fn: () => void }); if (i >= 0) timers.splice(i, 1); },
  };
  return { clock, timers, advance(ms: number) { now += ms; for (const t of timers.filter((x) => x.at <= now)) { timers.splice(timers.indexOf(t), 1); t.fn(); } } };
}

function memoryOutbox(rows: OutboxRow[]): OutboxRepository {
  return {
    peek: async (n) => rows.slice(0, n),
    ack: async (upto) => { while (rows[0] && rows[0].seq <= upto) rows.shift(); },
    count: async () => rows.length,
    nextSeq: async () => (rows[rows.length - 1]?.seq ?? 0) + 1,
    continueAfter: async () => {},
  };
}

const emptyStore = (): SyncStore => {
  let cursor = '0';
  return {
    cursor: async () => cursor,
    initCursor: async (c) => { cursor = c; },
    applyPull: async (_ch, next) => { cursor = next; return true; },
    bootstrapPage: async () => {},
    savePast: async () => {},
    pastSince: async () => null,
    wipe: async () => {},
    recordRejections: async () => [],
    rejections: async () => [],
  };
};

const row = (seq: number): OutboxRow => ({ seq, createdAt: 0, mutation: { kind: 'audit.append', id: `m${seq}`, at: 0, entry: { id: `a${seq}`, at: 0, staffId: null, deviceId: 'd', action: 'x', subjectId: null, detail: '' } } });

/** A server that acknowledges every batch and, when `expected` is set, answers the first push that does not start there with seq_gap. */
function fakeServer(opts: { expected?: number } = {}) {
  const pushed: number[][] = [];
  let expected = opts.expected;
  const t: Transport = {
    async send(req: SyncRequest) {
      if (req.path === '/api/push') {
        const batch = (req.body as { batch: { seq: number }[] }).batch.map((b) => b.seq);
        pushed.push(batch);
        if (expected !== undefined && batch[0] !== expected) {
          const e = expected;
          expected = undefined;
          return { status: 409, body: { code: 'seq_gap', message: 'gap', expectedSeq: e } };
        }
        return { status: 200, body: { ackedThrough: batch[batch.length - 1], rejected: [] } };
      }
      return { status: 200, body: { changes: [], cursor: '0', more: false } };
    },
  };
  return { t, pushed };
}

describe('engine scheduling', () => {
  it('[C-S10] retries with exponential backoff and jitter after no answer, and resets after success', async () => {
    const c = fakeClock();
    let up = false;
    const t: Transport = { async send() { if (!up) throw new TransportError('offline'); return { status: 200, body: { changes: [], cursor: '0', more: false } }; } };
    const engine = createSyncEngine({ transport: t, deviceId: 'd', outbox: memoryOutbox([]), store: emptyStore(), clock: c.clock, random: () => 0.999, pullIntervalMs: 60_000 });
    engine.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(engine.status()).toMatchObject({ state: 'offline', leader: true, nextAttemptAt: 999 });
    c.advance(999);
    await new Promise((r) => setTimeout(r, 0));
    expect(engine.status().nextAttemptAt).toBe(999 + 1998); // the second wait doubles
    up = true;
    c.advance(1998);
    await new Promise((r) => setTimeout(r, 0));
    expect(engine.status()).toMatchObject({ state: 'idle', error: null, nextAttemptAt: 2997 + 60_000 });
    engine.stop();
    expect(c.timers).toHaveLength(0);
  });

  it('[C-S10] backoff stays within its cap and is spread by the random source', () => {
    expect(backoffDelay(1, () => 0.5)).toBe(500);
    expect(backoffDelay(40, () => 0.999)).toBeLessThanOrEqual(5 * 60_000);
    expect(backoffDelay(3, () => 0)).toBe(0);
  });

  it('[C-S8] pushes in batches and resumes from the seq the server expects after seq_gap', async () => {
    const rows = [row(3), row(4), row(5), row(6), row(7)];
    const s = fakeServer({ expected: 5 });
    const engine = createSyncEngine({ transport: s.t, deviceId: 'd', outbox: memoryOutbox(rows), store: emptyStore(), pushBatch: 2 });
    expect(await engine.syncNow()).toBe(true);
    expect(s.pushed).toEqual([[3, 4], [5, 6], [7]]);
    expect(rows).toHaveLength(0);
  });

  it('[C-S11] a sync asked for while one runs runs once more after it, not in parallel', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const t: Transport = { async send() { calls++; inFlight++; most = Math.max(most, inFlight); await new Promise((r) => setTimeout(r, 1)); inFlight--; return { status: 200, body: { changes: [], cursor: '0', more: false } }; } };
    const engine = createSyncEngine({ transport: t, deviceId: 'd', outbox: memoryOutbox([]), store: emptyStore() });
    await Promise.all([engine.syncNow(), engine.syncNow(), engine.syncNow()]);
    expect(most).toBe(1);
    expect(calls).toBe(2);
  });
});

describe('leadership', () => {
  function fakeLocks(): LockManagerLike {
    let chain = Promise.resolve();
    return {
      request(_name, cb) {
        const run = chain.then(() => cb());
        chain = run.catch(() => {});
        return run;
      },
    };
  }

  it('[C-S12] only the tab holding the lock syncs; the next one takes over when it stops', async () => {
    const locks = fakeLocks();
    const s = fakeServer();
    const mk = () => createSyncEngine({ transport: s.t, deviceId: 'd', outbox: memoryOutbox([]), store: emptyStore(), locks, clock: fakeClock().clock });
    const first = mk();
    const second = mk();
    first.start();
    second.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(first.status().leader).toBe(true);
    expect(second.status().leader).toBe(false);
    first.stop();
    await new Promise((r) => setTimeout(r, 0));
    expect(second.status().leader).toBe(true);
    second.stop();
  });
});

describe('fault transport', () => {
  it('[C-S14] the same seed gives the same faults in the same order', async () => {
    const log = async (seed: number) => {
      const seen: string[] = [];
      const inner: Transport = { async send(req) { seen.push(String(req.body)); return { status: 200, body: null }; } };
      const t = createFaultyTransport(inner, mulberry32(seed), { dropRequest: 0.2, dropResponse: 0.2, duplicate: 0.2, reorder: 0.2, delay: 0.2 });
      for (let i = 0; i < 50; i++) await t.send({ method: 'POST', path: '/x', body: i }).then(() => seen.push(`ok${i}`), () => seen.push(`lost${i}`));
      return { seen, counts: { ...t.counts } };
    };
    const a = await log(7);
    expect(await log(7)).toEqual(a);
    expect(Object.values(a.counts).every((n) => n > 0)).toBe(true);
    expect(await log(8)).not.toEqual(a);
  });
});
