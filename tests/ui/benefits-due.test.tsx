// Benefits issued when they come due (loyalty-spec B9, B11) at the counter: a member found on a day
// gets the coupons the programme promises, the card lists exactly those, and checkout applies them.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { enrollMember } from '../../src/app/enrollment';
import { currentProgramme, loadProgramme } from '../../src/app/programme-store';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import type { Cents } from '../../src/domain/money';
import type { Programme } from '../../src/domain/programme';
import { quoteCheckout } from '../../src/domain/quote';
import type { Member, Product } from '../../src/domain/records';
import { buildSale } from '../../src/domain/sale-records';
import { toQuoteMember } from '../../src/features/checkout/use-quote';
import { makeServices, renderApp, resetStores, setUpStore } from './helpers';

/** 10:00 in Shanghai on these days. */
const JOINED = Date.UTC(2026, 5, 10, 2, 0, 0);
const DECEMBER = Date.UTC(2026, 11, 10, 2, 0, 0);
const JAN_5 = Date.UTC(2027, 0, 5, 2, 0, 0);

let services: Services;
const clock = { now: JOINED };

async function enrollJanuaryBirthday(): Promise<Member> {
  const store = useSession.getState().store;
  const r = await enrollMember({ name: '周一月', phone: '13711112222', birthday: '1990-01-20', wechat: null, referredBy: null, consent: true }, {
    repos: services.repos, programme: currentProgramme(), now: services.now(), newId: services.newId, timeZone: 'Asia/Shanghai',
    storeId: store?.id ?? 's', deviceId: 'd', staffId: null, country: 'CN',
  });
  if (!r.ok) throw new Error('fixture: enrol');
  return r.member;
}

/** A ¥1,500 purchase on `at`, as the till writes it. */
async function buy(member: Member, at: number): Promise<void> {
  const hit = await services.repos.members.get(member.id);
  if (!hit) throw new Error('fixture: member');
  const q = quoteCheckout({
    lines: [{ productId: null, name: 'Pram', category: '', unitPrice: 150_000 as Cents, qty: 1, lineDiscount: 0 as Cents, noEarn: false }],
    member: toQuoteMember(hit), coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme: currentProgramme(), now: at, timeZone: 'Asia/Shanghai',
  });
  if (!q.ok) throw new Error('fixture: quote');
  const built = buildSale(q.quote, {
    ids: services.newId, now: at, timeZone: 'Asia/Shanghai', storeId: 's', deviceId: 'd', staffId: 'x', receiptNo: `R${at}`,
    payments: [{ method: 'card', amount: q.quote.total }], programme: currentProgramme(), coupons: [],
  });
  if (!built.ok) throw new Error('fixture: sale');
  await services.repos.writer.commitSale({ sale: built.sale, ledger: built.ledger, couponsIssued: built.couponsIssued });
}

async function findAtCounter(lastFour: string, name: string): Promise<HTMLElement> {
  fireEvent.change(await screen.findByRole('searchbox', { name: 'Find a member' }), { target: { value: lastFour } });
  fireEvent.click(await screen.findByRole('button', { name: `Select ${name}` }));
  return screen.findByRole('article', { name: 'Member card' });
}

async function addTea(): Promise<void> {
  const p: Product = { id: services.newId(), sku: 'tea', barcode: null, name: 'Tea', category: 'Test', price: 10_000 as Cents, noEarn: false, active: true, quickKey: true };
  await services.repos.products.put([p]);
}

