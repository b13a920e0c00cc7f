/**
 * The client sync engine. Guarantees (docs/sync-protocol.md, "The client"):
 *  C-S7  Never blocks the till: every entry point returns at once or is async; the checkout only calls `notify()`.
 *  C-S8  Pushes the outbox in gapless batches; drops rows only up to `ackedThrough`; on `seq_gap`
 *        resumes from the seq the server expects; a rejected mutation is listed for a manager and acknowledged, never retried.
 *  C-S15 Before the rows of a rejected mutation are dropped, its local effect is undone and the
 *        rejection kept on the tablet (SyncStore.recordRejections, src/db/sync-rejections.ts).
 *  C-S9  Pulls pages until `more` is false, each page written with its cursor in one transaction (C-S1).
 *  C-S10 A failure without an answer, or a 5xx/429, is retried with exponential backoff and jitter;
 *        `client_outdated`, `device_revoked` and an unknown token stop the engine (no retries); only
 *        `device_revoked` calls `onRevoked` (an unknown token keeps the unsynced data: pair again).
 *  C-S19 Revoked (S21): the outbox is handed over first (the server takes what was made before the
 *        revocation and rejects the rest); only then is `onRevoked` called, with what was handed over,
 *        refused or lost. A failure to reach the server during the handover is retried like any other.
 *        Every push and pull reports the outbox's size (what the tablet holds when last seen).
 *  C-S11 One cycle at a time: a request for a sync while one runs runs one more cycle after it.
 *  C-S12 Only the leader tab (Web Locks) syncs automatically: on notify, on reconnect and on a timer.
 */
import type { Instant } from '../domain/records';
import type { OutboxRepository } from '../db/repositories';
import type { SyncStore } from '../db/sync-store';
import { ApiCallError, createApiClient, isFatal } from './api-client';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { initialStatus, type SyncStatus } from './engine-status';
import { browserLocks, lead, type LockManagerLike } from './leadership';
import type { Transport } from './transport';

