/**
 * The benchmark page: bundled by bench/build-page.ts, driven by bench/main.ts through
 * `window.bench`. Every timing is taken here with performance.now(), around the awaited call
 * only; data generation is outside the timed parts.
 */
import { LOOKUP_KINDS, makeMember, makeSale, makeStats, memberId, queryFor, rng } from '../data';
import type { LookupKind } from '../data';
import type { LedgerEntry, MemberQuery, Sale } from '../../src/domain/records';
import type { BootstrapMember, MembersPage } from '../../src/sync/protocol';
import { loadAll, searchMemory, type MemoryIndex } from './memory';
import { Pouch } from './pouch';
import { RawIdb } from './raw-idb';
import { Regulars } from './regulars';
import type { Contender } from './store';

export type ContenderId = 'regulars' | 'raw' | 'pouch';

const contenders: Record<ContenderId, () => Contender> = {
  regulars: () => new Regulars(),
  raw: () => new RawIdb(),
  pouch: () => new Pouch(),
};
const open = new Map<ContenderId, Contender>();
let memory: MemoryIndex | null = null;

export interface FillResult {
  members: number;
  /** The bootstrap pages alone: parse and store, with the yield to the till between pages. */
  loadMs: number;
  membersPerSecond: number;
  /** The longest main-thread task while the pages were stored. */
  longestTaskMs: number;
  sales: number;
  ledger: number;
  factsMs: number;
}

export interface Samples {
  /** Durations in ms. */
  ms: number[];
  /** Result counts, in the same order, for cross-checking contenders. */
  hits: number[];
}

const LIMIT = 20;

function get(id: ContenderId): Contender {
  const c = open.get(id);
  if (!c) throw new Error(`${id} is not open`);
  return c;
}

function observeLongTasks(): { stop(): number } {
  let longest = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
  });
  obs.observe({ type: 'longtask', buffered: false });
  return {
    stop() {
      for (const e of obs.takeRecords()) longest = Math.max(longest, e.duration);
      obs.disconnect();
      return longest;
    },
  };
}

/** Which members have history: every `every`-th member gets 10 sales (25 ledger entries). */
export interface FactsPlan {
  every: number;
  salesEach: number;
}

