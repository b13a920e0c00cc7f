/**
 * What a push needs to apply a run of mutations from memory, read in a few queries, and what it
 * writes, written in a few multi-row statements (S4: one transaction per push). Guarantees:
 *  - Read under the organisation's lock (S5), so nothing it holds can change before the commit:
 *    every writer of an organisation's facts takes that lock first.
 *  - Holds every row the run's mutations name: the stores, the members (and every member they were
 *    merged into), the unmerged members sharing an enrolled phone (S11), which sale and ledger ids
 *    exist, and for each member its ledger balance, its sales and returns (history.ts fields), its coupons.
 *  - `flush` writes what was staged in the order the rules made it, with the totals of every member
 *    touched recomputed from the facts (the same sums as stats.ts: the member's whole ledger, sales
 *    and returns, which the run read under the lock, plus what it staged), never counted.
 */
import { DEFAULT_PROGRAMME, validateProgramme, type Programme } from '../../domain/programme';
import type { Coupon, LedgerEntry, Member, Sale, Store } from '../../domain/records';
import type { Mutation } from '../../sync/protocol';
import { json, type Queryable } from '../storage/db';
import { bySaleTime, HISTORY_RETURN, HISTORY_SALE, type MemberHistory } from './member-history';
import { companionIdOf } from './points-recheck';

export interface StagedException { id: string; kind: string; memberId: string | null; subjectId: string | null; detail: unknown; at: number }

/** A text[] parameter (a JS array: pg and PGlite both send it as an array, so the planner sees its values and uses the keys). */
const list = (n: number) => `$${n}::text[]`;

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

/** Reads what `mutations` (sale.record and member.upsert) need. */
export async function loadBatchState(tx: Queryable, orgId: string, mutations: readonly Mutation[]): Promise<BatchState> {
  const st = new BatchState(orgId);
  const memberIds = new Set<string>(), phones = new Set<string>(), saleIds = new Set<string>(), ledgerIds = new Set<string>(), couponIds = new Set<string>();
  for (const m of mutations) {
    if (m.kind === 'member.upsert') {
      memberIds.add(m.member.id);
      phones.add(m.member.phone);
    } else if (m.kind === 'sale.record') {
      saleIds.add(m.sale.id);
      ledgerIds.add(`correction:${m.sale.id}`);
      for (const id of [m.sale.memberId, m.sale.referrerId, ...m.ledger.map((e) => e.memberId), ...m.coupons.map((c) => c.memberId)]) if (id) memberIds.add(id);
      for (const e of m.ledger) ledgerIds.add(e.id);
      for (const c of m.coupons) couponIds.add(c.id);
      const companion = companionIdOf(m.sale);
      if (companion) couponIds.add(companion);
    }
  }
  const [first] = await tx.query<{ stores: Store[]; sales: string[]; ledger: string[]; members: Member[] }>(
    `SELECT (SELECT COALESCE(jsonb_agg(data), '[]') FROM stores WHERE org_id = $1) AS stores,
       (SELECT COALESCE(jsonb_agg(id), '[]') FROM sales WHERE org_id = $1 AND id = ANY(${list(2)})) AS sales,
       (SELECT COALESCE(jsonb_agg(id), '[]') FROM ledger WHERE org_id = $1 AND id = ANY(${list(3)})) AS ledger,
       (SELECT COALESCE(jsonb_agg(data), '[]') FROM members WHERE org_id = $1
          AND (id = ANY(${list(4)}) OR (phone = ANY(${list(5)}) AND merged_into IS NULL))) AS members`,
    [orgId, [...saleIds], [...ledgerIds], [...memberIds], [...phones]]);
  for (const s of first?.stores ?? []) st.stores.set(s.id, s);
  for (const id of first?.sales ?? []) st.sales.add(id);
  for (const id of first?.ledger ?? []) st.ledgerIds.add(id);
  for (const m of first?.members ?? []) st.members.set(m.id, m);
  // Members merged into others: load the survivors too (a chain is short; merges re-point it).
  for (let missing = mergeTargetsMissing(st); missing.length > 0; missing = mergeTargetsMissing(st)) {
    const rows = await tx.query<{ data: Member }>(`SELECT data FROM members WHERE org_id = $1 AND id = ANY(${list(2)})`, [orgId, missing]);
    for (const r of rows) st.members.set(r.data.id, r.data);
    if (rows.length === 0) break;
  }
  const owners = [...new Set([...memberIds].map((id) => st.resolve(id)).filter((id): id is string => id !== null))];
  const versions = new Set<number>(mutations.flatMap((m) => (m.kind === 'sale.record' ? [m.sale.programmeVersion] : [])));
  const [second] = await tx.query<{ balances: { m: string; src: string | null; p: number }[]; sales: { m: string; h: MemberHistory['sales'][number] }[]; returns: { m: string; h: MemberHistory['returns'][number] }[]; coupons: Coupon[]; programmes: { v: number; c: Record<string, unknown> }[] }>(
    `SELECT (SELECT COALESCE(jsonb_agg(jsonb_build_object('m', member_id, 'src', src, 'p', p)), '[]') FROM (
         SELECT member_id, CASE WHEN data->>'sourceId' = ANY(${list(3)}) THEN data->>'sourceId' END AS src, SUM(points) AS p
         FROM ledger WHERE org_id = $1 AND member_id = ANY(${list(2)}) GROUP BY 1, 2) b) AS balances,
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('m', member_id, 'h', ${HISTORY_SALE})), '[]') FROM sales WHERE org_id = $1 AND member_id = ANY(${list(2)})) AS sales,
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('m', member_id, 'h', ${HISTORY_RETURN})), '[]') FROM returns WHERE org_id = $1 AND member_id = ANY(${list(2)})) AS returns,
       (SELECT COALESCE(jsonb_agg(data), '[]') FROM coupons WHERE org_id = $1 AND (member_id = ANY(${list(2)}) OR id = ANY(${list(4)}))) AS coupons,
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('v', version, 'c', config)), '[]') FROM programmes WHERE org_id = $1 AND (version = ANY($5::int[])
          OR version IN (SELECT DISTINCT (data->>'programmeVersion')::int FROM sales WHERE org_id = $1 AND member_id = ANY(${list(2)})))) AS programmes`,
    [orgId, owners, [...saleIds], [...couponIds], [...versions]]);
  for (const b of second?.balances ?? []) {
    st.balance.set(b.m, (st.balance.get(b.m) ?? 0) + b.p);
    if (b.src !== null) st.bySource.set(`${b.m} ${b.src}`, b.p);
  }
  for (const r of second?.sales ?? []) st.historyOf(r.m).sales.push(r.h);
  for (const h of st.history.values()) h.sales.sort(bySaleTime);
  for (const r of second?.returns ?? []) st.historyOf(r.m).returns.push(r.h);
  for (const c of second?.coupons ?? []) st.coupons.set(c.id, c);
  for (const p of second?.programmes ?? []) st.addConfig(p.v, p.c);
  return st;
}