export interface EngineClock {
  now(): Instant;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: EngineClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface OnlineEvents {
  addEventListener(type: 'online', fn: () => void): void;
  removeEventListener(type: 'online', fn: () => void): void;
}

export interface SyncEngineOptions {
  transport: Transport;
  deviceId: string;
  outbox: Omit<OutboxRepository, 'continueAfter'>;
  store: SyncStore;
  clock?: EngineClock;
  random?: () => number;
  onStatus?: (s: SyncStatus) => void;
  /** device_revoked, once the outbox is handed over (C-S19): the app wipes local data (store.wipe()) and returns to setup. */
  onRevoked?: (h: Handover) => void | Promise<void>;
  /** Defaults to `navigator.locks` where present; null to lead without a lock. */
  locks?: LockManagerLike | null;
  /** Defaults to `window` in a browser (its 'online' event); null for none. */
  online?: OnlineEvents | null;
  pushBatch?: number;
  pullLimit?: number;
  pullIntervalMs?: number;
  backoff?: BackoffOptions;
}

/** C-S19: what a revoked tablet's outbox came to. */
export interface Handover {
  /** Changes the server took during the handover. */
  handedOver: number;
  /** Changes it refused: made after the revocation, or broke a rule (S8). */
  refused: number;
  /** Changes the server would not take at all (no handover allowed): erased with the tablet. */
  lost: number;
}

export interface SyncEngine {
  /** Starts automatic syncing (as soon as this tab holds the lock). */
  start(): void;
  stop(): void;
  /** A local change was committed: push soon. Returns at once. */
  notify(): void;
  /** One full cycle now (push everything, pull everything); true when it completed. */
  syncNow(): Promise<boolean>;
  status(): SyncStatus;
}

export function createSyncEngine(o: SyncEngineOptions): SyncEngine {
  const api = createApiClient(o.transport);
  const clock = o.clock ?? realClock;
  const random = o.random ?? Math.random;
  const batch = o.pushBatch ?? 100;
  const pullLimit = o.pullLimit ?? 500;
  const interval = o.pullIntervalMs ?? 60_000;
  let status = initialStatus();
  let running: Promise<boolean> | null = null;
  let again = false;
  let attempt = 0;
  let timer: unknown = null;
  let started = false;
  let leadership: { release(): void } | null = null;
  const rejected = new Set<string>();
  /** Set once the server said this device is revoked (C-S19). */
  let handover: Handover | null = null;
  const locks = o.locks === undefined ? browserLocks() : o.locks;
  const online: OnlineEvents | null = o.online === undefined ? (typeof window === 'undefined' ? null : window) : o.online;

  const set = (patch: Partial<SyncStatus>) => {
    status = { ...status, ...patch };
    o.onStatus?.(status);
  };
  const terminal = () => status.state === 'outdated' || status.state === 'revoked' || status.state === 'unpaired';

  function schedule(ms: number): void {
    if (!started || !status.leader || terminal()) return;
    if (timer !== null) clock.clearTimeout(timer);
    set({ nextAttemptAt: clock.now() + ms });
    timer = clock.setTimeout(() => { timer = null; void syncNow(); }, ms);
  }

  async function push(): Promise<void> {
    for (;;) {
      const rows = await o.outbox.peek(batch);
      const first = rows[0];
      if (!first) return;
      try {
        const pending = await o.outbox.count();
        const res = await api.push({ deviceId: o.deviceId, batch: rows.map((r) => ({ seq: r.seq, mutation: r.mutation })), pending });
        if (res.ackedThrough < first.seq) throw new ApiCallError(500, 'internal', `The server acknowledged ${res.ackedThrough}, before ${first.seq}`);
        const fresh = res.rejected.filter((r) => !rejected.has(`${r.seq}`));
        if (fresh.length > 0) {
          // C-S15: the local effect is undone and the rejection kept before the rows are dropped.
          const items = fresh.flatMap((r) => {
            const row = rows.find((x) => x.seq === r.seq);
            return row ? [{ rejection: r, mutation: row.mutation, seq: r.seq }] : [];
          });
          await o.store.recordRejections(items, o.deviceId);
          for (const r of fresh) rejected.add(`${r.seq}`);
          set({ rejections: [...status.rejections, ...fresh] });
        }
        await o.outbox.ack(res.ackedThrough);
        if (res.revoked) {
          handover ??= { handedOver: 0, refused: 0, lost: 0 };
          const acked = rows.filter((r) => r.seq <= res.ackedThrough).length;
          handover.refused += fresh.length;
          handover.handedOver += Math.max(0, acked - fresh.length);
        }
      } catch (e) {
        // The server already holds everything before `expectedSeq` (an answer we lost): drop those rows and go on.
        if (e instanceof ApiCallError && e.code === 'seq_gap' && e.expectedSeq !== undefined && e.expectedSeq > first.seq) {
          await o.outbox.ack(e.expectedSeq - 1);
          continue;
        }
        throw e;
      }
      set({ waiting: await o.outbox.count() });
    }
  }

  async function pull(): Promise<void> {
    for (;;) {
      const from = await o.store.cursor();
      const page = await api.pull(from, pullLimit, await o.outbox.count());
      await o.store.applyPull(page.changes, page.cursor, from);
      if (!page.more) return;
    }
  }

  async function cycle(): Promise<boolean> {
    set({ state: 'syncing', waiting: await o.outbox.count() });
    let phase: 'push' | 'pull' = 'push';
    try {
      await push();
      if (handover !== null) return await revoked();
      phase = 'pull';
      await pull();
      attempt = 0;
      set({ state: 'idle', lastSyncedAt: clock.now(), error: null, waiting: await o.outbox.count(), nextAttemptAt: null });
      schedule(interval);
      return true;
    } catch (first) {
      let e = first;
      if (isFatal(e) && e.code === 'device_revoked') {
        try {
          return await revokedBy(phase);
        } catch (again) {
          e = again; // the handover could not reach the server: retried below
        }
      }
      if (isFatal(e)) {
        set({ state: e.code === 'unauthorized' ? 'unpaired' : 'outdated', error: { code: e.code, message: e.message }, nextAttemptAt: null });
        return false;
      }
      attempt++;
      const code = e instanceof ApiCallError ? e.code : 'offline';
      const message = e instanceof Error ? e.message : String(e);
      set({ state: e instanceof ApiCallError ? 'error' : 'offline', error: { code, message }, waiting: await o.outbox.count() });
      schedule(backoffDelay(attempt, random, o.backoff ?? DEFAULT_BACKOFF));
      return false;
    }
  }

  /** C-S19: a pull said revoked, so what the outbox gained since the push is handed over; a push that said so leaves nothing. */
  async function revokedBy(phase: 'push' | 'pull'): Promise<false> {
    handover ??= { handedOver: 0, refused: 0, lost: 0 };
    if (phase === 'pull') {
      try {
        await push();
      } catch (e) {
        if (!(isFatal(e) && e.code === 'device_revoked')) throw e;
        phase = 'push';
      }
    }
    if (phase === 'push') handover.lost += await o.outbox.count();
    return revoked();
  }

  async function revoked(): Promise<false> {
    const h = handover ?? { handedOver: 0, refused: 0, lost: 0 };
    set({ state: 'revoked', error: { code: 'device_revoked', message: 'This device was revoked by the owner' }, waiting: await o.outbox.count(), nextAttemptAt: null });
    await o.onRevoked?.(h);
    return false;
  }

  async function syncNow(): Promise<boolean> {
    if (terminal()) return false;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let ok = await cycle();
      while (again && !terminal()) {
        again = false;
        ok = await cycle();
      }
      return ok;
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  const onOnline = () => { attempt = 0; if (status.leader) void syncNow(); };

  return {
    start() {
      if (started) return;
      started = true;
      online?.addEventListener('online', onOnline);
      leadership = lead(locks, () => {
        set({ leader: true });
        void syncNow();
      });
    },
    stop() {
      started = false;
      online?.removeEventListener('online', onOnline);
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      leadership?.release();
      leadership = null;
      set({ leader: false, state: terminal() ? status.state : 'stopped', nextAttemptAt: null });
    },
    notify() {
      if (started && status.leader && !terminal()) void syncNow();
    },
    syncNow,
    status: () => status,
  };
}
