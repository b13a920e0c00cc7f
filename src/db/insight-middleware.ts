/**
 * Keeps the dashboard's totals (insight-totals.ts, rule I11) in the same transaction as every write
 * of sales, returns, ledger entries and members, whoever writes them: checkout and returns, the care
 * writer, sync pulls and bootstrap pages, imports, restores. A Dexie DBCore middleware:
 *  - `transaction`: a readwrite transaction on any of those tables (or settings) also takes the kept tables;
 *  - `mutate`: reads the old records (and, for a sale, its returns; for a return, its sale), lets the
 *    write through, then adds the new records' contributions and removes the old ones' for the
 *    operations that succeeded, reading and writing only the few kept rows they touch.
 * Writes to one transaction are handled one after another, so two writes never read the same kept row
 * before either has written it. While the totals are stale (a new or upgraded database, a cleared
 * table, a time-zone change, raw bulk loads) writes only count themselves; the worker rebuilds.
 */
import type {
  DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware,
} from 'dexie';
import type { Id, LedgerEntry, LocalDate, Member, Sale, SaleReturn } from '../domain/records';
import {
  applyCohorts, applyDays, changedDays, Deltas, isReferralEntry, KEPT_TABLES, referralRow, STALE,
  type BuyerRow, type CohortRow, type DayTotals, type InsightState,
} from './insight-totals';

const WATCHED = new Set(['sales', 'returns', 'ledger', 'members', 'settings']);

type Trans = DBCoreTransaction;
interface Ctx { down: DBCore; trans: Trans; state: InsightState }

const equal = (key: unknown): DBCoreKeyRange => ({ type: 1, lower: key, upper: key }) as DBCoreKeyRange;

async function getMany<T>(ctx: Ctx, table: string, keys: unknown[]): Promise<(T | undefined)[]> {
  if (keys.length === 0) return [];
  return (await ctx.down.table(table).getMany({ trans: ctx.trans, keys })) as (T | undefined)[];
}

async function put(ctx: Ctx, table: string, values: unknown[]): Promise<void> {
  if (values.length === 0) return;
  const r = await ctx.down.table(table).mutate({ type: 'put', trans: ctx.trans, values });
  if (r.numFailures > 0) throw new Error(`kept totals: writing ${table} failed`);
}

async function remove(ctx: Ctx, table: string, keys: unknown[]): Promise<void> {
  if (keys.length > 0) await ctx.down.table(table).mutate({ type: 'delete', trans: ctx.trans, keys });
}

/** What a sale's returns have refunded, as stored now. */
async function refundedNow(ctx: Ctx, saleId: Id): Promise<number> {
  const returns = ctx.down.table('returns');
  const index = returns.schema.getIndexByKeyPath('saleId');
  if (!index) throw new Error('returns.saleId index missing');
  const r = await returns.query({ trans: ctx.trans, values: true, query: { index, range: equal(saleId) } });
  return (r.result as SaleReturn[]).reduce((s, x) => s + x.refund, 0);
}

/** [I7][I8] Members whose purchase days changed: their contribution before and after, and their buyer rows. */
async function keepBuyers(ctx: Ctx, d: Deltas): Promise<void> {
  const ids = [...d.buyers.keys()];
  const [members, buyers] = await Promise.all([getMany<Member>(ctx, 'members', ids), getMany<BuyerRow>(ctx, 'insightBuyers', ids)]);
  const puts: BuyerRow[] = [];
  const gone: Id[] = [];
  ids.forEach((memberId, i) => {
    const before = buyers[i]?.days;
    const after = changedDays(before, d.buyers.get(memberId) ?? new Map<LocalDate, number>());
    d.member(members[i], before, -1);
    d.member(members[i], after, 1);
    if (Object.keys(after).length > 0) puts.push({ memberId, days: after });
    else gone.push(memberId);
  });
  await put(ctx, 'insightBuyers', puts);
  await remove(ctx, 'insightBuyers', gone);
}

