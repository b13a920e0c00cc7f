/**
 * The owner's programme screen (docs/loyalty-spec.md P2–P7): it opens only with a manager's PIN, a
 * refused setting is shown at its field and nothing is saved, and saving makes a NEW version that the
 * next quote uses while an earlier sale keeps the version that priced it.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCart } from '../../src/app/cart-store';
import { currentProgramme } from '../../src/app/programme-store';
import { useRouter } from '../../src/app/router';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import type { Cents } from '../../src/domain/money';
import { cents, points } from '../../src/domain/money';
import { quoteCheckout } from '../../src/domain/quote';
import type { Member, Product, Staff } from '../../src/domain/records';
import { buildSale } from '../../src/domain/sale-records';
import { addStaff, enroll, makeServices, NOW, OWNER_PIN, renderApp, resetStores, setUpStore } from './helpers';

let services: Services;
let owner: Staff;
beforeEach(async () => {
  resetStores();
  services = await makeServices();
  owner = await setUpStore(services);
});

function openProgramme() {
  renderApp(services);
  act(() => useRouter.getState().go({ name: 'programme' }));
}

async function unlock(pin: string) {
  // The staff list loads first: a PIN typed before someone is chosen would be checked against no one.
  await waitFor(() => expect(within(screen.getByRole('radiogroup', { name: 'Manager' })).getAllByRole('radio').some((r) => r.getAttribute('aria-checked') === 'true')).toBe(true));
  fireEvent.change(await screen.findByLabelText('PIN'), { target: { value: pin } });
  fireEvent.click(screen.getByRole('button', { name: 'Open the programme' }));
}

async function openAsOwner() {
  openProgramme();
  await unlock(OWNER_PIN);
  // The PIN check is a real PBKDF2: on a loaded machine the first one can take over a second.
  return screen.findByRole('form', { name: 'Loyalty programme' }, { timeout: 5_000 });
}

function fieldError(input: HTMLElement): string | null {
  const id = input.getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent ?? null : null;
}

/** A ¥100 sale to `m` priced by the programme in force, written as the checkout writes it. */
async function sellTea(m: Member): Promise<string> {
  const programme = currentProgramme();
  const q = quoteCheckout({
    lines: [{ productId: null, name: 'Tea', category: 'tea', unitPrice: cents(10_000), qty: 1, lineDiscount: cents(0), noEarn: false }],
    member: { id: m.id, balance: points(0), rollingSpend: cents(0), largestOrder: cents(0), tierId: null, enrolledOn: m.enrolledOn, birthday: null, referredBy: null },
    coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme, now: NOW, timeZone: 'Asia/Shanghai',
  });
  if (!q.ok) throw new Error(JSON.stringify(q.errors));
  const b = buildSale(q.quote, {
    ids: services.newId, now: NOW, timeZone: 'Asia/Shanghai', storeId: 's', deviceId: 'd', staffId: owner.id, receiptNo: 'R-OLD',
    payments: [{ method: 'cash', amount: q.quote.total }], programme, coupons: [],
  });
  if (!b.ok) throw new Error(JSON.stringify(b.errors));
  await services.repos.writer.commitSale({ sale: b.sale, ledger: b.ledger, couponsIssued: [] });
  return b.sale.id;
}

describe('opening the programme', () => {
  it('[P5] a cashier is refused the screen: only a manager or the owner, signing in with their PIN, opens it', async () => {
    const cashier = await addStaff(services, 'Casey', 'cashier', '1357');
    useSession.getState().signIn(cashier);
    openProgramme();
    expect(await screen.findByText('This screen needs a manager or the owner. Sign in with their PIN to open it.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Loyalty programme' })).toBeNull();
    expect(screen.queryByLabelText('Tier 1 threshold (¥)')).toBeNull();
  });

  it('[P5] a signed-in manager finds it under More and still gives a manager\'s PIN; a wrong one opens nothing', async () => {
    const manager = await addStaff(services, 'Ming', 'manager', '1357');
    await addStaff(services, 'Casey', 'cashier', '2222');
    useSession.getState().signIn(manager);
    renderApp(services);
    fireEvent.click(await screen.findByRole('button', { name: /More/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Loyalty programme' }));
    expect(await screen.findByText('Changing the programme needs the PIN of a manager or the owner.')).toBeTruthy();
    // Only managers and the owner can be chosen: a cashier's PIN can never approve it.
    const chooser = screen.getByRole('radiogroup', { name: 'Manager' });
    await waitFor(() => expect(within(chooser).getAllByRole('radio').map((r) => r.textContent).sort()).toEqual(['Ming Manager', 'Olivia Owner']));
    fireEvent.click(within(chooser).getByRole('radio', { name: /Ming/ }));
    await unlock('2222');
    expect(await screen.findByText(/^Wrong PIN\./)).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Loyalty programme' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save as a new version' })).toBeNull();
    await unlock('1357');
    expect(await screen.findByText('Approved by Ming.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save as a new version' })).toBeTruthy();
  });

  it('[P1] shows the version in force and when it was made', async () => {
    openProgramme();
    expect((await screen.findByTestId('programme-active')).textContent).toMatch(/^Version 1 is in force, made .*2026.* by Olivia\.$/);
  });
});

