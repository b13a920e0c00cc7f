// The owner's dashboard (issue #5): the tables' numbers for a small shop worked out by hand, and exports.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { ServicesProvider, type Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { ManagerPinPrompt } from '../../src/app/ui/manager-pin';
import type { RegularsDb } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import InsightsScreen from '../../src/features/insights/insights-screen';
import { enroll, NOW, OWNER_PIN, resetStores, setUpStore } from './helpers';
import { smallShop } from './insights-shop';

let services: Services & { db: RegularsDb };

beforeEach(async () => {
  resetStores();
  const deviceId = uuidv7().replace(/-/g, '');
  const { db, repos } = await openDatabase('insights', deviceId, NOW);
  useSession.getState().setDevice(deviceId);
  services = { repos, db, now: () => NOW, newId: () => uuidv7() };
  await setUpStore(services);
});

function show() {
  return render(<ServicesProvider services={services}><InsightsScreen /><ManagerPinPrompt /></ServicesProvider>);
}

const rowsOf = (name: string) => within(screen.getByRole('region', { name })).getAllByRole('row')
  .map((r) => within(r).queryAllByRole('cell').map((c) => c.textContent));

describe('insights dashboard', () => {
  it('[I6][I7] members\' share of sales, tickets and the repeat rate match the hand count', async () => {
    await smallShop(services);
    show();
    await screen.findByRole('heading', { name: 'Insights' });
    expect(rowsOf('Members and walk-ins').slice(1)).toEqual([['Members', '3', '¥180.00', '¥60.00'], ['Walk-ins', '2', '¥60.00', '¥30.00']]);
    expect(screen.getByText('Members bring 75% of sales; average ticket ¥60.00 for members, ¥30.00 for walk-ins')).toBeTruthy();
    expect(rowsOf('Repeat purchases within 30 days').slice(1)).toEqual([['2', '1', '30', '50']]);
  });

  it('[I5][I9][C42] lifetime ranking, points liability and the top referrer', async () => {
    await smallShop(services);
    show();
    await screen.findByRole('heading', { name: 'Insights' });
    expect(rowsOf('Lifetime spend ranking').slice(1)).toEqual([['1', 'Ann', '¥150.00', '2'], ['2', 'Bo', '¥30.00', '1']]);
    // 3 × 100 enrolment points + 30 referral points, nothing redeemed: 330 points = ¥3.30 at 100 points per ¥1.
    expect(rowsOf('Points issued, redeemed and expired').slice(1)).toEqual([['330', '0', '0', '0', '330', '¥3.30', '0']]);
    expect(rowsOf('Referrals').slice(1)).toEqual([['Ann', '1', '30', '1']]);
    expect(screen.getByText('Ann brought Bo and earned 30 points')).toBeTruthy();
  });

  it('[I9a] an overdrawn member is listed apart; the liability is only what the others are owed', async () => {
    await smallShop(services);
    // Dan joined with 100 points and spent 982 on two offline tablets: 882 overdrawn, as the pull books it.
    const dan = await enroll(services, 'Dan', '13800000004');
    await services.db.memberStats.update(dan.id, { points: -882 as never });
    show();
    await screen.findByRole('heading', { name: 'Insights' });
    expect(screen.getByText('Owed to members: 330 points, worth ¥3.30')).toBeTruthy();
    expect(screen.getByText('1 member overdrawn by 882 points (¥8.82), not netted against what is owed')).toBeTruthy();
    expect(rowsOf('Points issued, redeemed and expired')[1]?.slice(4)).toEqual(['330', '¥3.30', '882']);
    expect(rowsOf('Overdrawn members').slice(1)).toEqual([['Dan', '882']]);
  });

  it('[I1] an export needs a manager\'s PIN and is recorded in the audit list; cancelled, nothing is recorded', async () => {
    await smallShop(services);
    show();
    await screen.findByRole('heading', { name: 'Insights' });
    fireEvent.click(screen.getByRole('button', { name: 'Export Members and walk-ins as CSV' }));
    let dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await services.repos.audit.recent(10)).filter((e) => e.action === 'export')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Export Members and walk-ins as CSV' }));
    dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
    fireEvent.change(within(dialog).getByLabelText('PIN'), { target: { value: OWNER_PIN } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(async () => {
      const exports = (await services.repos.audit.recent(10)).filter((e) => e.action === 'export');
      expect(exports.map((e) => e.detail)).toEqual(['insights:sales-mix rows=2']);
    });
  });
});
