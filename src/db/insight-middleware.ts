/**
 * Keeps the dashboard's totals (insight-totals.ts, rule I11) in the same transaction as every write
 * of sales, returns, ledger entries and members, whoever writes them: checkout and returns, the care
 * writer, sync pulls and bootstrap pages, imports, restores. A Dexie DBCore middleware:
 *  - `transaction`: a readwrite transaction on any of those tables (or settings, or the organisation's
 *    past, insight-past.ts, whose write makes the totals stale) also takes the kept tables;
 *  - `mutate`: reads the old records (and, for a sale, its returns; for a return, its sale), lets the
 *    write through, then adds the new records' contributions and removes the old ones' for the
 *    operations that succeeded, reading and writing only the few kept rows they touch.
 * Writes to one transaction are handled one after another within their lane (see LANES), so two writes
 * never read the same kept row before either has written it; a write's turn ends once its kept rows are
 * sent (IndexedDB runs a transaction's requests in order), not when they are stored. Round trips are what
 * a checkout pays for: the state row is read as the transaction opens; a write's old records, the facts
 * it needs (a sale's returns, its member) and the kept rows it surely touches are read in the same round
 * as the write itself; a kept row is read at most once per transaction (insight-kept-rows.ts).
 * While the totals are stale (a new or upgraded database, a cleared table, a time-zone change, raw bulk
 * loads) writes only count themselves; the worker rebuilds.
 */
import type {
  DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware,
} from 'dexie';
import type { Id, LedgerEntry, LocalDate, Member, MemberStats, Sale, SaleReturn } from '../domain/records';
import { keepMemberFigures, MEMBER_KEPT_TABLES, wantFigureRows } from './insight-member-totals';
import { keepVisits, visitKeys } from './insight-visits';
import {
  applyCohorts, applyDays, changedDays, Deltas, isReferralEntry, KEPT_TABLES, referralRow, STALE,
  type BuyerRow, type CohortRow, type DayTotals, type InsightState,
} from './insight-totals';
import { KeptRows } from './insight-kept-rows';
import { fromDayNumber } from '../domain/care/dates';
import { localDayNumber } from '../domain/care/zone-offsets';

/**
 * Writes wait for the earlier writes of their lane only: the day, buyer, cohort and referral totals
 * (sales, returns, ledger) and the member figures (memberStats, insight-member-totals.ts) read and write
 * different rows and facts, so a checkout's stats write does not wait for its sale's totals. A members
 * or settings write touches both, so it takes its turn in both.
 */
type Lane = 'totals' | 'figures';
const ALL_LANES: Lane[] = ['totals', 'figures'];
const LANES: Record<string, Lane[]> = { sales: ['totals'], returns: ['totals'], ledger: ['totals'], memberStats: ['figures'] };

const WATCHED = new Set(['sales', 'returns', 'ledger', 'members', 'memberStats', 'settings', 'insightPast']);

type Trans = DBCoreTransaction;
interface Ctx { down: DBCore; trans: Trans; state: InsightState; rows: KeptRows }
/**
 * The kept-row writes a write has sent: its turn in the transaction is over, they may still be running.
 * (Wrapped, so that an async function returning it does not wait for them.)
 */
interface Sent { readonly stored: Promise<void> }
const settled = (writes: (Promise<unknown> | Sent)[]): Sent => {
  const stored = Promise.all(writes.map((w) => ('stored' in w ? w.stored : w))).then(() => undefined);
  stored.catch(() => undefined); // awaited by the write's caller; never reported as unhandled meanwhile
  return { stored };
};

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

/** What each sale's returns have refunded, as stored now: one read per sale, all sent at once. */
function refundsOf(ctx: Ctx, saleIds: readonly Id[]): Promise<Map<Id, number>> {
  const ids = [...new Set(saleIds)];
  return Promise.all(ids.map((id) => refundedNow(ctx, id))).then((r) => new Map(ids.map((id, i) => [id, r[i] ?? 0])));
}

/** Member rows by id, in one read. */
async function membersOf(ctx: Ctx, ids: readonly Id[]): Promise<Map<Id, Member | undefined>> {
  const unique = [...new Set(ids)];
  const rows = await getMany<Member>(ctx, 'members', unique);
  return new Map(unique.map((id, i) => [id, rows[i]]));
}

