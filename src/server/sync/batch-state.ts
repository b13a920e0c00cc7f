/**
 * What a push needs to apply a run of mutations from memory, read in one statement (statements.ts:
 * alone, or with the push's own reads), and what it writes, in one multi-row statement (S4: one
 * transaction per push). Guarantees:
 *  - Read under the organisation's lock (S5), so nothing it holds can change before the commit:
 *    every writer of an organisation's facts takes that lock first.
 *  - Holds every row the run's mutations name: the stores, the members (and the members they were
 *    merged into, ten hops at most: a merge re-points chains, S11), the unmerged members sharing an
 *    enrolled phone (S11), which sale and ledger ids exist, and for each member its ledger balance,
 *    its sales and returns (history.ts fields), its coupons.
 *  - `flush` writes what was staged in the order the rules made it, with the totals of every member
 *    touched recomputed from the facts (the same sums as stats.ts: the member's whole ledger, sales
 *    and returns, which the run read under the lock, plus what it staged), never counted.
 */
import { DEFAULT_PROGRAMME, validateProgramme, type Programme } from '../../domain/programme';
import type { Coupon, LedgerEntry, Member, Sale, Store } from '../../domain/records';
import type { Mutation } from '../../sync/protocol';
import { json, type Queryable, type Row } from '../storage/db';
import { ReadStatement, WriteStatement } from './statements';
import { bySaleTime, HISTORY_RETURN, HISTORY_SALE, type MemberHistory } from './member-history';
import { companionIdOf } from './points-recheck';

export interface StagedException { id: string; kind: string; memberId: string | null; subjectId: string | null; detail: unknown; at: number }

export class BatchState {
  readonly stores = new Map<string, Store>();
  readonly members = new Map<string, Member>();
  readonly sales = new Set<string>();
  readonly ledgerIds = new Set<string>();
  /** Balance by member, and by member and source for the run's sales (`${member} ${source}`). */
  readonly balance = new Map<string, number>();
  readonly bySource = new Map<string, number>();
  readonly history = new Map<string, MemberHistory>();
  readonly coupons = new Map<string, Coupon>();
  private readonly configs = new Map<number, Record<string, unknown>>();
  private readonly programmes = new Map<number, Programme | null>();
  // Staged writes, in the order the rules made them.
  readonly savedMembers = new Map<string, Member>();
  readonly newSales: Sale[] = [];
  readonly newLedger: LedgerEntry[] = [];
  readonly savedCoupons = new Map<string, Coupon>();
  readonly exceptions = new Map<string, StagedException>();
  readonly touched = new Set<string>();

  constructor(readonly orgId: string) {}

  /** The member an id stands for today, following merges; null when the organisation has no such member. */
  resolve(memberId: string): string | null {
    let current = memberId;
    for (let hop = 0; hop < 10; hop++) {
      const m = this.members.get(current);
      if (!m) return null;
      if (m.mergedInto === null) return current;
      current = m.mergedInto;
    }
    throw new Error(`merge chain too long at member ${memberId}`);
  }

  addConfig(version: number, config: Record<string, unknown>): void {
    this.configs.set(version, config);
  }

  /** A programme version as the engine needs it (programme-check.ts loadProgramme, from memory). */
  programme(version: number): Programme | null {
    if (!this.programmes.has(version)) {
      const config = this.configs.get(version);
      const v = config ? validateProgramme({ ...config, version }) : null;
      this.programmes.set(version, v ? (v.ok ? v.programme : null) : version === DEFAULT_PROGRAMME.version ? DEFAULT_PROGRAMME : null);
    }
    return this.programmes.get(version) ?? null;
  }

  historyOf(memberId: string): MemberHistory {
    let h = this.history.get(memberId);
    if (!h) this.history.set(memberId, (h = { sales: [], returns: [] }));
    return h;
  }

  addLedger(e: LedgerEntry): void {
    this.ledgerIds.add(e.id);
    this.newLedger.push(e);
    this.balance.set(e.memberId, (this.balance.get(e.memberId) ?? 0) + e.points);
    if (e.sourceId !== null) this.bySource.set(`${e.memberId} ${e.sourceId}`, (this.bySource.get(`${e.memberId} ${e.sourceId}`) ?? 0) + e.points);
    this.touched.add(e.memberId);
  }

