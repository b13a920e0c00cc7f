// Rewards for points (R6), the birthday companion (B2) and the tier after a sale (T3) at the counter:
// offered in the quote with their reasons, refused with the engine's reason, and recorded on the sale.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCart } from '../../src/app/cart-store';
import { currentProgramme, loadProgramme } from '../../src/app/programme-store';
import type { Services } from '../../src/app/services';
import { useRouter } from '../../src/app/router';
import { useSession } from '../../src/app/session-store';
import { toQuoteMember } from '../../src/features/checkout/use-quote';
import { makeEntry } from '../../src/domain/ledger';
import type { Cents } from '../../src/domain/money';
import type { Programme } from '../../src/domain/programme';
import { quoteCheckout } from '../../src/domain/quote';
import type { Member, Product, Sale } from '../../src/domain/records';
import { buildSale } from '../../src/domain/sale-records';
import { DAY, NOW, enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

async function addProduct(services: Services, name: string, price: number): Promise<Product> {
  const p: Product = { id: services.newId(), sku: name, barcode: null, name, category: 'Test', price: price as Cents, noEarn: false, active: true, quickKey: true };
  await services.repos.products.put([p]);
  return p;
}

async function tapQuickKey(name: string) {
  fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^${name}`) }));
}

async function givePoints(services: Services, memberId: string, pts: number) {
  const e = makeEntry(memberId, 'adjustment', pts, 'manual', null, null, { ids: services.newId, at: services.now(), deviceId: 'd', staffId: null });
  await services.repos.writer.appendLedger({ entries: [e], opId: services.newId() });
}

/** Pays by WeChat Pay and returns the sale written. */
async function payByWeChat(services: Services, memberId: string | null): Promise<Sale> {
  fireEvent.click(await screen.findByRole('button', { name: /^Pay / }));
  const dialog = await screen.findByRole('dialog', { name: /Payment/ });
  fireEvent.click(within(dialog).getByRole('radio', { name: 'WeChat Pay' }));
  fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm payment' }));
  await screen.findByRole('article', { name: 'Receipt' });
  const items = memberId ? await services.repos.members.history(memberId, 5) : [];
  const sale = items.find((i) => i.kind === 'sale');
  if (memberId && sale?.kind !== 'sale') throw new Error('no sale written');
  return sale?.kind === 'sale' ? sale.sale : (null as unknown as Sale);
}

/** The member uses their birthday coupon on a sale at `at` (as another till would have). */
async function useBirthdayCoupon(services: Services, member: Member, at: number) {
  const hit = await services.repos.members.get(member.id);
  const coupons = await services.repos.members.coupons(member.id);
  const birthday = coupons.find((c) => c.kind === 'birthday');
  if (!hit || !birthday) throw new Error('fixture: no birthday coupon');
  const q = quoteCheckout({
    lines: [{ productId: null, name: 'Cake', category: '', unitPrice: 10000 as Cents, qty: 1, lineDiscount: 0 as Cents, noEarn: false }],
    member: toQuoteMember(hit), coupons, selectedCouponIds: [birthday.id], pointsToRedeem: 0, programme: currentProgramme(), now: at, timeZone: 'Asia/Shanghai',
  });
  if (!q.ok) throw new Error('fixture: quote');
  const built = buildSale(q.quote, {
    ids: services.newId, now: at, timeZone: 'Asia/Shanghai', storeId: 's', deviceId: 'other-till', staffId: 'x', receiptNo: `B${at}`,
    payments: [{ method: 'card', amount: q.quote.total }], programme: currentProgramme(), coupons,
  });
  if (!built.ok) throw new Error('fixture: sale');
  await services.repos.writer.commitSale({ sale: built.sale, ledger: built.ledger, couponsIssued: [] });
}

describe('checkout: rewards, birthday companion, tier', () => {
  let services: Services;
  let mug: Product;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
    await setUpStore(services);
    mug = await addProduct(services, 'Mug', 2500);
    const base = currentProgramme();
    const programme: Programme = {
      ...base, version: base.version + 1,
      redemption: { ...base.redemption, catalogue: [{ id: 'mug', name: 'Store mug', productId: mug.id, points: 800, percentOff: 100 }] },
    };
    await services.repos.programmes.save({ version: programme.version, savedAt: NOW, savedBy: null, config: programme });
    await loadProgramme(services.repos);
  });

  it('[R6][R8] offers the reward with its points, applies it to its line and records it on the sale and the ledger', async () => {
    const m = await enroll(services, 'Wang Fang', '13600003333');
    await givePoints(services, m.id, 2000);
    await addProduct(services, 'Tea', 10000);
    useCart.getState().attachMember(m.id);
    renderApp(services);
    await tapQuickKey('Mug');
    await tapQuickKey('Tea');
    const rewards = await screen.findByRole('group', { name: 'Rewards for points (member has 2,100 pts)' });
    const tick = within(rewards).getByRole('checkbox', { name: /Store mug for 800 pts: Mug/ });
    expect(rewards.textContent).toContain('free');
    fireEvent.click(tick);
    const quote = screen.getByRole('region', { name: 'Amount due' });
    await waitFor(() => expect(quote.textContent).toContain('Store mug: 800 points, 100% off'));
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥100.00'));
    const sale = await payByWeChat(services, m.id);
    expect(sale.rewardPoints).toBe(800);
    expect(sale.discounts.find((d) => d.rule === 'reward:mug')?.amount).toBe(2500);
    expect(sale.total).toBe(10000);
    const receipt = screen.getByRole('article', { name: 'Receipt' });
    expect(within(receipt).getByTestId('receipt-redeemed').textContent).toBe('800');
    const ledger = await services.repos.members.ledger(m.id);
    expect(ledger.filter((e) => e.sourceId === sale.id).map((e) => [e.kind, e.points])).toEqual([['redeem', -800], ['earn', 100]]);
    expect((await services.repos.members.get(m.id))?.stats.points).toBe(2100 - 800 + 100);
  });

  it('[R2][R8] refuses a reward the member has not the points for: says why, the tick stays off and the price is unchanged', async () => {
    const m = await enroll(services, 'Few Points', '13600004444'); // 100 welcome points
    useCart.getState().attachMember(m.id);
    renderApp(services);
    await tapQuickKey('Mug');
    const rewards = await screen.findByRole('group', { name: /Rewards for points/ });
    const tick = within(rewards).getByRole('checkbox', { name: /Store mug for 800 pts/ }) as HTMLInputElement;
    fireEvent.click(tick);
    expect((await within(rewards).findByRole('alert')).textContent).toBe('More points than the member has.');
    expect(tick.checked).toBe(false);
    expect(screen.getByTestId('amount-due').textContent).toBe('¥25.00');
  });

  it('[B2][B8] a friend of a member who used the birthday coupon today gets the same 30% off; the sale records it', async () => {
    // Enrolled in the birthday month: the birthday coupon is issued at once (B1).
    const friendHost = await enrollWithBirthday(services, '赵敏', '13911112222', '--11-05');
    await useBirthdayCoupon(services, friendHost, NOW - 3_600_000);
    await addProduct(services, 'Dress', 10000);
    renderApp(services);
    await tapQuickKey('Dress');
    fireEvent.click(await screen.findByRole('button', { name: 'Shopping with a birthday member?' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find the birthday member' }), { target: { value: '2222' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Select 赵敏' }));
    const group = await screen.findByRole('group', { name: 'Birthday companion' });
    expect((within(group).getByRole('checkbox', { name: 'With 赵敏 on their birthday: 30% off' }) as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥70.00'));
    expect(screen.getByRole('region', { name: 'Amount due' }).textContent).toContain('Shopping with a birthday member: 30% off');
    fireEvent.click(await screen.findByRole('button', { name: /^Pay / }));
    const dialog = await screen.findByRole('dialog', { name: /Payment/ });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'WeChat Pay' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm payment' }));
    const receipt = await screen.findByRole('article', { name: 'Receipt' });
    expect(receipt.textContent).toContain('Shopping with a birthday member: 30% off');
    expect(within(receipt).getByTestId('receipt-total').textContent).toBe('¥70.00');
  });

  it('[B8] refuses the companion discount when the birthday coupon was used on another day, or never', async () => {
    const yesterday = await enrollWithBirthday(services, '赵敏', '13911112222', '--11-05');
    await useBirthdayCoupon(services, yesterday, NOW - DAY);
    await enrollWithBirthday(services, '钱多', '13933334444', '--11-06');
    await addProduct(services, 'Dress', 10000);
    renderApp(services);
    await tapQuickKey('Dress');
    fireEvent.click(await screen.findByRole('button', { name: 'Shopping with a birthday member?' }));
    const find = screen.getByRole('searchbox', { name: 'Find the birthday member' });
    fireEvent.change(find, { target: { value: '2222' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Select 赵敏' }));
    expect((await screen.findByRole('alert')).textContent).toBe('赵敏: The birthday coupon was not used today');
    fireEvent.change(find, { target: { value: '4444' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Select 钱多' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('钱多 has not used a birthday coupon.'));
    expect(screen.queryByRole('group', { name: 'Birthday companion' })).toBeNull();
    expect(screen.getByTestId('amount-due').textContent).toBe('¥100.00');
  });

  it('[T3][T7] an order that reaches a tier writes it with the sale; the receipt and the member card say "Now Senior"', async () => {
    const m = await enroll(services, 'Big Spender', '13600005555');
    await addProduct(services, 'Pram', 60000);
    useCart.getState().attachMember(m.id);
    renderApp(services);
    await tapQuickKey('Pram');
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥600.00'));
    await payByWeChat(services, m.id);
    const receipt = screen.getByRole('article', { name: 'Receipt' });
    expect((await within(receipt).findByTestId('receipt-tier')).textContent).toBe('Now Senior');
    const hit = await services.repos.members.get(m.id);
    expect(hit?.stats.tierId).toBe('senior');
    expect(hit?.stats.tierSince).toBe(NOW);
    fireEvent.click(screen.getByRole('button', { name: 'New sale' }));
    useRouter.setState({ route: { name: 'member', id: m.id } });
    const card = await screen.findByRole('article', { name: 'Member card' });
    expect((await within(card).findByTestId('tier-now')).textContent?.trim()).toBe('Now Senior');
  });
});

async function enrollWithBirthday(services: Services, name: string, phone: string, birthday: string): Promise<Member> {
  const { enrollMember } = await import('../../src/app/enrollment');
  const store = useSession.getState().store;
  const r = await enrollMember({ name, phone, birthday, wechat: null, referredBy: null, consent: true }, {
    repos: services.repos, programme: currentProgramme(), now: services.now(), newId: services.newId, timeZone: 'Asia/Shanghai',
    storeId: store?.id ?? 's', deviceId: 'd', staffId: null, country: 'CN',
  });
  if (!r.ok) throw new Error('fixture');
  return r.member;
}