/** A read sent now and awaited later: never reported as unhandled in between. */
function early<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** [I7][I8] Members whose purchase days changed: their contribution before and after, and their buyer rows. */
async function keepBuyers(ctx: Ctx, d: Deltas, known: Map<Id, Member | undefined>): Promise<Sent> {
  const ids = [...d.buyers.keys()];
  const [more, buyers] = await Promise.all([membersOf(ctx, ids.filter((id) => !known.has(id))), ctx.rows.read<BuyerRow>('insightBuyers', ids)]);
  const puts: BuyerRow[] = [];
  const gone: Id[] = [];
  ids.forEach((memberId, i) => {
    const member = known.has(memberId) ? known.get(memberId) : more.get(memberId);
    const before = buyers[i]?.days;
    const after = changedDays(before, d.buyers.get(memberId) ?? new Map<LocalDate, number>());
    d.member(member, before, -1);
    d.member(member, after, 1);
    if (Object.keys(after).length > 0) puts.push({ memberId, days: after });
    else gone.push(memberId);
    ctx.rows.set('insightBuyers', memberId, Object.keys(after).length > 0 ? { memberId, days: after } : undefined);
  });
  return settled([put(ctx, 'insightBuyers', puts), remove(ctx, 'insightBuyers', gone)]);
}

