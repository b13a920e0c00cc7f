// Issue #15 item 4: two tablets redeem the same points offline, the overdraft is booked (S10), and then
// the member must still be able to buy at the counter of every tablet; what they earn pays it off (R9, L2).
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useRouter } from '../../src/app/router';
import type { Services } from '../../src/app/services';
import type { Cents } from '../../src/domain/money';
import { enroll, renderApp } from './helpers';
import { newShop, pairTablet, syncAll, type PairedTablet } from './paired-tablets';
import { syncServerForFile } from './sync-server';

const server = syncServerForFile();
const MEMBER = { name: 'Mia Chen', phone: '13800004321', last4: '4321' };

async function addProducts(services: Services): Promise<void> {
  const product = (name: string, price: number) => ({
    id: `p-${name}`, sku: name, barcode: null, name, category: 'Tea', price: price as Cents, noEarn: false, active: true, quickKey: true,
  });
  await services.repos.products.put([product('Tea set', 98_400), product('Oolong', 3_000), product('Teapot', 3_000)]);
}

/** At the counter of the tablet on screen: the member found by the last four digits and attached. */
async function attachMember(): Promise<void> {
  act(() => useRouter.setState({ route: { name: 'counter' } }));
  fireEvent.change(await screen.findByRole('searchbox', { name: 'Find a member' }), { target: { value: MEMBER.last4 } });
  fireEvent.click(await screen.findByRole('button', { name: `Select ${MEMBER.name}` }));
  fireEvent.click(await screen.findByRole('button', { name: 'Use for this sale' }));
}

async function addItem(name: string): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: new RegExp(`^${name}`) }));
}

/** Pays by WeChat Pay; what the receipt shows. */
async function pay(amount: string): Promise<{ earned: string; balance: string }> {
  const payButton = await screen.findByRole('button', { name: `Pay ${amount}` });
  await waitFor(() => expect((payButton as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(payButton);
  const dialog = await screen.findByRole('dialog', { name: /Payment/ });
  fireEvent.click(within(dialog).getByRole('radio', { name: 'WeChat Pay' }));
  fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm payment' }));
  const receipt = await screen.findByRole('article', { name: 'Receipt' });
  const shown = { earned: within(receipt).getByTestId('receipt-earned').textContent ?? '', balance: within(receipt).getByTestId('receipt-balance').textContent ?? '' };
  fireEvent.click(screen.getByRole('button', { name: 'New sale' }));
  return shown;
}

/** A ¥30 tea for a Senior member (¥27) paying 1,000 points (¥10) of it, as the cashier types it. */
async function redeemThousand(): Promise<{ earned: string; balance: string }> {
  await attachMember();
  await addItem('Oolong');
  fireEvent.change(await screen.findByRole('textbox', { name: 'Points to redeem' }), { target: { value: '1000' } });
  return pay('¥17.00');
}

/** The member card's points on the tablet on screen. */
async function cardPoints(t: PairedTablet, memberId: string): Promise<string> {
  await t.show();
  act(() => useRouter.setState({ route: { name: 'member', id: memberId } }));
  renderApp(t.services);
  const card = await screen.findByRole('article', { name: 'Member card' });
  return within(card).getByTestId('card-points').textContent ?? '';
}

/** A minute passes on every tablet (the server's clock allows them 5 minutes ahead, S9). */
function later(...tablets: PairedTablet[]): void {
  for (const t of tablets) t.clock.now += 60_000;
}

async function serverPoints(memberId: string): Promise<number> {
  const r = await server.db.query<{ p: number }>('SELECT COALESCE(sum(points), 0)::int AS p FROM ledger WHERE member_id = $1', [memberId]);
  return r[0]?.p ?? NaN;
}

describe('a member in overdraft at the counter', () => {
  it('[R9][L2][S10] after two tablets redeemed the same points offline, the member at −882 still pays on every tablet and the points earned pay the overdraft off', async () => {
    const shop = await newShop(server, 'Overdraft Tea');
    const a = await pairTablet(server, shop.storeId, 'Front till');
    const b = await pairTablet(server, shop.storeId, 'Back till');
    await addProducts(a.services);
    await addProducts(b.services);

    // Tablet A: the member joins (100 points) and buys a ¥984 tea set (984 points): 1,084, and Senior (T2).
    await a.show();
    const m = await enroll(a.services, MEMBER.name, MEMBER.phone);
    renderApp(a.services);
    await attachMember();
    await addItem('Tea set');
    expect((await pay('¥984.00')).balance).toBe('1,084');
    await syncAll([a, b]);
    later(a, b);

    // Both tablets lose the network, and each lets the member pay ¥10 of a ¥30 tea (¥27 as a Senior) with 1,000 points.
    a.offline = true;
    b.offline = true;
    expect(await redeemThousand()).toEqual({ earned: '17', balance: '101' });
    await b.show();
    renderApp(b.services);
    expect(await redeemThousand()).toEqual({ earned: '17', balance: '101' });

    // Back online: both sales stand, the overdraft is booked: 1,084 − 2,000 + 17 + 17 = −882 everywhere.
    a.offline = false;
    b.offline = false;
    await syncAll([a, b]);
    later(a, b);
    expect(await cardPoints(a, m.id)).toBe('-882');
    expect(await cardPoints(b, m.id)).toBe('-882');
    expect(await serverPoints(m.id)).toBe(-882);

    // On each tablet the member is attached to a ¥30 teapot (¥27 as a Senior): no refusal, nothing to redeem, Pay works.
    for (const [t, after] of [[a, '-855'], [b, '-828']] as const) {
      await t.show();
      renderApp(t.services);
      await attachMember();
      await addItem('Teapot');
      await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥27.00'));
      expect(screen.queryByText(/More points than the member has/)).toBeNull();
      expect(screen.queryByRole('textbox', { name: 'Points to redeem' })).toBeNull();
      expect(await pay('¥27.00')).toEqual({ earned: '27', balance: after });
      await syncAll([a, b]);
      later(a, b);
    }

    // −882 + 27 + 27: the same figure on both tablets and on the server.
    expect(await cardPoints(a, m.id)).toBe('-828');
    expect(await cardPoints(b, m.id)).toBe('-828');
    expect(await serverPoints(m.id)).toBe(-828);
  }, 120_000);
});