async function applyDeltas(ctx: Ctx, d: Deltas): Promise<void> {
  const days = [...d.days.keys()];
  const months = [...d.cohorts.keys()];
  const [dayRows, cohortRows] = await Promise.all([
    getMany<DayTotals>(ctx, 'insightDays', days), getMany<CohortRow>(ctx, 'insightCohorts', months)]);
  await Promise.all([put(ctx, 'insightDays', applyDays(dayRows, days, d)), put(ctx, 'insightCohorts', applyCohorts(cohortRows, months, d))]);
}

/** Each succeeded operation as (before, after), a key written twice in one request seeing its first write. */
function changes<T>(keys: unknown[], old: readonly unknown[], req: DBCoreMutateRequest, res: DBCoreMutateResponse): [T | undefined, T | undefined][] {
  const current = new Map<unknown, T | undefined>();
  const out: [T | undefined, T | undefined][] = [];
  keys.forEach((key, i) => {
    if (i in res.failures) return;
    const before = current.has(key) ? current.get(key) : (old[i] as T | undefined);
    const after = req.type === 'delete' ? undefined : (req as { values: readonly T[] }).values[i];
    current.set(key, after);
    out.push([before, after]);
  });
  return out;
}

async function keepSales(ctx: Ctx, pairs: [Sale | undefined, Sale | undefined][]): Promise<void> {
  const d = new Deltas();
  const refunded = new Map<Id, number>();
  for (const [before, after] of pairs) {
    for (const s of [before, after]) if (s && !refunded.has(s.id)) refunded.set(s.id, await refundedNow(ctx, s.id));
    if (before) d.sale(before, refunded.get(before.id) ?? 0, -1);
    if (after) d.sale(after, refunded.get(after.id) ?? 0, 1);
  }
  await keepBuyers(ctx, d);
  await applyDeltas(ctx, d);
}

async function keepReturns(ctx: Ctx, pairs: [SaleReturn | undefined, SaleReturn | undefined][]): Promise<void> {
  const change = new Map<Id, number>(); // per sale: refunded after − before
  for (const [before, after] of pairs) {
    if (before) change.set(before.saleId, (change.get(before.saleId) ?? 0) - before.refund);
    if (after) change.set(after.saleId, (change.get(after.saleId) ?? 0) + after.refund);
  }
  const ids = [...change.keys()];
  const sales = await getMany<Sale>(ctx, 'sales', ids);
  const d = new Deltas();
  for (const [i, saleId] of ids.entries()) {
    const sale = sales[i];
    if (!sale) continue; // its sale is not here yet: counted when it arrives
    const after = await refundedNow(ctx, saleId);
    d.sale(sale, after - (change.get(saleId) ?? 0), -1);
    d.sale(sale, after, 1);
  }
  await keepBuyers(ctx, d);
  await applyDeltas(ctx, d);
}

async function keepMembers(ctx: Ctx, pairs: [Member | undefined, Member | undefined][], keys: Id[]): Promise<void> {
  const buyers = await getMany<BuyerRow>(ctx, 'insightBuyers', keys);
  const days = new Map(keys.map((k, i) => [k, buyers[i]?.days]));
  const d = new Deltas();
  for (const [before, after] of pairs) {
    const id = (before ?? after)?.id;
    if (id === undefined) continue;
    d.member(before, days.get(id), -1);
    d.member(after, days.get(id), 1);
  }
  await applyDeltas(ctx, d);
}

async function keepLedger(ctx: Ctx, pairs: [LedgerEntry | undefined, LedgerEntry | undefined][], zone: string): Promise<void> {
  const d = new Deltas();
  const referrals = new Map<Id, LedgerEntry | undefined>();
  for (const [before, after] of pairs) {
    if (before) d.entry(before, zone, -1);
    if (after) d.entry(after, zone, 1);
    const e = after ?? before;
    if (e && ((before && isReferralEntry(before)) || (after && isReferralEntry(after)))) referrals.set(e.id, after && isReferralEntry(after) ? after : undefined);
  }
  const keep = [...referrals.values()].filter((e): e is LedgerEntry => e !== undefined).map(referralRow);
  await put(ctx, 'insightReferrals', keep);
  await remove(ctx, 'insightReferrals', [...referrals].filter(([, e]) => e === undefined).map(([id]) => id));
  await applyDeltas(ctx, d);
}

