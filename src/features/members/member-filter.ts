/**
 * The manager's member list: members read in pages by primary key, with their kept stats, kept
 * when they pass the filter (tier, A–E grade, loyalty segment, last visit, birthday month,
 * do-not-disturb). Grades and segments need purchase counts: one index range over
 * sales.businessDate (the last 180 days), read once per request. Meant for the insights worker.
 */
import { birthdayMonthDay } from '../../domain/care/schedule';
import type { Cents, Points } from '../../domain/money';
import type { Id, LocalDate, Member, MemberStats } from '../../domain/records';
import { gradeFor, loyaltyOf, rfmScores, type Activity, type Grade, type Loyalty, type Rfm } from '../../domain/segments';
import { addDays, daysBetween, localDate } from '../../domain/time';
import { fromMemberRow, type MemberRow, type RegularsDb } from '../../db/database';

export interface MemberFilter {
  /** A tier id, '' for members with no tier; absent: any. */
  tierId?: string;
  grade?: Grade | 'none';
  segment?: Loyalty;
  /** Last purchase within this many days. */
  seenWithinDays?: number;
  /** No purchase for at least this many days (never bought counts). */
  notSeenForDays?: number;
  /** '01'…'12'. */
  birthdayMonth?: string;
  doNotDisturb?: boolean;
}

export interface MemberListRow {
  id: Id;
  name: string;
  phone: string;
  cardNo: string;
  tierId: string | null;
  grade: Grade | null;
  segment: Loyalty;
  lastVisit: LocalDate | null;
  birthday: string | null;
  doNotDisturb: boolean;
  lifetimeSpend: Cents;
  points: Points;
  /** [G4] Recency, frequency and money, each 1–5 by fifths of all the shop's members (5 = best). */
  rfm: { r: number; f: number; m: number };
}

export interface MemberPage {
  rows: MemberListRow[];
  /** Continue after this member id; null: the end of the list was reached. */
  next: Id | null;
  /** Members read to fill this page. */
  read: number;
}

export interface MemberQuery {
  filter: MemberFilter;
  today: LocalDate;
  timeZone: string;
  after: Id | null;
  /** Rows wanted. */
  limit: number;
  /** Stop after reading this many members even if the page is not full (null: no bound). */
  maxRead: number | null;
  /** [G1] The programme's grade thresholds (absent: the defaults). */
  grades?: Readonly<Record<Grade, number>>;
}

function rowOf(
  m: Member, s: MemberStats | null, counts: { d30: number; d180: number; spend180: number }, today: LocalDate, timeZone: string,
  grades?: Readonly<Record<Grade, number>>, rfm?: Rfm,
): MemberListRow {
  const last = s?.lastPurchaseAt != null ? localDate(s.lastPurchaseAt, timeZone) : null;
  const segment = loyaltyOf({
    memberId: m.id, recencyDays: last === null ? null : daysBetween(last, today), frequency: counts.d180,
    monetary: counts.spend180 as Cents, tenureDays: daysBetween(m.enrolledOn, today),
  });
  return {
    id: m.id, name: m.name, phone: m.phone, cardNo: m.cardNo, tierId: s?.tierId ?? null, grade: gradeFor(counts.d30, grades), segment,
    lastVisit: last, birthday: m.birthday, doNotDisturb: m.doNotDisturb, lifetimeSpend: s?.lifetimeSpend ?? (0 as Cents), points: s?.points ?? (0 as Points),
    rfm: { r: rfm?.r ?? 1, f: rfm?.f ?? 1, m: rfm?.m ?? 1 },
  };
}

export function passes(r: MemberListRow, f: MemberFilter, today: LocalDate): boolean {
  if (f.tierId !== undefined && (r.tierId ?? '') !== f.tierId) return false;
  if (f.grade !== undefined && (r.grade ?? 'none') !== f.grade) return false;
  if (f.segment !== undefined && r.segment !== f.segment) return false;
  if (f.seenWithinDays !== undefined && (r.lastVisit === null || r.lastVisit < addDays(today, -f.seenWithinDays))) return false;
  if (f.notSeenForDays !== undefined && r.lastVisit !== null && r.lastVisit > addDays(today, -f.notSeenForDays)) return false;
  if (f.birthdayMonth !== undefined && birthdayMonthDay(r.birthday)?.slice(0, 2) !== f.birthdayMonth) return false;
  if (f.doNotDisturb !== undefined && r.doNotDisturb !== f.doNotDisturb) return false;
  return true;
}

type Counts = Map<Id, { d30: number; d180: number; spend180: number }>;

/**
 * [G4] Every unmerged member's RFM scores, ranked among all of them (not the page, not the filter), from
 * the same facts as the list (last purchase, purchases and spend in 180 days), so tablets holding the
 * same members and sales score them alike.
 */
async function rfmByMember(db: RegularsDb, counts: Counts, today: LocalDate, timeZone: string): Promise<Map<Id, Rfm>> {
  const ids = (await db.members.toCollection().primaryKeys()) as Id[];
  const merged = new Set((await db.members.where('mergedInto').above('').primaryKeys()) as Id[]);
  const stats = new Map((await db.memberStats.toArray()).map((s) => [s.memberId, s]));
  const rows: Activity[] = ids.filter((id) => !merged.has(id)).map((id) => {
    const at = stats.get(id)?.lastPurchaseAt ?? null;
    const c = counts.get(id);
    return { memberId: id, recencyDays: at === null ? null : daysBetween(localDate(at, timeZone), today), frequency: c?.d180 ?? 0, monetary: (c?.spend180 ?? 0) as Cents, tenureDays: 0 };
  });
  return new Map(rfmScores(rows).map((r) => [r.memberId, r]));
}

export async function filterMembers(db: RegularsDb, q: MemberQuery): Promise<MemberPage> {
  const from30 = addDays(q.today, -29), from180 = addDays(q.today, -179);
  const sales = await db.sales.where('businessDate').between(from180, q.today, true, true).toArray();
  const counts: Counts = new Map();
  for (const s of sales) {
    if (s.memberId === null) continue;
    const c = counts.get(s.memberId) ?? { d30: 0, d180: 0, spend180: 0 };
    c.d180++;
    c.spend180 += s.total;
    if (s.businessDate >= from30) c.d30++;
    counts.set(s.memberId, c);
  }
  const rfm = await rfmByMember(db, counts, q.today, q.timeZone);
  const rows: MemberListRow[] = [];
  let after = q.after, read = 0;
  const pageSize = 200;
  for (;;) {
    const page: MemberRow[] = await (after === null ? db.members.orderBy(':id') : db.members.where(':id').above(after)).limit(pageSize).toArray();
    const stats = await db.memberStats.bulkGet(page.map((m) => m.id));
    for (let i = 0; i < page.length; i++) {
      const m = page[i];
      if (!m) continue;
      after = m.id;
      read++;
      if (m.mergedInto !== null) continue;
      const r = rowOf(fromMemberRow(m), stats[i] ?? null, counts.get(m.id) ?? { d30: 0, d180: 0, spend180: 0 }, q.today, q.timeZone, q.grades, rfm.get(m.id));
      if (passes(r, q.filter, q.today)) rows.push(r);
      if (rows.length >= q.limit) return { rows, next: after, read };
    }
    if (page.length < pageSize) return { rows, next: null, read };
    if (q.maxRead !== null && read >= q.maxRead) return { rows, next: after, read };
  }
}
