/**
 * What the owner sets on the programme screen and what a cashier then sees (issue #15, item 8):
 * grade thresholds (G1) used by the member card and the dashboard; points promotions (E4), points
 * expiry (L3) and stacking (K1, K2) on the programme screen.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCart } from '../../src/app/cart-store';
import { currentProgramme } from '../../src/app/programme-store';
import { useRouter } from '../../src/app/router';
import type { Services } from '../../src/app/services';
import { cents, points, type Cents } from '../../src/domain/money';
import { quoteCheckout } from '../../src/domain/quote';
import type { Member, Product, Staff } from '../../src/domain/records';
import { buildSale } from '../../src/domain/sale-records';
import { enroll, makeServices, NOW, OWNER_PIN, renderApp, resetStores, setUpStore } from './helpers';

let services: Services;
let owner: Staff;
beforeEach(async () => {
  resetStores();
  services = await makeServices();
  owner = await setUpStore(services);
});

async function openAsOwner() {
  renderApp(services);
  act(() => useRouter.getState().go({ name: 'programme' }));
  await waitFor(() => expect(within(screen.getByRole('radiogroup', { name: 'Manager' })).getAllByRole('radio').some((r) => r.getAttribute('aria-checked') === 'true')).toBe(true));
  fireEvent.change(await screen.findByLabelText('PIN'), { target: { value: OWNER_PIN } });
  fireEvent.click(screen.getByRole('button', { name: 'Open the programme' }));
  return screen.findByRole('form', { name: 'Loyalty programme' }, { timeout: 5_000 });
}

const fieldError = (input: HTMLElement) => {
  const id = input.getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent ?? null : null;
};

/** A ¥100 sale to `m` priced by the programme in force, written as the checkout writes it. */
async function sellTea(m: Member, receiptNo: string): Promise<void> {
  const programme = currentProgramme();
  const q = quoteCheckout({
    lines: [{ productId: null, name: 'Tea', category: 'tea', unitPrice: cents(10_000), qty: 1, lineDiscount: cents(0), noEarn: false }],
    member: { id: m.id, balance: points(0), rollingSpend: cents(0), largestOrder: cents(0), tierId: null, enrolledOn: m.enrolledOn, birthday: null, referredBy: null },
    coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme, now: NOW, timeZone: 'Asia/Shanghai',
  });
  if (!q.ok) throw new Error(JSON.stringify(q.errors));
  const b = buildSale(q.quote, {
    ids: services.newId, now: NOW, timeZone: 'Asia/Shanghai', storeId: 's', deviceId: 'd', staffId: owner.id, receiptNo,
    payments: [{ method: 'cash', amount: q.quote.total }], programme, coupons: [],
  });
  if (!b.ok) throw new Error(JSON.stringify(b.errors));
  await services.repos.writer.commitSale({ sale: b.sale, ledger: b.ledger, couponsIssued: [] });
}

