/**
 * Pay: the engine turns the quote and the payments into the sale's records (buildSale), the
 * writer saves sale, ledger, coupons, kept totals and the outbox row in ONE transaction. On any
 * failure nothing is written and the cart stays as it was (a full disk says so; the cashier can
 * free space and press pay again).
 */
import { markPaying } from '../../app/cart-persist';
import { useCart } from '../../app/cart-store';
import { currentProgramme } from '../../app/programme-store';
import type { Services } from '../../app/services';
import { useSession } from '../../app/session-store';
import { useLastSale } from '../../app/till-prompts';
import { DbError } from '../../db/errors';
import type { Quote } from '../../domain/quote-types';
import type { AuditEntry, Coupon, Payment } from '../../domain/records';
import { buildSale } from '../../domain/sale-records';
import { localDate } from '../../domain/time';
import { tierAfterAction, type TierHeld } from '../../domain/tier-change';
import type { QuoteMember } from '../../domain/quote-types';
import { cents } from '../../domain/money';
import { reasonText } from '../../i18n/reason';
import { makeT } from '../../i18n/use-t';
import { isLang } from '../../i18n/i18n';
import { benefitFigures } from '../../app/issue-benefits';

export type CommitOutcome = { ok: true } | { ok: false; code: string };

/**
 * The next receipt number. The counter is not saved here: the writer saves it in the sale's own
 * transaction (SaleInput.receiptCounter), so a checkout that fails leaves no gap in the numbers, and
 * a number another tab took in between is refused (pay again takes the next one).
 */
async function nextReceiptNo(services: Services, businessDate: string, deviceId: string): Promise<{ receiptNo: string; counter: number }> {
  const n = ((await services.repos.settings.get('receiptCounter')) ?? 0) + 1;
  return { receiptNo: `${businessDate.replace(/-/g, '').slice(2)}${deviceId.replace(/-/g, '').slice(-4).toUpperCase()}${String(n).padStart(4, '0')}`, counter: n };
}

/** The member as the quote priced them, and the tier they hold (memberStats) with since when. */
export interface SaleMember { priced: QuoteMember; held: TierHeld }

export async function commitSale(services: Services, quote: Quote, payments: Payment[], coupons: Coupon[], firstPurchase: boolean,
  member: SaleMember | null = null): Promise<CommitOutcome> {
  const { repos, now, newId } = services;
  const { store, deviceId, staff } = useSession.getState();
  if (!store || !staff) return { ok: false, code: 'session' };
  const programme = currentProgramme();
  const at = now();
  const storeT = makeT(isLang(store.locale) ? store.locale : 'zh-CN');
  try {
    const today = localDate(at, store.timeZone);
    // B9: the benefits the member is due today and does not hold are issued in the sale's own transaction.
    const owner = quote.memberId && member ? { id: member.priced.id, birthday: member.priced.birthday, enrolledOn: member.priced.enrolledOn } : null;
    const [{ receiptNo, counter }, figures] = await Promise.all([
      nextReceiptNo(services, today, deviceId), owner ? benefitFigures(services, owner.id, programme, today) : null,
    ]);
    const built = buildSale(quote, {
      ids: newId, now: at, timeZone: store.timeZone, storeId: store.id, deviceId, staffId: staff.id, receiptNo, payments,
      programme, coupons, describe: (r) => reasonText(storeT, r.code, r.params), ...(owner && figures ? { benefits: { member: owner, figures } } : {}),
    });
    if (!built.ok) return { ok: false, code: built.errors[0]?.code ?? 'payment.amount' };
    // T3/T4/T6: the tier after this sale, from the window spend the quote priced with plus this sale, written in the sale's transaction.
    const tier = quote.memberId && member ? tierAfterAction(member.held, {
      rollingSpend: cents(member.priced.rollingSpend + quote.total), largestOrder: cents(Math.max(member.priced.largestOrder, quote.total)),
    }, at, store.timeZone, programme) ?? undefined : undefined;
    // The sale's audit entries go in its own transaction; a line discount above the cashier's limit was
    // approved by a manager, and the audit names them.
    const approvedBy = useCart.getState().approvedBy;
    const audit: AuditEntry[] = [{
      id: newId(), at, staffId: staff.id, deviceId, action: 'sale', subjectId: built.sale.id,
      detail: `receipt=${receiptNo} total=${built.sale.total} earned=${built.sale.pointsEarned} redeemed=${built.sale.pointsRedeemed}`,
    }];
    if (approvedBy) {
      audit.push({ id: newId(), at, staffId: approvedBy, deviceId, action: 'override', subjectId: built.sale.id, detail: `lineDiscount receipt=${receiptNo}` });
    }
    // UI-K1: the kept cart says it is being paid, so a crash after the write never offers it again.
    await markPaying(receiptNo);
    await repos.writer.commitSale({
      sale: built.sale, ledger: built.ledger, couponsIssued: built.couponsIssued, receiptCounter: counter, ...(tier ? { tier } : {}), audit,
    }).catch(async (e: unknown) => { await markPaying(null); throw e; });
    const hit = quote.memberId ? await repos.members.get(quote.memberId) : null;
    useLastSale.setState({
      finished: {
        sale: built.sale, change: built.change, balanceAfter: hit ? hit.stats.points : null, memberName: hit?.member.name ?? null,
        cardNo: hit?.member.cardNo ?? null, firstReceipt: firstPurchase, staffName: staff.name,
      },
    });
    useCart.getState().reset();
    return { ok: true };
  } catch (e) {
    return { ok: false, code: e instanceof DbError ? e.code : 'write-aborted' };
  }
}