/** The day and cohort rows the deltas change (a change that nets to zero leaves its row as it is). */
async function applyDeltas(ctx: Ctx, d: Deltas): Promise<Sent> {
  const days = d.changedDayKeys();
  const months = d.changedMonths();
  const [dayRows, cohortRows] = await Promise.all([
    ctx.rows.read<DayTotals>('insightDays', days), ctx.rows.read<CohortRow>('insightCohorts', months)]);
  const dayPuts = applyDays(dayRows, days, d);
  const cohortPuts = applyCohorts(cohortRows, months, d);
  for (const r of dayPuts) ctx.rows.set('insightDays', r.day, r);
  for (const r of cohortPuts) ctx.rows.set('insightCohorts', r.month, r);
  return settled([put(ctx, 'insightDays', dayPuts), put(ctx, 'insightCohorts', cohortPuts)]);
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

/** What a sales write needs besides the write itself, read in the same round as it. */
interface SaleReads { refunded: Promise<Map<Id, number>>; members: Promise<Map<Id, Member | undefined>> }

function saleReads(ctx: Ctx, keys: readonly Id[], after: readonly Sale[]): SaleReads {
  const memberIds = after.flatMap((s) => (s.memberId === null ? [] : [s.memberId]));
  void early(ctx.rows.want('insightBuyers', memberIds));
  void early(ctx.rows.want('insightDays', after.map((s) => s.businessDate)));
  void early(ctx.rows.want('insightVisits', visitKeys(after)));
  return { refunded: early(refundsOf(ctx, keys)), members: early(membersOf(ctx, memberIds)) };
}

async function keepSales(ctx: Ctx, pairs: [Sale | undefined, Sale | undefined][], reads: SaleReads): Promise<Sent> {
  const [refunded, members] = await Promise.all([reads.refunded, reads.members]);
  const d = new Deltas();
  for (const [before, after] of pairs) {
    if (before) d.sale(before, refunded.get(before.id) ?? 0, -1);
    if (after) d.sale(after, refunded.get(after.id) ?? 0, 1);
  }
  const buyers = await keepBuyers(ctx, d, members);
  return settled([buyers, await applyDeltas(ctx, d)]);
}

async function keepReturns(ctx: Ctx, pairs: [SaleReturn | undefined, SaleReturn | undefined][]): Promise<Sent> {
  const change = new Map<Id, number>(); // per sale: refunded after − before
  for (const [before, after] of pairs) {
    if (before) change.set(before.saleId, (change.get(before.saleId) ?? 0) - before.refund);
    if (after) change.set(after.saleId, (change.get(after.saleId) ?? 0) + after.refund);
  }
  const ids = [...change.keys()];
  const [sales, refunded] = await Promise.all([getMany<Sale>(ctx, 'sales', ids), refundsOf(ctx, ids)]);
  const d = new Deltas();
  for (const [i, saleId] of ids.entries()) {
    const sale = sales[i];
    if (!sale) continue; // its sale is not here yet: counted when it arrives
    const after = refunded.get(saleId) ?? 0;
    d.sale(sale, after - (change.get(saleId) ?? 0), -1);
    d.sale(sale, after, 1);
  }
  const buyers = await keepBuyers(ctx, d, new Map());
  return settled([buyers, await applyDeltas(ctx, d)]);
}

async function keepMembers(ctx: Ctx, pairs: [Member | undefined, Member | undefined][], keys: Id[]): Promise<Sent> {
  const buyers = await ctx.rows.read<BuyerRow>('insightBuyers', keys);
  const days = new Map(keys.map((k, i) => [k, buyers[i]?.days]));
  const d = new Deltas();
  for (const [before, after] of pairs) {
    const id = (before ?? after)?.id;
    if (id === undefined) continue;
    d.member(before, days.get(id), -1);
    d.member(after, days.get(id), 1);
  }
  return applyDeltas(ctx, d);
}

/** [I9] The local dates of a ledger write's entries, read beside the write. */
function ledgerReads(ctx: Ctx, after: readonly LedgerEntry[], zone: string): void {
  void early(ctx.rows.want('insightDays', after.map((e) => fromDayNumber(localDayNumber(e.at, zone)))));
}

async function keepLedger(ctx: Ctx, pairs: [LedgerEntry | undefined, LedgerEntry | undefined][], zone: string): Promise<Sent> {
  const d = new Deltas();
  const referrals = new Map<Id, LedgerEntry | undefined>();
  for (const [before, after] of pairs) {
    if (before) d.entry(before, zone, -1);
    if (after) d.entry(after, zone, 1);
    const e = after ?? before;
    if (e && ((before && isReferralEntry(before)) || (after && isReferralEntry(after)))) referrals.set(e.id, after && isReferralEntry(after) ? after : undefined);
  }
  const keep = [...referrals.values()].filter((e): e is LedgerEntry => e !== undefined).map(referralRow);
  const book = [put(ctx, 'insightReferrals', keep), remove(ctx, 'insightReferrals', [...referrals].filter(([, e]) => e === undefined).map(([id]) => id))];
  return settled([...book, await applyDeltas(ctx, d)]);
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
      const queues = new WeakMap<Trans, Map<Lane, Promise<unknown>>>();
      const reading = new WeakMap<Trans, Promise<InsightState | undefined>>();
      const kept = new WeakMap<Trans, KeptRows>();
      const hasKept = down.schema.tables.some((t) => t.name === 'insightState');
      /** The memberStats rows as this transaction last read or wrote them. */
      const statsSeen = new WeakMap<Trans, Map<Id, MemberStats | undefined>>();
      const seenIn = (trans: Trans) => {
        let m = statsSeen.get(trans);
        if (!m) statsSeen.set(trans, (m = new Map()));
        return m;
      };
      function rememberStats(trans: Trans, keys: Id[], req: DBCoreMutateRequest, res: DBCoreMutateResponse): void {
        const m = seenIn(trans);
        keys.forEach((k, i) => {
          if (i in res.failures) m.delete(k);
          else m.set(k, req.type === 'delete' ? undefined : (req as { values: readonly MemberStats[] }).values[i]);
        });
      }

      async function stateOf(trans: Trans): Promise<InsightState & { counted?: boolean }> {
        const known = states.get(trans);
        if (known) return known;
        const row = (await (reading.get(trans) ?? down.table('insightState').get({ trans, key: 'state' }))) as InsightState | undefined;
        const s = states.get(trans) ?? (row && (row.stale || row.zone !== null) ? row : { ...STALE });
        states.set(trans, s);
        return s;
      }
      async function setState(trans: Trans, s: InsightState & { counted?: boolean }): Promise<void> {
        states.set(trans, s);
        const { counted: _c, ...row } = s;
        await down.table('insightState').mutate({ type: 'put', trans, values: [row] });
      }

      async function keep(name: string, table: DBCoreTable, req: DBCoreMutateRequest): Promise<{ res: DBCoreMutateResponse; sent: Sent }> {
        const trans = req.trans;
        const state = await stateOf(trans);
        const none: Sent = { stored: Promise.resolve() };
        if (state.stale) {
          if (!state.counted) await setState(trans, { ...state, writes: state.writes + 1, counted: true });
          return { res: await table.mutate(req), sent: none };
        }
        // [I13] The organisation's past arrives once, at pairing: the rebuild adds it to the totals.
        if (name === 'insightPast') {
          const res = await table.mutate(req);
          await setState(trans, { ...STALE, writes: state.writes + 1, counted: true });
          return { res, sent: none };
        }
        if (req.type === 'deleteRange' || (req.type === 'put' && req.values === undefined)) {
          statsSeen.delete(trans);
          const res = await table.mutate(req);
          await setState(trans, { ...STALE, counted: true });
          return { res, sent: none };
        }
        const extract = table.schema.primaryKey.extractKey;
        const keys = req.type === 'delete' ? req.keys : req.keys ?? req.values.map((v) => extract?.(v));
        let rows = kept.get(trans);
        if (!rows) kept.set(trans, (rows = new KeptRows(down, trans)));
        const ctx: Ctx = { down, trans, state, rows };
        const zone = state.zone ?? '';
        // One round: the old records, what the totals need that this write does not change, and the write.
        const after = req.type === 'delete' ? [] : (req.values as readonly unknown[]);
        // A stats write's old rows are usually known: its writer read them in this transaction.
        const seen = name === 'memberStats' ? statsSeen.get(trans) : undefined;
        const known = seen && keys.every((k) => seen.has(k as Id)) ? keys.map((k) => seen.get(k as Id)) : null;
        const reads = early(req.type === 'add' || name === 'settings' ? Promise.resolve([])
          : known ? Promise.resolve(known) : getMany<unknown>(ctx, name, keys));
        let figureRows: KeptRows | undefined;
        if (known && req.type !== 'delete') {
          // Then the member and figure rows it may touch are read with the write, not a round after it.
          figureRows = new KeptRows(down, trans);
          wantFigureRows(figureRows, zone, keys as Id[], keys.map((_, i) => [known[i], (req.values as MemberStats[])[i]]));
        }
        const sales = name === 'sales' ? saleReads(ctx, keys as Id[], after as Sale[]) : null;
        if (name === 'ledger') ledgerReads(ctx, after as LedgerEntry[], zone);
        const res = await table.mutate(req);
        const old = await reads;
        let sent: Sent = none;
        if (name === 'settings') {
          const zoneChanged = changes<{ key: string; value: { timeZone?: string } }>(keys, old, req, res)
            .some(([, after]) => after?.key === 'store' && after.value.timeZone !== zone);
          if (zoneChanged) await setState(trans, { ...STALE, counted: true });
        } else if (name === 'sales' && sales) {
          const pairs = changes<Sale>(keys, old, req, res);
          sent = settled(await Promise.all([keepSales(ctx, pairs, sales), keepVisits(down, trans, ctx.rows, pairs)]));
        }
        else if (name === 'returns') sent = await keepReturns(ctx, changes<SaleReturn>(keys, old, req, res));
        else if (name === 'members') {
          const pairs = changes<Member>(keys, old, req, res);
          sent = settled(await Promise.all([keepMembers(ctx, pairs, keys as Id[]), keepMemberFigures(down, trans, zone, { members: pairs }, keys as Id[])]));
        } else if (name === 'memberStats') {
          const pairs = changes<MemberStats>(keys, old, req, res);
          rememberStats(trans, keys as Id[], req, res);
          sent = await keepMemberFigures(down, trans, zone, { stats: pairs }, keys as Id[], figureRows);
        }
        else sent = await keepLedger(ctx, changes<LedgerEntry>(keys, old, req, res), zone);
        return { res, sent };
      }

      return {
        ...down,
        transaction(stores, mode, options) {
          if (!hasKept || mode !== 'readwrite' || !stores.some((s) => WATCHED.has(s))) return down.transaction(stores, mode, options);
          // A sale's contribution reads its returns, a return's its sale, and both the member's row.
          const reads = stores.includes('sales') || stores.includes('returns') ? ['sales', 'returns', 'members'] : [];
          // A member's kept figures (insight-member-totals.ts) read their stats, and a stats row its member.
          if (stores.includes('members') || stores.includes('memberStats')) reads.push('members', 'memberStats');
          const trans = down.transaction([...new Set([...stores, ...reads, ...KEPT_TABLES, ...MEMBER_KEPT_TABLES])], mode, options);
          ours.add(trans);
          // The state row is read first, beside the writer's own reads.
          reading.set(trans, early(down.table('insightState').get({ trans, key: 'state' }) as Promise<InsightState | undefined>));
          return trans;
        },
        table(name) {
          const table = down.table(name);
          if (!WATCHED.has(name)) return table;
          return {
            ...table,
            ...(name === 'memberStats' ? {
              // Reads of memberStats in our transactions are remembered: a stats write then knows its old rows.
              get(req) {
                const got = table.get(req);
                if (ours.has(req.trans)) void got.then((row) => { seenIn(req.trans).set(req.key as Id, row as MemberStats | undefined); }, () => undefined);
                return got;
              },
              getMany(req) {
                const got = table.getMany(req);
                if (ours.has(req.trans)) {
                  void got.then((rows) => {
                    const m = seenIn(req.trans);
                    req.keys.forEach((k, i) => m.set(k as Id, rows[i] as MemberStats | undefined));
                  }, () => undefined);
                }
                return got;
              },
            } satisfies Partial<DBCoreTable> : {}),
            mutate(req) {
              if (!ours.has(req.trans)) return table.mutate(req);
              let tails = queues.get(req.trans);
              if (!tails) queues.set(req.trans, (tails = new Map<Lane, Promise<unknown>>()));
              const lanes = LANES[name] ?? ALL_LANES;
              const turn = Promise.all(lanes.map((l) => tails.get(l))).then(() => keep(name, table, req));
              // The next write's turn starts once this one's kept rows are sent; this write is done once they are stored.
              for (const l of lanes) tails.set(l, turn.catch(() => undefined));
              return turn.then(async ({ res, sent }) => {
                await sent.stored;
                return res;
              });
            },
          };
        },
      };
    },
  };
}
