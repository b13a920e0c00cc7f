// The care list's daily pass issues the benefits due (loyalty-spec B9): a member nobody found at the
// counter this month still gets their birthday coupon, and the care list's message offers it.
import { render, screen, waitFor } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { ServicesProvider, type Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { openDatabase } from '../../src/db/open';
import type { RegularsDb } from '../../src/db/database';
import CareScreen from '../../src/features/care/care-screen';
import { editMember, enroll, resetStores, setUpStore } from './helpers';

/** 10:00 in Shanghai. */
const JOINED = Date.UTC(2026, 5, 10, 2, 0, 0);
const JAN_15 = Date.UTC(2027, 0, 15, 2, 0, 0);
const clock = { now: JOINED };
let services: Services & { db: RegularsDb };

beforeEach(async () => {
  resetStores();
  clock.now = JOINED;
  const deviceId = uuidv7().replace(/-/g, '');
  const { db, repos } = await openDatabase('care-benefits', deviceId, JOINED);
  useSession.getState().setDevice(deviceId);
  services = { repos, db, now: () => clock.now, newId: () => uuidv7() };
  await setUpStore(services);
});

describe('the care list issues the benefits due', () => {
  it('[B9][C6] a January birthday who joined in June: on 15 January the care list greets them with the 30% off, once on every pass', async () => {
    const m = await enroll(services, 'Ann', '13800000001');
    await editMember(services, m.id, { birthday: '1990-01-20' });
    clock.now = JAN_15;
    const { unmount } = render(<ServicesProvider services={services}><CareScreen /></ServicesProvider>);
    expect(await screen.findByText('Birthday on 2027-01-20')).toBeTruthy();
    await waitFor(() => {
      const box = screen.getByRole('textbox', { name: 'Message for Ann' }) as HTMLTextAreaElement;
      expect(box.value).toBe('Happy birthday, Ann! From all of us at Test Shop: this month you get 30% off, and so do friends shopping with you.');
    });
    const outbox = await services.repos.outbox.count();
    unmount();
    render(<ServicesProvider services={services}><CareScreen /></ServicesProvider>);
    expect(await screen.findByText('Birthday on 2027-01-20')).toBeTruthy();
    // The second pass finds the coupon held: nothing more is written or sent.
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Message for Ann' }) as HTMLTextAreaElement).value).toContain('30% off'));
    expect((await services.repos.members.coupons(m.id)).map((c) => c.id)).toEqual([`birthday:${m.id}:2027`]);
    expect(await services.repos.outbox.count()).toBe(outbox);
  });
});
