import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { currentProgramme } from '../../src/app/programme-store';
import { useRouter } from '../../src/app/router';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import type { Cents } from '../../src/domain/money';
import { quoteCheckout } from '../../src/domain/quote';
import type { Sale } from '../../src/domain/records';
import { buildSale } from '../../src/domain/sale-records';
import { DAY, NOW, OWNER_PIN, addStaff, enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

async function saleAt(services: Services, at: number, memberId: string | null, tier?: { tierId: string; tierSince: number }): Promise<Sale> {
  const q = quoteCheckout({
    lines: [{ productId: null, name: 'Stroller', category: 'Gear', unitPrice: 20000 as Cents, qty: 2, lineDiscount: 0 as Cents, noEarn: false }],
    member: memberId ? { id: memberId, balance: 100 as never, rollingSpend: 0 as Cents, largestOrder: 0 as Cents, tierId: null, enrolledOn: '2026-01-01', birthday: null, referredBy: null } : null,
    coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme: currentProgramme(), now: at, timeZone: 'Asia/Shanghai',
  });
  if (!q.ok) throw new Error('fixture quote');
  const staffId = useSession.getState().staff?.id ?? 'x';
  const b = buildSale(q.quote, {
    ids: services.newId, now: at, timeZone: 'Asia/Shanghai', storeId: 's', deviceId: 'd', staffId, receiptNo: `R${at}`,
    payments: [{ method: 'card', amount: q.quote.total }], programme: currentProgramme(), coupons: [],
  });
  if (!b.ok) throw new Error('fixture sale');
  await services.repos.writer.commitSale({ sale: b.sale, ledger: b.ledger, couponsIssued: [], ...(tier ? { tier } : {}) });
  return b.sale;
}

describe('returns', () => {
  let services: Services;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
    await setUpStore(services);
  });

  async function pickOneAndRefund(sale: Sale) {
    useRouter.setState({ route: { name: 'returns', receiptNo: sale.receiptNo } });
    renderApp(services);
    fireEvent.click(await screen.findByRole('button', { name: 'One more Stroller' }));
    await waitFor(() => expect(screen.getByTestId('return-refund').textContent).toBe('¥200.00'));
    fireEvent.click(screen.getByRole('button', { name: 'Refund ¥200.00' }));
  }

  it('[X1] a return within the window needs no manager and takes back the points earned on the part', async () => {
    const m = await enroll(services, '赵敏', '13655556666');
    const sale = await saleAt(services, NOW - 2 * DAY, m.id);
    expect((await services.repos.members.get(m.id))?.stats.points).toBe(500);
    useSession.getState().signIn(await addStaff(services, 'Cathy', 'cashier', '1111'));
    await pickOneAndRefund(sale);
    await waitFor(async () => expect(await services.repos.members.returnsOf(sale.id)).toHaveLength(1));
    expect(screen.queryByRole('dialog', { name: 'A manager\'s PIN is needed' })).toBeNull();
    expect((await services.repos.members.get(m.id))?.stats.points).toBe(300);
  });

  it('[X1] outside the window the return asks for a manager\'s PIN and records who approved it', async () => {
    const sale = await saleAt(services, NOW - 10 * DAY, null);
    const owner = useSession.getState().staff;
    useSession.getState().signIn(await addStaff(services, 'Cathy', 'cashier', '1111'));
    await pickOneAndRefund(sale);
    expect(await screen.findByText('This sale is outside the 7-day return window: a manager must approve.')).toBeTruthy();
    const dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
    expect(dialog.textContent).toContain('For: a return outside the return window');
    expect(await services.repos.members.returnsOf(sale.id)).toHaveLength(0);
    await waitFor(() => expect(within(dialog).getByRole('radio', { name: 'Olivia' }).getAttribute('aria-checked')).toBe('true'));
    fireEvent.change(within(dialog).getByLabelText('PIN'), { target: { value: OWNER_PIN } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(async () => expect(await services.repos.members.returnsOf(sale.id)).toHaveLength(1), { timeout: 15_000 });
    const [ret] = await services.repos.members.returnsOf(sale.id);
    expect(ret?.approvedBy).toBe(owner?.id);
    expect(ret?.refund).toBe(20000);
    expect((await services.repos.audit.recent(5)).find((e) => e.action === 'return')).toMatchObject({ subjectId: ret?.id, detail: expect.stringContaining(`approvedBy=${owner?.id ?? ''}`) });
  });

  it('[X1] a wrong manager PIN writes nothing', async () => {
    const sale = await saleAt(services, NOW - 10 * DAY, null);
    await pickOneAndRefund(sale);
    const dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
    await waitFor(() => expect(within(dialog).getByRole('radio', { name: 'Olivia' }).getAttribute('aria-checked')).toBe('true'));
    fireEvent.change(within(dialog).getByLabelText('PIN'), { target: { value: '0000' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(await within(dialog).findByText('Wrong PIN. 4 tries left before a short lock.')).toBeTruthy();
    expect(await services.repos.members.returnsOf(sale.id)).toHaveLength(0);
  });

  it('[T7][X5] a return after the month changed re-evaluates the tier in the same write: Senior held since last month drops to Regular', async () => {
    const m = await enroll(services, '孙丽', '13677778888');
    await saleAt(services, NOW - 40 * DAY, m.id, { tierId: 'senior', tierSince: NOW - 40 * DAY });
    const sale = await saleAt(services, NOW - 2 * DAY, m.id);
    const before = await services.repos.members.get(m.id);
    expect(before?.stats.tierId).toBe('senior');
    await pickOneAndRefund(sale);
    await waitFor(async () => expect(await services.repos.members.returnsOf(sale.id)).toHaveLength(1));
    const after = await services.repos.members.get(m.id);
    // Window spend now ¥600 with a largest order of ¥400: Regular (one order of ¥300), not Senior (¥500).
    expect(after?.stats.tierId).toBe('regular');
    expect(after?.stats.tierSince).toBe(NOW);
    expect(after?.stats.lifetimeSpend).toBe((before?.stats.lifetimeSpend ?? 0) - 20000);
  });

  it('[T3][T7] a return in the month the tier was reached keeps the tier until re-evaluation', async () => {
    const m = await enroll(services, '周杰', '13677779999');
    const sale = await saleAt(services, NOW - 2 * DAY, m.id, { tierId: 'senior', tierSince: NOW - 2 * DAY });
    await pickOneAndRefund(sale);
    await waitFor(async () => expect(await services.repos.members.returnsOf(sale.id)).toHaveLength(1));
    expect((await services.repos.members.get(m.id))?.stats.tierId).toBe('senior');
  });
});