export function insightTotalsMiddleware(): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'insightTotals',
    // Below Dexie's own middlewares (cache, hooks: levels −1…2), right on IndexedDB: its reads and writes
    // run in promise callbacks, outside the zone those middlewares look the transaction up in.
    level: -10,
    create(down) {
      const ours = new WeakSet<Trans>();
      const states = new WeakMap<Trans, InsightState & { counted?: boolean }>();
      const queues = new WeakMap<Trans, Promise<unknown>>();
      const hasKept = down.schema.tables.some((t) => t.name === 'insightState');

      async function stateOf(trans: Trans): Promise<InsightState & { counted?: boolean }> {
        let s = states.get(trans);
        if (!s) {
          const row = (await down.table('insightState').get({ trans, key: 'state' })) as InsightState | undefined;
          s = row && (row.stale || row.zone !== null) ? row : { ...STALE };
          states.set(trans, s);
        }
        return s;
      }
      async function setState(trans: Trans, s: InsightState & { counted?: boolean }): Promise<void> {
        states.set(trans, s);
        const { counted: _c, ...row } = s;
        await down.table('insightState').mutate({ type: 'put', trans, values: [row] });
      }

      async function keep(name: string, table: DBCoreTable, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
        const trans = req.trans;
        const state = await stateOf(trans);
        if (state.stale) {
          if (!state.counted) await setState(trans, { ...state, writes: state.writes + 1, counted: true });
          return table.mutate(req);
        }
        if (req.type === 'deleteRange' || (req.type === 'put' && req.values === undefined)) {
          const res = await table.mutate(req);
          await setState(trans, { ...STALE, counted: true });
          return res;
        }
        const extract = table.schema.primaryKey.extractKey;
        const keys = req.type === 'delete' ? req.keys : req.keys ?? req.values.map((v) => extract?.(v));
        const old = req.type === 'add' || name === 'settings' ? [] : await getMany<unknown>({ down, trans, state }, name, keys);
        const res = await table.mutate(req);
        const ctx: Ctx = { down, trans, state };
        const zone = state.zone ?? '';
        if (name === 'settings') {
          const zoneChanged = changes<{ key: string; value: { timeZone?: string } }>(keys, old, req, res)
            .some(([, after]) => after?.key === 'store' && after.value.timeZone !== zone);
          if (zoneChanged) await setState(trans, { ...STALE, counted: true });
        } else if (name === 'sales') await keepSales(ctx, changes<Sale>(keys, old, req, res));
        else if (name === 'returns') await keepReturns(ctx, changes<SaleReturn>(keys, old, req, res));
        else if (name === 'members') await keepMembers(ctx, changes<Member>(keys, old, req, res), keys as Id[]);
        else await keepLedger(ctx, changes<LedgerEntry>(keys, old, req, res), zone);
        return res;
      }

      return {
        ...down,
        transaction(stores, mode, options) {
          if (!hasKept || mode !== 'readwrite' || !stores.some((s) => WATCHED.has(s))) return down.transaction(stores, mode, options);
          // A sale's contribution reads its returns, a return's its sale, and both the member's row.
          const reads = stores.includes('sales') || stores.includes('returns') ? ['sales', 'returns', 'members'] : [];
          const trans = down.transaction([...new Set([...stores, ...reads, ...KEPT_TABLES])], mode, options);
          ours.add(trans);
          return trans;
        },
        table(name) {
          const table = down.table(name);
          if (!WATCHED.has(name)) return table;
          return {
            ...table,
            mutate(req) {
              if (!ours.has(req.trans)) return table.mutate(req);
              const next = (queues.get(req.trans) ?? Promise.resolve()).then(() => keep(name, table, req));
              queues.set(req.trans, next.catch(() => undefined));
              return next;
            },
          };
        },
      };
    },
  };
}