  addSale(s: Sale): void {
    this.sales.add(s.id);
    this.newSales.push(s);
    if (s.memberId === null) return;
    const h = this.historyOf(s.memberId);
    h.sales.push({ id: s.id, at: s.at, businessDate: s.businessDate, total: s.total, programmeVersion: s.programmeVersion });
    h.sales.sort(bySaleTime);
    this.touched.add(s.memberId);
  }

  saveCoupon(c: Coupon): void {
    this.coupons.set(c.id, c);
    this.savedCoupons.set(c.id, c);
  }

  saveMember(m: Member): void {
    this.members.set(m.id, m);
    this.savedMembers.set(m.id, m);
  }

  /** An exception is recorded once by id: the first one stands (as ON CONFLICT DO NOTHING). */
  addException(e: StagedException): void {
    if (!this.exceptions.has(e.id)) this.exceptions.set(e.id, e);
  }
}

/** The ids a run's mutations (sale.record and member.upsert) name. */
function namedBy(mutations: readonly Mutation[]) {
  const memberIds = new Set<string>(), phones = new Set<string>(), saleIds = new Set<string>(), ledgerIds = new Set<string>(), couponIds = new Set<string>();
  const versions = new Set<number>();
  for (const m of mutations) {
    if (m.kind === 'member.upsert') {
      memberIds.add(m.member.id);
      phones.add(m.member.phone);
    } else if (m.kind === 'sale.record') {
      saleIds.add(m.sale.id);
      ledgerIds.add(`correction:${m.sale.id}`);
      versions.add(m.sale.programmeVersion);
      for (const id of [m.sale.memberId, m.sale.referrerId, ...m.ledger.map((e) => e.memberId), ...m.coupons.map((c) => c.memberId)]) if (id) memberIds.add(id);
      for (const e of m.ledger) ledgerIds.add(e.id);
      for (const c of m.coupons) couponIds.add(c.id);
      const companion = companionIdOf(m.sale);
      if (companion) couponIds.add(companion);
    }
  }
  return { memberIds, phones, saleIds, ledgerIds, couponIds, versions };
}

interface BatchRow {
  bs_stores: Store[]; bs_sales: string[]; bs_ledger: string[]; bs_members: Member[];
  bs_balances: { m: string; src: string | null; p: number }[];
  bs_history: { m: string; h: MemberHistory['sales'][number] }[];
  bs_returns: { m: string; h: MemberHistory['returns'][number] }[];
  bs_coupons: Coupon[]; bs_programmes: { v: number; c: Record<string, unknown> }[];
}

/**
 * Adds to `r` the reads of what `mutations` need, and returns what builds the state from the row.
 * The members they name are followed through merges in SQL (a chain is short: merges re-point it),
 * so the survivors' balances and histories are read in the same statement.
 */
