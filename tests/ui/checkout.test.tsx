import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCart } from '../../src/app/cart-store';
import { currentProgramme } from '../../src/app/programme-store';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { StorageFullError } from '../../src/db/errors';
import type { Cents } from '../../src/domain/money';
import { makeEntry } from '../../src/domain/ledger';
import type { Product } from '../../src/domain/records';
import { buildEnrollment } from '../../src/domain/sale-records';
import { addStaff, enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

async function addProduct(services: Services, name: string, price: number): Promise<Product> {
  const p: Product = {
    id: services.newId(), sku: name.toUpperCase(), barcode: null, name, category: 'Test', price: price as Cents, noEarn: false, active: true, quickKey: true,
  };
  await services.repos.products.put([p]);
  return p;
}

async function tapQuickKey(name: string) {
  const key = await screen.findByRole('button', { name: new RegExp(`^${name}`) });
  fireEvent.click(key);
}

describe('checkout', () => {
  let services: Services;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
    await setUpStore(services);
  });

  it('[T1] with a Gold member the quote shows the tier discount and its reason', async () => {
    const built = buildEnrollment({ name: 'Gold Member', phone: '13600001111', birthday: null, wechat: null, referredBy: null, consent: true }, {
      ids: services.newId, now: services.now(), timeZone: 'Asia/Shanghai', storeId: 's', deviceId: 'd', staffId: null, country: 'CN',
      cardSeq: 42, programme: currentProgramme(),
    });
    if (!built.ok) throw new Error('fixture');
    await services.repos.writer.enroll({ ...built, stats: { ...built.stats, tierId: 'gold' }, opId: services.newId() });
    await addProduct(services, 'Tea', 10000);
    useCart.getState().attachMember(built.member.id);
    renderApp(services);
    await tapQuickKey('Tea');
    expect(await screen.findByText('Gold tier: 5% off')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥95.00'));
  });

  it('[R3] caps the redemption at the programme\'s share of the order and says why', async () => {
    const m = await enroll(services, 'Points Rich', '13600002222');
    const entry = makeEntry(m.id, 'adjustment', 20_000, 'manual', null, null, { ids: services.newId, at: services.now(), deviceId: 'd', staffId: null });
    await services.repos.writer.appendLedger({ entries: [entry], opId: services.newId() });
    await addProduct(services, 'Tea', 10000);
    useCart.getState().attachMember(m.id);
    renderApp(services);
    await tapQuickKey('Tea');
    const input = await screen.findByRole('textbox', { name: 'Points to redeem' });
    fireEvent.change(input, { target: { value: '9000' } });
    expect(await screen.findByText('Capped at 5,000 points: at most 50% of the order can be paid with points')).toBeTruthy();
    expect(useCart.getState().redeemPoints).toBe(5000);
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥50.00'));
  });

  it('[Q3][B6] the receipt prints the referral reward the sale gives the member who brought the customer', async () => {
    const ann = await enroll(services, 'Ann', '18600000001');
    const bo = await enroll(services, 'Bo', '18600000002', ann.id);
    await addProduct(services, 'Pram', 20000);
    useCart.getState().attachMember(bo.id);
    renderApp(services);
    await tapQuickKey('Pram');
    fireEvent.click(await screen.findByRole('button', { name: /^Pay ¥200\.00/ }));
    const dialog = await screen.findByRole('dialog', { name: /Payment/ });
    fireEvent.change(within(dialog).getByLabelText('Cash received'), { target: { value: '200' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm payment' }));
    const receipt = await screen.findByRole('article', { name: 'Receipt' });
    // 1% of ¥200 = ¥2 = 200 points at 100 points per ¥1, for Ann.
    expect(await within(receipt).findByText('Referral reward for Ann')).toBeTruthy();
    expect(within(receipt).getByTestId('receipt-referral').textContent).toBe('200');
    expect((await services.repos.members.get(ann.id))?.stats.points).toBe(300);
  });

  it('[Q8] cash payment shows the change due; paying commits the sale and shows what was earned and the new balance', async () => {
    const m = await enroll(services, '刘洋', '18622223333');
    await addProduct(services, 'Milk', 5800);
    useCart.getState().attachMember(m.id);
    renderApp(services);
    await tapQuickKey('Milk');
    fireEvent.click(await screen.findByRole('button', { name: /^Pay ¥58\.00/ }));
    const dialog = await screen.findByRole('dialog', { name: /Payment/ });
    fireEvent.change(within(dialog).getByLabelText('Cash received'), { target: { value: '100' } });
    expect(within(dialog).getByTestId('change-due').textContent).toBe('¥42.00');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm payment' }));
    const receipt = await screen.findByRole('article', { name: 'Receipt' });
    expect(within(receipt).getByTestId('receipt-total').textContent).toBe('¥58.00');
    expect(within(receipt).getByTestId('receipt-change').textContent).toBe('¥42.00');
    expect(within(receipt).getByTestId('receipt-earned').textContent).toBe('58');
    expect(within(receipt).getByTestId('receipt-balance').textContent).toBe('158');
    expect(within(receipt).getByRole('img', { name: `Member QR code ${m.cardNo}` })).toBeTruthy();
    const hit = await services.repos.members.get(m.id);
    expect(hit?.stats.points).toBe(158);
    expect(useCart.getState().lines).toEqual([]);
    // the audit list names the sale, written with it
    const [item] = await services.repos.members.history(m.id, 1);
    expect(item?.kind).toBe('sale');
    expect((await services.repos.audit.recent(5)).find((e) => e.action === 'sale'))
      .toMatchObject({ subjectId: item?.kind === 'sale' ? item.sale.id : 'none', detail: expect.stringContaining('total=5800') });
  });

  it('[Q8] a short cash payment cannot be confirmed', async () => {
    await addProduct(services, 'Milk', 5800);
    renderApp(services);
    await tapQuickKey('Milk');
    fireEvent.click(await screen.findByRole('button', { name: /^Pay ¥58\.00/ }));
    const dialog = await screen.findByRole('dialog', { name: /Payment/ });
    fireEvent.change(within(dialog).getByLabelText('Cash received'), { target: { value: '50' } });
    expect(within(dialog).getByTestId('change-due').textContent).toBe('¥8.00 still to pay');
    expect((within(dialog).getByRole('button', { name: 'Confirm payment' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('[UI-W1] a full disk keeps the cart and says so; nothing is written', async () => {
    await addProduct(services, 'Milk', 5800);
    const outboxBefore = await services.repos.outbox.count();
    // The writer may be a lazy proxy (src/db/lazy-till-writer.ts): wrap it rather than assign to it.
    const real = services.repos.writer;
    services.repos.writer = new Proxy(real, {
      get: (target, name) => (name === 'commitSale' ? async () => { throw new StorageFullError(); } : Reflect.get(target, name)),
    });
    renderApp(services);
    await tapQuickKey('Milk');
    fireEvent.click(await screen.findByRole('button', { name: /^Pay ¥58\.00/ }));
    const dialog = await screen.findByRole('dialog', { name: /Payment/ });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm payment' }));
    expect(await within(dialog).findByText(/Storage is full: the sale was not saved/)).toBeTruthy();
    expect(useCart.getState().lines).toHaveLength(1);
    expect(await services.repos.outbox.count()).toBe(outboxBefore);
    expect(screen.getByRole('button', { name: /^Pay ¥58\.00/ })).toBeTruthy();
  });

  it('[Q1] refuses an absurd quantity at the field and keeps the last good one', async () => {
    await addProduct(services, 'Milk', 5800);
    renderApp(services);
    await tapQuickKey('Milk');
    const qty = await screen.findByRole('textbox', { name: 'Quantity of Milk' });
    fireEvent.change(qty, { target: { value: '100000' } });
    fireEvent.blur(qty);
    expect(await screen.findByText('Quantity must be a whole number from 1 to 999.')).toBeTruthy();
    expect(useCart.getState().lines[0]?.qty).toBe(1);
    expect(useSession.getState().staff?.name).toBe('Olivia');
  });

  it('[UI-D1] a cashier\'s line discount above the limit asks for a manager; within the limit it does not', async () => {
    await addProduct(services, 'Milk', 5800);
    useSession.getState().signIn(await addStaff(services, 'Cathy', 'cashier', '1111'));
    renderApp(services);
    await tapQuickKey('Milk');
    const disc = await screen.findByRole('textbox', { name: 'Discount on Milk' });
    fireEvent.change(disc, { target: { value: '5' } });
    fireEvent.keyDown(disc, { key: 'Enter' });
    await waitFor(() => expect(useCart.getState().lines[0]?.lineDiscount).toBe(500));
    expect(screen.queryByRole('dialog', { name: 'A manager\'s PIN is needed' })).toBeNull();
    fireEvent.change(disc, { target: { value: '20' } });
    fireEvent.keyDown(disc, { key: 'Enter' });
    const dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
    expect(dialog.textContent).toContain('a line discount above the cashier\'s limit');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'A manager\'s PIN is needed' })).toBeNull());
    expect(useCart.getState().lines[0]?.lineDiscount).toBe(500);
  });
});
