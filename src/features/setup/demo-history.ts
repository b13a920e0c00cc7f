/**
 * A few months of past visits for "try the demo", so the care list, grades, tiers and insights have
 * something to show on the first start. Every record goes through the same engine and writer as a
 * real enrolment and sale (buildEnrollment, quoteCheckout, buildSale, commitSale), dated in the past:
 * nothing here writes a table directly, so the kept totals and the ledger agree as they would at a till.
 */
import { enrollMember } from '../../app/enrollment';
import type { Repositories } from '../../db/repositories';
import { cents } from '../../domain/money';
import type { Programme } from '../../domain/programme';
import type { QuoteMember } from '../../domain/quote-types';
import { quoteCheckout } from '../../domain/quote';
import type { Product, Store } from '../../domain/records';
import { buildSale } from '../../domain/sale-records';
import { tierAfterAction } from '../../domain/tier-change';
import { localDate } from '../../domain/time';
import { isLang } from '../../i18n/i18n';
import { reasonText } from '../../i18n/reason';
import { makeT } from '../../i18n/use-t';
import { DEMO_MEMBERS } from './demo-data';

const DAY = 86_400_000;

/**
 * Per demo member: days ago they joined, and the days ago of each visit (each a basket of the
 * catalogue's items by index). The first member is the big spender (the top 20%), one joined nine
 * days ago with a single purchase (a follow-up is due), one has not been seen for months (win-back).
 */
const VISITS: Array<{ joined: number; visits: Array<[daysAgo: number, items: number[]]> }> = [
  { joined: 200, visits: [[190, [0, 1]], [160, [0, 3]], [120, [0, 1, 6]], [75, [0, 2]], [40, [0, 6]], [12, [0, 1, 3]], [2, [0, 5]]] },
  { joined: 150, visits: [[150, [1, 3]], [110, [2]], [50, [1, 7]], [20, [2, 3]]] },
  { joined: 120, visits: [[120, [4]], [95, [5, 8]]] },
  { joined: 90, visits: [[90, [0]], [60, [0, 3]], [30, [0, 3]], [6, [1]]] },
  { joined: 60, visits: [[60, [6]], [25, [6, 5]]] },
  { joined: 45, visits: [[45, [7, 8]]] },
  { joined: 30, visits: [[30, [3, 7]], [14, [8]]] },
  { joined: 20, visits: [[20, [5]]] },
  { joined: 9, visits: [[9, [1, 3]]] },
  { joined: 0, visits: [] },
];

/** Walk-in sales (no member), days ago and basket, for the members' share of sales. */
const WALK_INS: Array<[number, number[]]> = [[100, [7]], [70, [3, 8]], [35, [5]], [15, [7, 8]], [4, [3]], [1, [8]]];

export interface DemoContext {
  repos: Repositories;
  programme: Programme;
  store: Store;
  staffIds: string[];
  deviceId: string;
  now: number;
  newId: () => string;
}

export async function addDemoHistory(ctx: DemoContext, products: Product[]): Promise<void> {
  const { repos, programme, store, now, newId } = ctx;
  let receipts = (await repos.settings.get('receiptCounter')) ?? 0;
  // Reasons are stored in the store's language, as commit-sale.ts stores them.
  const storeT = makeT(isLang(store.locale) ? store.locale : 'zh-CN');
  const staffFor = (n: number) => ctx.staffIds[n % ctx.staffIds.length] ?? null;

  const sell = async (at: number, items: number[], memberId: string | null, n: number, past: Array<{ at: number; total: number }>) => {
    const lines = items.flatMap((i) => {
      const p = products[i % products.length];
      return p ? [{ productId: p.id, name: p.name, category: p.category, unitPrice: p.price, qty: 1, lineDiscount: cents(0), noEarn: p.noEarn }] : [];
    });
    const hit = memberId ? await repos.members.get(memberId) : null;
    const windowStart = at - programme.tierRules.windowMonths * 30 * DAY;
    const inWindow = past.filter((x) => x.at >= windowStart).map((x) => x.total);
    const member: QuoteMember | null = hit ? {
      id: hit.member.id, balance: hit.stats.points, tierId: hit.stats.tierId, enrolledOn: hit.member.enrolledOn,
      birthday: hit.member.birthday, referredBy: hit.member.referredBy,
      rollingSpend: cents(inWindow.reduce((s, x) => s + x, 0)), largestOrder: cents(Math.max(0, ...inWindow)),
    } : null;
    const quoted = quoteCheckout({ lines, member, coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme, now: at, timeZone: store.timeZone });
    if (!quoted.ok) throw new Error(`demo quote refused: ${quoted.errors[0]?.code ?? ''}`);
    const { quote } = quoted;
    receipts += 1;
    const receiptNo = `${localDate(at, store.timeZone).replace(/-/g, '').slice(2)}DEMO${String(receipts).padStart(4, '0')}`;
    const built = buildSale(quote, {
      ids: newId, now: at, timeZone: store.timeZone, storeId: store.id, deviceId: ctx.deviceId, staffId: staffFor(n) ?? '', receiptNo,
      payments: [{ method: n % 3 === 0 ? 'cash' : n % 3 === 1 ? 'wechat' : 'alipay', amount: quote.total, ...(n % 3 === 0 ? { tendered: quote.total } : {}) }],
      programme, coupons: [], describe: (r) => reasonText(storeT, r.code, r.params),
    });
    if (!built.ok) throw new Error(`demo sale refused: ${built.errors[0]?.code ?? ''}`);
    const tier = hit && member ? tierAfterAction({ tierId: hit.stats.tierId, tierSince: hit.stats.tierSince }, {
      rollingSpend: cents(member.rollingSpend + quote.total), largestOrder: cents(Math.max(member.largestOrder, quote.total)),
    }, at, store.timeZone, programme) : null;
    await repos.writer.commitSale({ sale: built.sale, ledger: built.ledger, couponsIssued: built.couponsIssued, receiptCounter: receipts, ...(tier ? { tier } : {}) });
    past.push({ at, total: quote.total });
  };

  let n = 0;
  for (const [i, m] of DEMO_MEMBERS.entries()) {
    const plan = VISITS[i] ?? { joined: 0, visits: [] };
    const joinedAt = now - plan.joined * DAY - 3 * 3_600_000;
    const r = await enrollMember({ ...m, wechat: null, referredBy: null, consent: true }, {
      repos, programme, now: joinedAt, newId, timeZone: store.timeZone, storeId: store.id,
      deviceId: ctx.deviceId, staffId: staffFor(i), country: store.country,
    });
    if (!r.ok) throw new Error(`demo enrolment refused: ${r.errors[0]?.code ?? ''}`);
    const spend: Array<{ at: number; total: number }> = [];
    for (const [daysAgo, items] of plan.visits) await sell(Math.max(joinedAt, now - daysAgo * DAY - 2 * 3_600_000), items, r.member.id, n++, spend);
  }
  for (const [daysAgo, items] of WALK_INS) await sell(now - daysAgo * DAY - 5 * 3_600_000, items, null, n++, []);
}
