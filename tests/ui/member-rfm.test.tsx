// [G4] The member list shows each member's RFM scores ("R2 F5 M5"), ranked by fifths of all the shop's
// members (not of the page or the filter), with the meaning said in the column's and the cell's titles.
import { render, screen, waitFor, within, fireEvent } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { currentProgramme } from '../../src/app/programme-store';
import { ServicesProvider, type Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { ManagerPinPrompt } from '../../src/app/ui/manager-pin';
import type { RegularsDb } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import { cents, points } from '../../src/domain/money';
import { quoteCheckout } from '../../src/domain/quote';
import type { Member, Staff } from '../../src/domain/records';
import { buildSale } from '../../src/domain/sale-records';
import MemberListScreen from '../../src/features/members/member-list-screen';
import { NOW, editMember, enroll, resetStores, setUpStore } from './helpers';

let services: Services & { db: RegularsDb };
let owner: Staff;

beforeEach(async () => {
  resetStores();
  const deviceId = uuidv7().replace(/-/g, '');
  const { db, repos } = await openDatabase('rfm', deviceId, NOW);
  useSession.getState().setDevice(deviceId);
  services = { repos, db, now: () => NOW, newId: () => uuidv7() };
  owner = await setUpStore(services);
});

/** A ¥100 sale to `m` today, written as the checkout writes it. */
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

const rfmOf = (name: string) => {
  const row = within(screen.getByRole('table')).getByText(name).closest('tr') as HTMLElement;
  return within(row).getByTitle(/^Recency/);
};

describe('RFM scores in the member list', () => {
  it('[G4] five members who bought 0 to 4 times score F and M 1 to 5; a filter showing one keeps its score among all', async () => {
    const names = ['Ann', 'Bo', 'Cy', 'Di', 'Ed'];
    const members: Member[] = [];
    for (const [i, n] of names.entries()) members.push(await enroll(services, n, `1380000000${i + 1}`));
    for (const [i, m] of members.entries()) for (let k = 0; k < i; k++) await sellTea(m, `R-${i}-${k}`);
    render(<ServicesProvider services={services}><MemberListScreen /><ManagerPinPrompt /></ServicesProvider>);
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(6));
    expect(screen.getByTitle(/^Recency, frequency and money: each 1 to 5 by fifths of all members/).textContent).toBe('RFM');
    // Never bought: the worst recency; the four who bought today share a recency score.
    expect(rfmOf('Ann').textContent).toBe('R1 F1 M1');
    expect(rfmOf('Cy').textContent).toBe('R2 F3 M3');
    expect(rfmOf('Ed').textContent).toBe('R2 F5 M5');
    expect(rfmOf('Ed').getAttribute('title')).toBe('Recency 2 of 5, frequency 5 of 5, money 5 of 5 (5 = the best fifth of the members)');

    const ed = members[4];
    if (!ed) throw new Error('no Ed');
    await editMember(services, ed.id, { doNotDisturb: true });
    fireEvent.change(screen.getByRole('combobox', { name: 'Do not disturb' }), { target: { value: 'yes' } });
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2));
    expect(rfmOf('Ed').textContent).toBe('R2 F5 M5');
  });
});
