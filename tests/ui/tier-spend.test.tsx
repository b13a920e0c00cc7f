/**
 * The checkout's tier comes from the member's spend in the tier window (T1 rolling spend, T2 largest
 * order), not from lifetime spend; and a paired tablet that has not synced for a while caps the points
 * a sale may redeem (R7).
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCart } from '../../src/app/cart-store';
import { loadProgramme } from '../../src/app/programme-store';
import type { Services } from '../../src/app/services';
import { useSyncState } from '../../src/app/sync/sync-state';
import type { RegularsDb } from '../../src/db/database';
import { makeEntry } from '../../src/domain/ledger';
import type { Cents } from '../../src/domain/money';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { Member, Product } from '../../src/domain/records';
import { sale, stats } from '../db/fixtures';
import { DAY, enroll, makeServices, NOW, renderApp, resetStores, setUpStore } from './helpers';

let services: Services;
let db: RegularsDb;

beforeEach(async () => {
  resetStores();
  services = await makeServices();
  if (!services.db) throw new Error('helpers give the database');
  db = services.db;
  await setUpStore(services);
  const tea: Product = {
    id: services.newId(), sku: 'TEA', barcode: null, name: 'Tea', category: 'Test', price: 10_000 as Cents, noEarn: false, active: true, quickKey: true,
  };
  await services.repos.products.put([tea]);
});

/** Purchases of `amount` cents on each of the given days before today, and lifetime totals to match. */
async function history(m: Member, amount: number, daysAgo: number[]): Promise<void> {
  for (const d of daysAgo) {
    const at = NOW - d * DAY;
    await db.sales.put(sale(m.id, amount, 1, { id: services.newId(), at, businessDate: new Date(at + 8 * 3_600_000).toISOString().slice(0, 10) }));
  }
  const held = await db.memberStats.get(m.id);
  await db.memberStats.put(stats(m.id, { ...held, lifetimeSpend: (amount * daysAgo.length) as Cents, visits: daysAgo.length, tierId: null, tierSince: null }));
}

async function checkoutTea(m: Member): Promise<void> {
  useCart.getState().attachMember(m.id);
  renderApp(services);
  fireEvent.click(await screen.findByRole('button', { name: /^Tea/ }));
}

describe('tier from the spend in the window', () => {
  it('[T1] ¥1,250 spent in five visits over the last months makes a Silver member: 2% off', async () => {
    const m = await enroll(services, 'Recent Regular', '13600003333');
    await history(m, 25_000, [20, 60, 100, 200, 300]);
    await checkoutTea(m);
    expect(await screen.findByText('Silver tier: 2% off')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥98.00'));
  });

  it('[T1] the same ¥1,250 spent more than 12 months ago no longer gives a tier, whatever the lifetime spend', async () => {
    const m = await enroll(services, 'Old Regular', '13600004444');
    await history(m, 25_000, [380, 400, 420, 500, 600]);
    await checkoutTea(m);
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥100.00'));
    expect(screen.queryByText(/tier: \d+% off/)).toBeNull();
  });

  it('[T2] one ¥500 order in the window makes a Senior member: 10% off', async () => {
    const recent = await enroll(services, 'Big Recent', '13600005555');
    await history(recent, 50_000, [40]);
    await checkoutTea(recent);
    expect(await screen.findByText('Senior tier: 10% off')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥90.00'));
  });

  it('[T2] a ¥500 order 13 months ago gives no order tier now', async () => {
    const old = await enroll(services, 'Big Old', '13600006666');
    await history(old, 50_000, [400]);
    await checkoutTea(old);
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥100.00'));
    expect(screen.queryByText(/Senior tier/)).toBeNull();
  });
});

describe('offline redemption cap on a paired tablet', () => {
  async function richMember(): Promise<Member> {
    await services.repos.programmes.save({
      version: 2, savedAt: NOW, savedBy: null,
      config: { ...DEFAULT_PROGRAMME, version: 2, redemption: { ...DEFAULT_PROGRAMME.redemption, unsynced: { afterHours: 24, capPoints: 500 } } },
    });
    await loadProgramme(services.repos);
    const m = await enroll(services, 'Points Rich', '13600007777');
    const entry = makeEntry(m.id, 'adjustment', 20_000, 'manual', null, null, { ids: services.newId, at: NOW, deviceId: 'd', staffId: null });
    await services.repos.writer.appendLedger({ entries: [entry], opId: services.newId() });
    return m;
  }

  it('[R7] not synced for two days: at most 500 points on this sale', async () => {
    const m = await richMember();
    act(() => useSyncState.setState({ paired: true, lastSyncedAt: NOW - 48 * 3_600_000 }));
    await checkoutTea(m);
    fireEvent.change(await screen.findByRole('textbox', { name: 'Points to redeem' }), { target: { value: '3000' } });
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥95.00'));
    expect(await screen.findByText('Capped at 500 points: This tablet has not synced for a while: it may redeem only a limited number of points.')).toBeTruthy();
  });

  it('[R7] synced an hour ago: the usual share cap applies (5,000 points on ¥100)', async () => {
    const m = await richMember();
    act(() => useSyncState.setState({ paired: true, lastSyncedAt: NOW - 3_600_000 }));
    await checkoutTea(m);
    fireEvent.change(await screen.findByRole('textbox', { name: 'Points to redeem' }), { target: { value: '9000' } });
    await waitFor(() => expect(screen.getByTestId('amount-due').textContent).toBe('¥50.00'));
    expect(await screen.findByText('Capped at 5,000 points: at most 50% of the order can be paid with points')).toBeTruthy();
  });
});

describe('the tier shown is the tier priced', () => {
  it('[C-S20] sales pulled from another tablet (no tier held here): the sale\'s member panel and the member card say Senior, the tier that gives the 10% off', async () => {
    const m = await enroll(services, 'Pulled Senior', '13600008888');
    await history(m, 50_000, [3]);
    await checkoutTea(m);
    expect(await screen.findByText('Senior tier: 10% off')).toBeTruthy();
    const panel = screen.getByRole('region', { name: 'Member' });
    await waitFor(() => expect(within(panel).getByText('Senior')).toBeTruthy());
    fireEvent.click(within(panel).getByRole('button', { name: /Pulled Senior/ }));
    await waitFor(() => expect(screen.getByTestId('tier-badge').textContent).toBe('Senior'));
    // The purchase was 3 days ago: a passer-by (G1), and ¥1,000 − ¥500 to Silver (T5).
    expect(screen.getByTestId('card-grade').textContent).toBe('E');
    expect(screen.getByTestId('tier-progress').textContent).toBe('¥500.00 more to Silver');
  });
});