export function stageBatchReads(r: ReadStatement, orgId: string, mutations: readonly Mutation[]): (row: Row) => BatchState {
  const n = namedBy(mutations);
  const org = r.param(orgId);
  const ids = r.param([...n.memberIds]), sources = r.param([...n.saleIds]);
  // The named members and every member they were merged into; the survivors own the facts.
  r.with('bs_chain', `SELECT id, merged_into, data, 0 AS hop FROM members WHERE org_id = ${org} AND id = ANY(${ids}::text[])
    UNION ALL SELECT m.id, m.merged_into, m.data, c.hop + 1 FROM bs_chain c JOIN members m ON m.org_id = ${org} AND m.id = c.merged_into WHERE c.hop < 10`, true);
  // An array (computed once), so that every read below is a key lookup on its index, as with a list of ids.
  const owners = 'ARRAY(SELECT DISTINCT id FROM bs_chain WHERE merged_into IS NULL)';
  r.add('bs_stores', `SELECT COALESCE(jsonb_agg(data), '[]') FROM stores WHERE org_id = ${org}`);
  r.add('bs_sales', `SELECT COALESCE(jsonb_agg(id), '[]') FROM sales WHERE org_id = ${org} AND id = ANY(${sources}::text[])`);
  r.add('bs_ledger', `SELECT COALESCE(jsonb_agg(id), '[]') FROM ledger WHERE org_id = ${org} AND id = ANY(${r.param([...n.ledgerIds])}::text[])`);
  r.add('bs_members', `SELECT COALESCE(jsonb_agg(data), '[]') FROM (SELECT data FROM bs_chain
    UNION ALL SELECT data FROM members WHERE org_id = ${org} AND phone = ANY(${r.param([...n.phones])}::text[]) AND merged_into IS NULL) u`);
  r.add('bs_balances', `SELECT COALESCE(jsonb_agg(jsonb_build_object('m', member_id, 'src', src, 'p', p)), '[]') FROM (
      SELECT member_id, CASE WHEN data->>'sourceId' = ANY(${sources}::text[]) THEN data->>'sourceId' END AS src, SUM(points) AS p
      FROM ledger WHERE org_id = ${org} AND member_id = ANY(${owners}) GROUP BY 1, 2) b`);
  r.add('bs_history', `SELECT COALESCE(jsonb_agg(jsonb_build_object('m', member_id, 'h', ${HISTORY_SALE})), '[]') FROM sales WHERE org_id = ${org} AND member_id = ANY(${owners})`);
  r.add('bs_returns', `SELECT COALESCE(jsonb_agg(jsonb_build_object('m', member_id, 'h', ${HISTORY_RETURN})), '[]') FROM returns WHERE org_id = ${org} AND member_id = ANY(${owners})`);
  r.add('bs_coupons', `SELECT COALESCE(jsonb_agg(data), '[]') FROM coupons WHERE org_id = ${org} AND (member_id = ANY(${owners}) OR id = ANY(${r.param([...n.couponIds])}::text[]))`);
  r.add('bs_programmes', `SELECT COALESCE(jsonb_agg(jsonb_build_object('v', version, 'c', config)), '[]') FROM programmes WHERE org_id = ${org} AND (version = ANY(${r.param([...n.versions])}::int[])
      OR version IN (SELECT DISTINCT (data->>'programmeVersion')::int FROM sales WHERE org_id = ${org} AND member_id = ANY(${owners})))`);
  return (row) => {
    const b = row as unknown as BatchRow;
    const st = new BatchState(orgId);
    for (const s of b.bs_stores) st.stores.set(s.id, s);
    for (const id of b.bs_sales) st.sales.add(id);
    for (const id of b.bs_ledger) st.ledgerIds.add(id);
    for (const m of b.bs_members) st.members.set(m.id, m);
    for (const x of b.bs_balances) {
      st.balance.set(x.m, (st.balance.get(x.m) ?? 0) + x.p);
      if (x.src !== null) st.bySource.set(`${x.m} ${x.src}`, x.p);
    }
    for (const x of b.bs_history) st.historyOf(x.m).sales.push(x.h);
    for (const h of st.history.values()) h.sales.sort(bySaleTime);
    for (const x of b.bs_returns) st.historyOf(x.m).returns.push(x.h);
    for (const c of b.bs_coupons) st.coupons.set(c.id, c);
    for (const p of b.bs_programmes) st.addConfig(p.v, p.c);
    return st;
  };
}

/** Reads what `mutations` (sale.record and member.upsert) need: one statement. */
export async function loadBatchState(tx: Queryable, orgId: string, mutations: readonly Mutation[]): Promise<BatchState> {
  const r = new ReadStatement();
  const build = stageBatchReads(r, orgId, mutations);
  return build(await r.run(tx));
}

export interface StatsRow { member_id: string; points: number; lifetime_spend: number; visits: number; first_purchase_at: number | null; last_purchase_at: number | null }

/**
 * The touched members' totals (stats.ts, the same sums), from the facts the run holds: every ledger
 * entry, sale and return of each of them was read under the lock (`loadBatchState` loads a member's
 * whole balance and history, not a window), and what the run staged was added to them.
 */
export function statsOf(st: BatchState): StatsRow[] {
  return [...st.touched].map((id) => {
    const h = st.history.get(id);
    let spend = 0, first: number | null = null, last: number | null = null;
    for (const s of h?.sales ?? []) {
      spend += s.total;
      if (first === null || s.at < first) first = s.at;
      if (last === null || s.at > last) last = s.at;
    }
    for (const r of h?.returns ?? []) spend -= r.refund;
    return { member_id: id, points: st.balance.get(id) ?? 0, lifetime_spend: spend, visits: h?.sales.length ?? 0, first_purchase_at: first, last_purchase_at: last };
  });
}

/** The parts of a write statement that give back the rows they insert (`id`, `data`), by feed entity. */
export interface Returning { sale?: { part: string; ids: ReadonlySet<string> }; ledger?: { part: string; ids: ReadonlySet<string> } }

/**
 * Adds what the run staged (members, sales, ledger, coupons, exceptions) and the touched members'
 * totals to `w`. The sales and ledger parts return what they insert, so that the feed's changes of
 * the same statement take each fact's data from there rather than from a second copy (push.ts).
 */