/** A members page as the server's GET /api/members sends it (src/server/sync/bootstrap.ts), as JSON text. */
function pageText(members: BootstrapMember[], more: boolean): string {
  const page: MembersPage = { members, after: members[members.length - 1]?.member.id ?? '', more, asOf: '1' };
  return JSON.stringify(page);
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Bootstrap of n members (pages of `page`, as src/sync/bootstrap.ts downloads them: the page's JSON
 * text parsed and stored with its progress, then a yield to the till), then the history of `facts`
 * (timed apart: a bootstrap does not download history). The pages' text is made ahead in blocks,
 * outside the timed and observed part, so the longest task is the store's own.
 */
async function fill(id: ContenderId, n: number, seed: number, facts: FactsPlan | null, page = 1000): Promise<FillResult> {
  const c = contenders[id]();
  await c.open();
  open.set(id, c);
  let loadMs = 0;
  let longestTaskMs = 0;
  const BLOCK = 50_000;
  for (let block = 0; block < n; block += BLOCK) {
    const texts: string[] = [];
    for (let at = block; at < Math.min(n, block + BLOCK); at += page) {
      const members: BootstrapMember[] = [];
      for (let i = at; i < Math.min(n, at + page); i++) {
        members.push({ member: makeMember(seed, i), stats: makeStats(seed, i, facts && i % facts.every === 0 ? facts.salesEach : 0) });
      }
      texts.push(pageText(members, at + page < n));
    }
    await macrotask();
    const tasks = observeLongTasks();
    const t0 = performance.now();
    for (const [k, text] of texts.entries()) {
      const loaded = Math.min(n, block + (k + 1) * page);
      await c.loadPage(text, { membersLoaded: loaded, complete: loaded >= n, cursor: memberId(loaded - 1) });
      await macrotask();
    }
    loadMs += performance.now() - t0;
    longestTaskMs = Math.max(longestTaskMs, tasks.stop());
  }
  let sales = 0;
  let ledger = 0;
  let factsMs = 0;
  if (facts) {
    const s: Sale[] = [];
    const l: LedgerEntry[] = [];
    const flush = async () => {
      const t0 = performance.now();
      await c.loadFacts(s.splice(0), l.splice(0));
      factsMs += performance.now() - t0;
    };
    for (let i = 0; i < n; i += facts.every) {
      for (let k = 0; k < facts.salesEach; k++) {
        const f = makeSale(seed, i, k);
        s.push(f.sale);
        l.push(...f.ledger);
        sales += 1;
        ledger += f.ledger.length;
      }
      if (s.length >= 5000) await flush();
    }
    if (s.length > 0) await flush();
  }
  return { members: n, loadMs, membersPerSecond: n / (loadMs / 1000), longestTaskMs, sales, ledger, factsMs };
}

/** The same query sequence for every contender: `reps` members drawn with `querySeed`. */
function queries(kind: LookupKind, n: number, seed: number, querySeed: number, reps: number): MemberQuery[] {
  const r = rng(querySeed);
  const out: MemberQuery[] = [];
  for (let j = 0; j < reps; j++) out.push(queryFor(makeMember(seed, Math.floor(r() * n)), kind));
  return out;
}

type Runner = ContenderId | 'memory';

async function searchOnce(id: Runner, q: MemberQuery): Promise<{ dt: number; found: number }> {
  if (id === 'memory') {
    if (!memory) throw new Error('memory baseline not loaded');
    const t0 = performance.now();
    const found = searchMemory(memory, q, LIMIT).length;
    return { dt: performance.now() - t0, found };
  }
  const c = get(id);
  const t0 = performance.now();
  const found = (await c.search(q, LIMIT)).length;
  return { dt: performance.now() - t0, found };
}

/**
 * Every query is asked of every contender back to back, in a rotating order, so that a busy
 * machine slows all of them alike instead of whichever happened to run during the noise.
 */
async function lookups(ids: readonly Runner[], kind: LookupKind, n: number, seed: number, reps: number, warmup = 20): Promise<Partial<Record<Runner, Samples>>> {
  const qs = queries(kind, n, seed, 1000 + LOOKUP_KINDS.indexOf(kind), reps + warmup);
  const out: Partial<Record<Runner, Samples>> = {};
  for (const id of ids) out[id] = { ms: [], hits: [] };
  for (const [j, q] of qs.entries()) {
    for (let x = 0; x < ids.length; x++) {
      const id = ids[(j + x) % ids.length];
      if (!id) continue;
      const { dt, found } = await searchOnce(id, q);
      const sample = out[id];
      if (j >= warmup && sample) {
        sample.ms.push(dt);
        sample.hits.push(found);
      }
    }
  }
  return out;
}

/** Checkouts for members drawn at random (a two-line sale, its ledger entries), interleaved like lookups. */
async function commits(ids: readonly ContenderId[], n: number, seed: number, reps: number): Promise<Partial<Record<ContenderId, Samples>>> {
  const r = rng(77);
  const out: Partial<Record<ContenderId, Samples>> = {};
  for (const id of ids) out[id] = { ms: [], hits: [] };
  for (const id of ids) await get(id).prepareCommits?.();
  for (let j = 0; j < reps; j++) {
    const i = Math.floor(r() * n);
    const phone = makeMember(seed, i).phone;
    for (let x = 0; x < ids.length; x++) {
      const id = ids[(j + x) % ids.length];
      if (!id) continue;
      const { sale, ledger } = makeSale(seed, i, 10_000 + j, `bench-${id}`);
      const t0 = performance.now();
      await get(id).commit({ sale, ledger, phone });
      out[id]?.ms.push(performance.now() - t0);
    }
  }
  return out;
}

async function loadMemory(): Promise<{ startupMs: number; members: number }> {
  const t0 = performance.now();
  memory = await loadAll('bench-raw-idb');
  return { startupMs: performance.now() - t0, members: memory.members.length };
}

async function closeAll(): Promise<void> {
  for (const c of open.values()) await c.close();
  open.clear();
  memory = null;
}

const api = { fill, lookups, commits, loadMemory, dropMemory: () => { memory = null; }, closeAll, kinds: () => LOOKUP_KINDS };
export type BenchApi = typeof api;

declare global {
  interface Window {
    bench: BenchApi;
  }
}

window.bench = api;
const status = document.getElementById('status');
if (status) status.textContent = 'ready';
