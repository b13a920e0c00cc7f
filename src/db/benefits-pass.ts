/**
 * The care list's daily pass over the benefits calendar (docs/loyalty-spec.md B9): every member whose
 * benefit may come due today is found through an index — birthdays of this month (members.birthdayMd),
 * anniversaries whose coupon window holds today (members.enrolledOn, one range per year), and last
 * month's buyers (sales.businessDate, their returns by saleId) — then the engine decides (`benefitsDue`)
 * and the writer puts the coupons not yet held (D15), at most 500 in a transaction.
 *
 * Guarantees: nothing reads a whole table; a member merged into another is skipped (the survivor is
 * found on their own); the pass is idempotent (a second pass, here or on another tablet, writes nothing).
 */
import { benefitsDue, notHeld, previousMonth, spendInMonth } from '../domain/benefits-due';
import { cents, type Cents } from '../domain/money';
import type { Programme } from '../domain/programme';
import type { Coupon, Id, Instant, LocalDate, Member } from '../domain/records';
import { addDays, addMonths, endOfMonth, localDate } from '../domain/time';
import { fromMemberRow, type MemberRow, type RegularsDb } from './database';
import type { TillWriter } from './repositories';
import { MAX_COUPONS_ISSUED } from './write-rules';

interface Candidates { members: Map<Id, Member>; spend: Map<Id, Cents>; held: Coupon[] }

async function candidates(db: RegularsDb, today: LocalDate, programme: Programme): Promise<Candidates> {
  const { birthday, anniversary, cashback } = programme.benefits;
  return db.transaction('r', [db.members, db.sales, db.returns, db.coupons], async () => {
    const rows: MemberRow[] = [];
    const month = today.slice(5, 7);
    const reads: Promise<void>[] = [];
    if (birthday.enabled) reads.push(db.members.where('birthdayMd').between(`${month}-01`, `${month}-31`, true, true).toArray().then((r) => { rows.push(...r); }));
    if (anniversary.enabled) {
      for (let n = anniversary.fromYear; n <= anniversary.toYear; n++) {
        // Joined n years before a day of the coupon's window; a day either side for month ends (29 Feb).
        const from = addDays(addMonths(addDays(today, -(anniversary.validDays - 1)), -12 * n), -1);
        const to = addDays(addMonths(today, -12 * n), 1);
        reads.push(db.members.where('enrolledOn').between(from, to, true, true).toArray().then((r) => { rows.push(...r); }));
      }
    }
    const spend = new Map<Id, Cents>();
    if (cashback.enabled) {
      const last = previousMonth(today);
      reads.push((async () => {
        const sales = await db.sales.where('businessDate').between(`${last}-01`, endOfMonth(`${last}-01`), true, true).toArray();
        const bought = sales.filter((s) => s.memberId !== null);
        const returns = await db.returns.where('saleId').anyOf(bought.map((s) => s.id)).toArray();
        const byMember = new Map<Id, typeof bought>();
        for (const s of bought) byMember.set(s.memberId ?? '', [...(byMember.get(s.memberId ?? '') ?? []), s]);
        for (const [id, list] of byMember) {
          const total = spendInMonth(list, returns, last);
          if (total >= cashback.thresholdMonthly) spend.set(id, total);
        }
        const missing = [...spend.keys()];
        const found = await db.members.bulkGet(missing);
        for (const r of found) if (r) rows.push(r);
      })());
    }
    await Promise.all(reads);
    const members = new Map<Id, Member>();
    for (const r of rows) if (!r.mergedInto) members.set(r.id, fromMemberRow(r));
    const held = members.size > 0 ? await db.coupons.where('memberId').anyOf([...members.keys()]).toArray() : [];
    return { members, spend, held };
  });
}

/** [B9] Issues every benefit due today on this device; returns how many coupons were written. */
export async function runBenefitsPass(db: RegularsDb, writer: TillWriter, programme: Programme, now: Instant, timeZone: string, newId: () => Id): Promise<number> {
  const today = localDate(now, timeZone);
  const { members, spend, held } = await candidates(db, today, programme);
  const due: Coupon[] = [];
  for (const m of members.values()) due.push(...benefitsDue(m, { lastMonthSpend: spend.get(m.id) ?? cents(0) }, programme, today, now));
  const fresh = notHeld(due, held);
  let written = 0;
  for (let i = 0; i < fresh.length; i += MAX_COUPONS_ISSUED) {
    written += (await writer.issueCoupons({ coupons: fresh.slice(i, i + MAX_COUPONS_ISSUED), opId: newId(), at: now })).length;
  }
  return written;
}