describe('grade thresholds (G1)', () => {
  it('[G1] the owner lowers grade D to 2 purchases: the member card of a member who came twice this month shows D', async () => {
    const m = await enroll(services, 'Wang Fang', '13600008888');
    await sellTea(m, 'R-1');
    await sellTea(m, 'R-2');
    const form = await openAsOwner();
    expect((within(form).getByLabelText('Grade A from (purchases)') as HTMLInputElement).value).toBe('15');
    fireEvent.change(within(form).getByLabelText('Grade D from (purchases)'), { target: { value: '2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await screen.findByText(/^Version 2 is saved/)).toBeTruthy();
    expect(currentProgramme().grades).toEqual({ A: 15, B: 10, C: 5, D: 2, E: 1 });
    act(() => useRouter.getState().go({ name: 'member', id: m.id }));
    const card = await screen.findByRole('article', { name: 'Member card' });
    const grade = within(card).getByRole('heading', { name: 'Grade' }).nextElementSibling;
    await waitFor(() => expect(grade?.textContent).toBe('D'));
  });

  it('[G1] a grade needing as many purchases as the one above it is refused at its field, and nothing is saved', async () => {
    const form = await openAsOwner();
    const b = within(form).getByLabelText('Grade B from (purchases)');
    fireEvent.change(b, { target: { value: '15' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() => expect(fieldError(b)).toBe('Must be fewer purchases than the grade above it'));
    expect(await services.repos.programmes.versions()).toEqual([1]);
  });
});

describe('promotions, expiry and stacking on the programme screen', () => {
  it('[E4] the owner makes today a double-points day: a ¥100 checkout at the counter earns 200 points', async () => {
    const m = await enroll(services, 'Wang Fang', '13600008888');
    const tea: Product = { id: services.newId(), sku: 'TEA', barcode: null, name: 'Tea', category: 'tea', price: 10_000 as Cents, noEarn: false, active: true, quickKey: true };
    await services.repos.products.put([tea]);
    const form = await openAsOwner();
    fireEvent.click(within(form).getByRole('button', { name: 'Add a points promotion' }));
    fireEvent.change(within(form).getByLabelText('Promotion 1 name'), { target: { value: 'Friday double' } });
    const days = within(form).getByRole('group', { name: 'Promotion 1 weekdays' });
    fireEvent.click(within(days).getByRole('checkbox', { name: 'Fri' })); // 2026-11-20 is a Friday
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await screen.findByText(/^Version 2 is saved/)).toBeTruthy();
    expect(currentProgramme().earn.promotions).toEqual([{ id: expect.any(String), name: 'Friday double', multiplierPct: 200, from: null, to: null, weekdays: [5] }]);

    act(() => useRouter.getState().go({ name: 'counter' }));
    act(() => useCart.getState().attachMember(m.id));
    fireEvent.click(await screen.findByRole('button', { name: /^Tea/ }));
    fireEvent.click(await screen.findByRole('button', { name: /^Pay ¥100\.00/ }));
    const dialog = await screen.findByRole('dialog', { name: /Payment/ });
    fireEvent.change(within(dialog).getByLabelText('Cash received'), { target: { value: '100' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm payment' }));
    const receipt = await screen.findByRole('article', { name: 'Receipt' });
    expect(within(receipt).getByTestId('receipt-earned').textContent).toBe('200');
  });

  it('[E4] a promotion without a name, or ending before it starts, is refused at its field and nothing is saved', async () => {
    const form = await openAsOwner();
    fireEvent.click(within(form).getByRole('button', { name: 'Add a points promotion' }));
    fireEvent.change(within(form).getByLabelText('Promotion 1 from (YYYY-MM-DD, optional)'), { target: { value: '2026-12-10' } });
    fireEvent.change(within(form).getByLabelText('Promotion 1 to (YYYY-MM-DD, optional)'), { target: { value: '2026-12-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() => expect(fieldError(within(form).getByLabelText('Promotion 1 name'))).toBe('Needs a name'));
    fireEvent.change(within(form).getByLabelText('Promotion 1 name'), { target: { value: 'December' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() => expect(fieldError(within(form).getByLabelText('Promotion 1 to (YYYY-MM-DD, optional)'))).toBe('Ends before it starts'));
    expect(await services.repos.programmes.versions()).toEqual([1]);
  });

  it('[L3][K2] points set to expire at the end of the year: the next sale\'s points last until 31 December; stacking is saved', async () => {
    const m = await enroll(services, 'Wang Fang', '13600008888');
    const form = await openAsOwner();
    fireEvent.change(within(form).getByLabelText('Points expire'), { target: { value: 'year-end' } });
    expect(within(form).queryByLabelText('Months points last')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Tier discount, coupons and sale events'), { target: { value: 'stack' } });
    expect(within(form).getByText('Percentages apply one after another on what is left, then money-off coupons.')).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await screen.findByText(/^Version 2 is saved/)).toBeTruthy();
    expect([currentProgramme().expiry.mode, currentProgramme().stacking.mode]).toEqual(['year-end', 'stack']);
    await sellTea(m, 'R-1');
    const earned = (await services.repos.members.ledger(m.id)).filter((e) => e.kind === 'earn');
    expect(earned.map((e) => [e.points, e.expiresOn])).toEqual([[100, '2026-12-31']]);
  });
});

describe('lifetime value and RFM on the member card', () => {
  it('[G4][G5] the card shows recency, frequency, money and lifetime value; the owner\'s margin and years change it', async () => {
    const m = await enroll(services, 'Wang Fang', '13600008888');
    await sellTea(m, 'R-1');
    await sellTea(m, 'R-2');
    act(() => useRouter.getState().go({ name: 'member', id: m.id }));
    renderApp(services);
    let card = await screen.findByRole('region', { name: 'Value to the shop' });
    // ¥200 in the last 12 months × the default 30% margin = ¥60 a year, × 2.5 years = ¥150.
    await waitFor(() => expect(within(card).getByTestId('lifetime-value').textContent).toBe('¥150.00'));
    expect(within(card).getByTestId('rfm-recency').textContent).toBe('0 days ago');
    await waitFor(() => expect(within(card).getByTestId('rfm-frequency').textContent).toBe('2'));
    expect(within(card).getByTestId('rfm-money').textContent).toBe('¥200.00');
    expect(card.textContent).toContain('Yearly profit ¥60.00 at your 30% margin × 2.5 expected years');

    act(() => useRouter.getState().go({ name: 'programme' }));
    await waitFor(() => expect(within(screen.getByRole('radiogroup', { name: 'Manager' })).getAllByRole('radio').some((r) => r.getAttribute('aria-checked') === 'true')).toBe(true));
    fireEvent.change(await screen.findByLabelText('PIN'), { target: { value: OWNER_PIN } });
    fireEvent.click(screen.getByRole('button', { name: 'Open the programme' }));
    const form = await screen.findByRole('form', { name: 'Loyalty programme' }, { timeout: 5_000 });
    fireEvent.change(within(form).getByLabelText('Profit margin on sales (%)'), { target: { value: '40' } });
    fireEvent.change(within(form).getByLabelText('Years a member is expected to stay'), { target: { value: '3' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await screen.findByText(/^Version 2 is saved/)).toBeTruthy();
    act(() => useRouter.getState().go({ name: 'member', id: m.id }));
    card = await screen.findByRole('region', { name: 'Value to the shop' });
    await waitFor(() => expect(within(card).getByTestId('lifetime-value').textContent).toBe('¥240.00'));
    expect(card.textContent).toContain('at your 40% margin × 3 expected years');
  });

  it('[G5] expected years that are not a number of years are refused at their field', async () => {
    const form = await openAsOwner();
    fireEvent.change(within(form).getByLabelText('Years a member is expected to stay'), { target: { value: '2.55' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() => expect(fieldError(within(form).getByLabelText('Years a member is expected to stay'))).toBe('Type a number of years such as 2.5'));
    expect(await services.repos.programmes.versions()).toEqual([1]);
  });
});