function mergeTargetsMissing(st: BatchState): string[] {
  const out = new Set<string>();
  for (const m of st.members.values()) if (m.mergedInto !== null && !st.members.has(m.mergedInto)) out.add(m.mergedInto);
  return [...out];
}

/**
 * One SQL statement built from parts (`WITH a AS (...), b AS (...) SELECT 1`): the run's writes and,
 * when the run ends the batch, the push's bookkeeping (push.ts), so the end of a push is one round trip.
 * Every part writes from its own parameters and reads no row another part writes.
 */
export class WriteStatement {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  /** A parameter's placeholder. */
  param(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
  add(name: string, sql: string): void {
    this.parts.push(`${name} AS (${sql})`);
  }
  async run(tx: Queryable): Promise<void> {
    if (this.parts.length > 0) await tx.query(`WITH ${this.parts.join(',\n')} SELECT 1`, this.params);
  }
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

/** Adds what the run staged (members, sales, ledger, coupons, exceptions) and the touched members' totals to `w`. */
export function stageWrites(w: WriteStatement, st: BatchState): void {
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
       SELECT ${org}, id, member_id, at, data FROM jsonb_to_recordset(${p}) AS x(id text, member_id text, at bigint, data jsonb)`);
  rows('wl', st.newLedger.map((e) => ({ id: e.id, member_id: e.memberId, points: e.points, data: e })), (org, p) =>
    `INSERT INTO ledger (org_id, id, member_id, points, data)
       SELECT ${org}, id, member_id, points, data FROM jsonb_to_recordset(${p}) AS x(id text, member_id text, points bigint, data jsonb)`);
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
}

/** Writes what the run staged and the touched members' totals, in one statement. */
export async function flushBatchState(tx: Queryable, st: BatchState): Promise<void> {
  const w = new WriteStatement();
  stageWrites(w, st);
  await w.run(tx);
}