export function stageWrites(w: WriteStatement, st: BatchState): Returning {
  // A parameter no part uses would have no type: the organisation's is added with the first part.
  let orgParam: string | null = null;
  const rows = (name: string, list: unknown[], sql: (org: string, p: string) => string) => {
    if (list.length === 0) return;
    orgParam ??= w.param(st.orgId);
    w.add(name, sql(orgParam, `${w.param(json(list))}::jsonb`));
  };
  rows('wm', [...st.savedMembers.values()].map((m) => ({ id: m.id, phone: m.phone, enrolled_at: m.enrolledAt, merged_into: m.mergedInto, data: m })), (org, p) =>
    `INSERT INTO members (org_id, id, phone, enrolled_at, merged_into, data)
       SELECT ${org}, id, phone, enrolled_at, merged_into, data FROM jsonb_to_recordset(${p}) AS x(id text, phone text, enrolled_at bigint, merged_into text, data jsonb)
       ON CONFLICT (org_id, id) DO UPDATE SET phone = EXCLUDED.phone, merged_into = EXCLUDED.merged_into, data = EXCLUDED.data`);
  rows('ws', st.newSales.map((s) => ({ id: s.id, member_id: s.memberId, at: s.at, data: s })), (org, p) =>
    `INSERT INTO sales (org_id, id, member_id, at, data)
       SELECT ${org}, id, member_id, at, data FROM jsonb_to_recordset(${p}) AS x(id text, member_id text, at bigint, data jsonb)
       RETURNING id, data`);
  rows('wl', st.newLedger.map((e) => ({ id: e.id, member_id: e.memberId, points: e.points, data: e })), (org, p) =>
    `INSERT INTO ledger (org_id, id, member_id, points, data)
       SELECT ${org}, id, member_id, points, data FROM jsonb_to_recordset(${p}) AS x(id text, member_id text, points bigint, data jsonb)
       RETURNING id, data`);
  rows('wc', [...st.savedCoupons.values()].map((c) => ({ id: c.id, member_id: c.memberId, data: c })), (org, p) =>
    `INSERT INTO coupons (org_id, id, member_id, data)
       SELECT ${org}, id, member_id, data FROM jsonb_to_recordset(${p}) AS x(id text, member_id text, data jsonb)
       ON CONFLICT (org_id, id) DO UPDATE SET data = EXCLUDED.data`);
  rows('we', [...st.exceptions.values()].map((e) => ({ id: e.id, kind: e.kind, member_id: e.memberId, subject_id: e.subjectId, detail: e.detail, at: e.at })), (org, p) =>
    `INSERT INTO exceptions (org_id, id, kind, member_id, subject_id, detail, at)
       SELECT ${org}, id, kind, member_id, subject_id, detail, at FROM jsonb_to_recordset(${p}) AS x(id text, kind text, member_id text, subject_id text, detail jsonb, at bigint)
       ON CONFLICT DO NOTHING`);
  rows('wt', statsOf(st), (org, p) =>
    `INSERT INTO member_stats (org_id, member_id, points, lifetime_spend, visits, first_purchase_at, last_purchase_at)
       SELECT ${org}, member_id, points, lifetime_spend, visits, first_purchase_at, last_purchase_at
       FROM jsonb_to_recordset(${p}) AS x(member_id text, points bigint, lifetime_spend bigint, visits bigint, first_purchase_at bigint, last_purchase_at bigint)
       ON CONFLICT (org_id, member_id) DO UPDATE SET points = EXCLUDED.points, lifetime_spend = EXCLUDED.lifetime_spend,
         visits = EXCLUDED.visits, first_purchase_at = EXCLUDED.first_purchase_at, last_purchase_at = EXCLUDED.last_purchase_at`);
  return {
    ...(st.newSales.length > 0 ? { sale: { part: 'ws', ids: new Set(st.newSales.map((x) => x.id)) } } : {}),
    ...(st.newLedger.length > 0 ? { ledger: { part: 'wl', ids: new Set(st.newLedger.map((x) => x.id)) } } : {}),
  };
}

/** Writes what the run staged and the touched members' totals, in one statement. */
export async function flushBatchState(tx: Queryable, st: BatchState): Promise<void> {
  const w = new WriteStatement();
  stageWrites(w, st);
  await w.run(tx);
}