describe('refused settings', () => {
  it('[P3] a tier threshold below the one before it is refused at that field, and nothing is saved', async () => {
    const outboxBefore = await services.repos.outbox.count();
    const form = await openAsOwner();
    const senior = within(form).getByLabelText('Tier 2 threshold (¥)');
    expect((senior as HTMLInputElement).value).toBe('500.00');
    fireEvent.change(senior, { target: { value: '200' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await screen.findByText('Nothing was saved: correct the settings marked below.')).toBeTruthy();
    expect(senior.getAttribute('aria-invalid')).toBe('true');
    expect(fieldError(senior)).toBe('Must be higher than the tier of the same kind listed before it: list tiers from lowest to highest');
    // The other tiers are fine: no mark on them.
    expect(within(form).getByLabelText('Tier 1 threshold (¥)').getAttribute('aria-invalid')).toBeNull();
    expect(await services.repos.programmes.versions()).toEqual([1]);
    expect(await services.repos.audit.recent(10)).toEqual([]);
    expect(await services.repos.outbox.count()).toBe(outboxBefore);
  });

  it('[P7] money with three decimals and a fractional point rate are refused at their fields', async () => {
    const form = await openAsOwner();
    fireEvent.change(within(form).getByLabelText('Tier 3 threshold (¥)'), { target: { value: '1000.005' } });
    fireEvent.change(within(form).getByLabelText('Points worth ¥1'), { target: { value: '2.5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() => expect(fieldError(within(form).getByLabelText('Tier 3 threshold (¥)'))).toBe('Type an amount such as 12.50'));
    expect(fieldError(within(form).getByLabelText('Points worth ¥1'))).toBe('Type a whole number');
    expect(await services.repos.programmes.versions()).toEqual([1]);
  });

  it('[P4] a minimum redemption that is not a whole number of steps is refused at the minimum', async () => {
    const form = await openAsOwner();
    fireEvent.change(within(form).getByLabelText('Fewest points at a time'), { target: { value: '150' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() => expect(fieldError(within(form).getByLabelText('Fewest points at a time'))).toBe('The minimum must be a whole number of steps'));
    expect(await services.repos.programmes.versions()).toEqual([1]);
  });
});

describe('saving a new version', () => {
  it('[P6] saving makes version 2 with an audit entry; the next quote earns at the new rate while the earlier sale keeps version 1', async () => {
    const m = await enroll(services, 'Wang Fang', '13600008888');
    const oldSaleId = await sellTea(m);
    const form = await openAsOwner();
    fireEvent.change(within(form).getByLabelText('Points earned'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Tier 4 points multiplier (×)'), { target: { value: '1.75' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await screen.findByText('Version 2 is saved and in force. Earlier sales keep the version that priced them.')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('programme-active').textContent).toMatch(/^Version 2 is in force/));

    // Version 1 is kept exactly as it was; version 2 holds the integers the owner typed.
    expect(await services.repos.programmes.versions()).toEqual([1, 2]);
    expect((await services.repos.programmes.get(1))?.config).toMatchObject({ version: 1, earn: { pointsPerUnit: 1 } });
    const v2 = (await services.repos.programmes.get(2))?.config as ReturnType<typeof currentProgramme>;
    expect(v2.earn.pointsPerUnit).toBe(2);
    expect(v2.tiers[3]).toMatchObject({ id: 'gold', minSpend: 300_000, earnMultiplierPct: 175 });
    // Who did it, queued for the server with the version in one write.
    const [audit] = await services.repos.audit.recent(5);
    expect(audit).toMatchObject({ action: 'programme', staffId: owner.id, subjectId: '2' });
    const outbox = await services.repos.outbox.peek(50);
    expect(outbox.some((r) => r.mutation.kind === 'audit.append' && r.mutation.id === audit?.id)).toBe(true);

    // The counter's next quote: ¥100 now earns 200 points.
    const tea: Product = { id: services.newId(), sku: 'TEA', barcode: null, name: 'Tea', category: 'tea', price: 10_000 as Cents, noEarn: false, active: true, quickKey: true };
    await services.repos.products.put([tea]);
    act(() => useRouter.getState().go({ name: 'counter' }));
    act(() => useCart.getState().attachMember(m.id));
    fireEvent.click(await screen.findByRole('button', { name: /^Tea/ }));
    expect((await screen.findAllByText(/^200 pts/)).length).toBeGreaterThan(0);
    expect(screen.queryByText(/^100 pts/)).toBeNull();
    // The sale made before still names version 1 and keeps the 100 points it earned.
    expect(await services.repos.members.sale(oldSaleId)).toMatchObject({ programmeVersion: 1, pointsEarned: 100 });
  });

  it('[P6] a removed tier and an added one are saved in the new version only', async () => {
    const form = await openAsOwner();
    fireEvent.click(within(form).getByRole('button', { name: 'Remove tier 2' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Add a tier' }));
    // After the removal the list is Regular, Silver, Gold and the new one (tier 4).
    fireEvent.change(within(form).getByLabelText('Tier 4 name'), { target: { value: 'Diamond' } });
    fireEvent.change(within(form).getByLabelText('Tier 4 threshold (¥)'), { target: { value: '10000' } });
    fireEvent.change(within(form).getByLabelText('Tier 4 discount (% off)'), { target: { value: '8' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    expect(await screen.findByText(/^Version 2 is saved/)).toBeTruthy();
    const v2 = (await services.repos.programmes.get(2))?.config as ReturnType<typeof currentProgramme>;
    expect(v2.tiers.map((t) => [t.name, t.basis, t.minSpend, t.percentOff])).toEqual([
      ['Regular', 'single-order', 30_000, 5], ['Silver', 'rolling-spend', 100_000, 2], ['Gold', 'rolling-spend', 300_000, 5], ['Diamond', 'rolling-spend', 1_000_000, 8],
    ]);
    expect(((await services.repos.programmes.get(1))?.config as ReturnType<typeof currentProgramme>).tiers).toHaveLength(4);
  });

  it('[R6] the owner adds a reward: a nameless one or one without a price is refused at its field; the saved one is in the new version', async () => {
    const mug: Product = {
      id: 'p-mug', sku: 'MUG', barcode: null, name: 'Mug', category: 'gifts', price: 2500 as Cents, noEarn: false, active: true, quickKey: true,
    };
    await services.repos.products.put([mug]);
    const form = await openAsOwner();
    expect(within(form).getByText('No rewards yet.')).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Add a reward' }));
    const save = () => fireEvent.click(within(form).getByRole('button', { name: 'Save as a new version' }));
    save();
    await waitFor(() => expect(fieldError(within(form).getByLabelText('Reward 1 price (points)'))).toBe('Type a whole number'));
    fireEvent.change(within(form).getByLabelText('Reward 1 price (points)'), { target: { value: '800' } });
    save();
    await waitFor(() => expect(fieldError(within(form).getByLabelText('Reward 1 name'))).toBe('Needs a name'));
    expect(await services.repos.programmes.get(2)).toBeNull();
    fireEvent.change(within(form).getByLabelText('Reward 1 name'), { target: { value: 'Free mug' } });
    await waitFor(() => expect(within(form).getByRole('option', { name: 'Mug' })).toBeTruthy());
    fireEvent.change(within(form).getByLabelText('Reward 1 is for'), { target: { value: 'p-mug' } });
    fireEvent.change(within(form).getByLabelText('Reward 1 discount (% off; 100 = free)'), { target: { value: '120' } });
    save();
    await waitFor(() => expect(fieldError(within(form).getByLabelText('Reward 1 discount (% off; 100 = free)'))).toBe('At most 100'));
    fireEvent.change(within(form).getByLabelText('Reward 1 discount (% off; 100 = free)'), { target: { value: '100' } });
    save();
    expect(await screen.findByText(/^Version 2 is saved/)).toBeTruthy();
    const v2 = (await services.repos.programmes.get(2))?.config as ReturnType<typeof currentProgramme>;
    expect(v2.redemption.catalogue.map((r) => [r.name, r.productId, r.points, r.percentOff])).toEqual([['Free mug', 'p-mug', 800, 100]]);
    expect(currentProgramme().redemption.catalogue).toHaveLength(1);
    // removing it saves a version without it
    fireEvent.click(within(form).getByRole('button', { name: 'Remove reward 1' }));
    save();
    expect(await screen.findByText(/^Version 3 is saved/)).toBeTruthy();
    expect(((await services.repos.programmes.get(3))?.config as ReturnType<typeof currentProgramme>).redemption.catalogue).toEqual([]);
  });
});