describe('benefits issued when they come due, at the counter', () => {
  beforeEach(async () => {
    resetStores();
    clock.now = JOINED;
    services = { ...(await makeServices(JOINED)), now: () => clock.now };
    await setUpStore(services);
    await addTea();
  });

  it('[B1][B4][B9][B11] a January birthday who joined in June and spent ¥1,500 in December: on 5 January the card shows both coupons and checkout takes 30% off', async () => {
    const m = await enrollJanuaryBirthday();
    clock.now = DECEMBER;
    await buy(m, DECEMBER);
    clock.now = JAN_5;
    renderApp(services);
    const card = await findAtCounter('2222', '周一月');
    const due = within(card).getByRole('region', { name: 'Due today' });
    await waitFor(() => expect(due.textContent).toContain('Birthday month: a 30%-off purchase, valid until'));
    expect(due.textContent).toContain('Cashback: ¥15.00 off a purchase, valid until');

    fireEvent.click(within(card).getByRole('button', { name: 'Use for this sale' }));
    fireEvent.click(await screen.findByRole('button', { name: /^Tea/ }));
    const coupons = await screen.findByRole('group', { name: 'Coupons' });
    fireEvent.click(within(coupons).getByRole('checkbox', { name: /Birthday month coupon: 30% off/ }));
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥70.00'));
    expect(screen.getByRole('region', { name: 'Amount due' }).textContent).toContain('Birthday month coupon: 30% off');
    fireEvent.click(screen.getByRole('button', { name: /^Pay / }));
    const dialog = await screen.findByRole('dialog', { name: /Payment/ });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'WeChat Pay' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm payment' }));
    const receipt = await screen.findByRole('article', { name: 'Receipt' });
    expect(within(receipt).getByTestId('receipt-total').textContent).toBe('¥70.00');

    // Used: the card no longer offers the birthday purchase; the cashback is still there.
    fireEvent.click(screen.getByRole('button', { name: 'New sale' }));
    const again = await findAtCounter('2222', '周一月');
    const dueAgain = within(again).getByRole('region', { name: 'Due today' });
    await waitFor(() => expect(dueAgain.textContent).toContain('Cashback: ¥15.00'));
    expect(dueAgain.textContent).not.toContain('Birthday month');
  });

  it('[UI-L8][B9] a member put on the sale from the search (4 digits + Enter) gets the coupons due and their tier shown, on the counter', async () => {
    const m = await enrollJanuaryBirthday();
    clock.now = DECEMBER;
    await buy(m, DECEMBER);
    clock.now = JAN_5;
    renderApp(services);
    fireEvent.click(await screen.findByRole('button', { name: /^Tea/ }));
    const box = screen.getByRole('searchbox', { name: 'Find a member' });
    fireEvent.change(box, { target: { value: '2222' } });
    await screen.findByRole('button', { name: 'Select 周一月' });
    fireEvent.keyDown(box, { key: 'Enter' });
    const coupons = await screen.findByRole('group', { name: 'Coupons' });
    await waitFor(() => expect(within(coupons).getByRole('checkbox', { name: /Birthday month coupon: 30% off/ })).toBeTruthy());
    expect(screen.queryByRole('article', { name: 'Member card' })).toBeNull();
    // ¥1,500 spent makes a Senior (T1): the sale's member panel shows it.
    expect(screen.getByRole('region', { name: 'Member' }).textContent).toContain('Senior');
  });

  it('[B11] with the birthday benefit switched off, the card says nothing of a birthday purchase and checkout offers no coupon', async () => {
    const base = currentProgramme();
    const off: Programme = { ...base, version: base.version + 1, benefits: { ...base.benefits, birthday: { ...base.benefits.birthday, enabled: false } } };
    await services.repos.programmes.save({ version: off.version, savedAt: JOINED, savedBy: null, config: off });
    await loadProgramme(services.repos);
    await enrollJanuaryBirthday();
    clock.now = JAN_5;
    renderApp(services);
    const card = await findAtCounter('2222', '周一月');
    const due = within(card).getByRole('region', { name: 'Due today' });
    await waitFor(() => expect(due.textContent).toContain('Nothing due today.'));
    fireEvent.click(within(card).getByRole('button', { name: 'Use for this sale' }));
    fireEvent.click(await screen.findByRole('button', { name: /^Tea/ }));
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥100.00'));
    expect(screen.queryByRole('group', { name: 'Coupons' })).toBeNull();
  });
});
