// Today's care list (issue #5): the reason and the message per member, one-tap outcomes, do-not-disturb.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { ServicesProvider, type Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { openDatabase } from '../../src/db/open';
import type { RegularsDb } from '../../src/db/database';
import CareScreen from '../../src/features/care/care-screen';
import { CareMessage } from '../../src/features/care/care-message';
import { sale, stats } from '../db/fixtures';
import { DAY, NOW, enroll, resetStores, setUpStore, editMember } from './helpers';

let services: Services & { db: RegularsDb };

beforeEach(async () => {
  resetStores();
  const deviceId = uuidv7().replace(/-/g, '');
  const { db, repos } = await openDatabase('care', deviceId, NOW);
  useSession.getState().setDevice(deviceId);
  services = { repos, db, now: () => NOW, newId: () => uuidv7() };
  await setUpStore(services);
});

/** A member whose first purchase was 15 days ago (follow-up due) and whose birthday is in two days. */
async function annWithTwoTasks() {
  const ann = await enroll(services, 'Ann', '13800000001');
  const first = NOW - 15 * DAY;
  await editMember(services, ann.id, { birthday: '1990-11-22' });
  await services.db.memberStats.put(stats(ann.id, { visits: 1, firstPurchaseAt: first, lastPurchaseAt: first }));
  await services.db.sales.put(sale(ann.id, 5000, 1, { at: first, businessDate: '2026-11-05' }));
  return ann;
}

const show = () => render(<ServicesProvider services={services}><CareScreen /></ServicesProvider>);

describe('care list', () => {
  it('[C3][C30] shows why each task is due and a message written for that member', async () => {
    await annWithTwoTasks();
    await enroll(services, 'Bo', '13800000002'); // nothing due for Bo
    show();
    expect(await screen.findByText('First purchase on 2026-11-05: ask how it is going')).toBeTruthy();
    expect(await screen.findByText('Birthday on 2026-11-22')).toBeTruthy();
    const boxes = screen.getAllByRole('textbox', { name: 'Message for Ann' }) as HTMLTextAreaElement[];
    expect(boxes.map((b) => b.value)).toContain('Hello Ann, this is Test Shop. How are you getting on with your purchase? We would love to hear your thoughts.');
    expect(screen.queryByRole('listitem', { name: 'Bo' })).toBeNull();
  });

  it('[C21] do-not-disturb closes the task, marks the member and removes all their tasks', async () => {
    const ann = await annWithTwoTasks();
    show();
    await screen.findByText('First purchase on 2026-11-05: ask how it is going');
    await screen.findByText('Birthday on 2026-11-22');
    const groups = screen.getAllByRole('group', { name: 'Outcome for Ann' });
    fireEvent.click(within(groups[0] as HTMLElement).getByRole('button', { name: 'Do not disturb' }));
    await waitFor(() => expect(screen.queryAllByRole('listitem', { name: 'Ann' })).toHaveLength(0));
    expect(await screen.findByText('Nothing due today.')).toBeTruthy();
    const hit = await services.repos.members.get(ann.id);
    expect(hit?.member.doNotDisturb).toBe(true);
    const tasks = await services.repos.tasks.ofMember(ann.id);
    expect(tasks.map((t) => [t.status, t.outcome])).toEqual([['done', 'do-not-disturb']]);
  });

  it('[C20][C22] an outcome with a gift is saved and counts against the member\'s care budget', async () => {
    const ann = await annWithTwoTasks();
    show();
    await screen.findByText('Birthday on 2026-11-22');
    const card = screen.getAllByRole('listitem', { name: 'Ann' })[0] as HTMLElement;
    fireEvent.change(within(card).getByRole('textbox', { name: 'Note' }), { target: { value: 'liked the pram' } });
    fireEvent.change(within(card).getByRole('textbox', { name: 'Gift cost (optional)' }), { target: { value: '45.50' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Reached' }));
    await waitFor(() => expect(screen.getAllByRole('listitem', { name: 'Ann' })).toHaveLength(1));
    const [done] = await services.repos.tasks.ofMember(ann.id);
    expect([done?.status, done?.outcome, done?.note, done?.giftCost]).toEqual(['done', 'reached', 'liked the pram', 4550]);
    expect(await screen.findByText(/Care budget this year: ¥45.50 used of ¥300.00, ¥254.50 left/)).toBeTruthy();
  });

  it('[C16] lists birthdays this week and this month', async () => {
    await annWithTwoTasks(); // born 11-22: a Sunday in the week of Monday 2026-11-16
    const bo = await enroll(services, 'Bo', '13800000002');
    await editMember(services, bo.id, { birthday: '--11-30' });
    show();
    const list = await screen.findByRole('region', { name: 'Birthdays' });
    expect(await within(list).findByText('Ann: 11-22')).toBeTruthy();
    expect(within(list).queryByText('Bo: 11-30')).toBeNull();
    fireEvent.click(within(list).getByRole('radio', { name: 'This month' }));
    expect(await within(list).findByText('Bo: 11-30')).toBeTruthy();
    expect(within(list).getByText('Ann: 11-22')).toBeTruthy();
  });

  it('[C32][C34] a member gets an SMS link with their own text; a do-not-disturb member gets no way to send', async () => {
    const ann = await enroll(services, 'Ann', '13800000001');
    const { unmount } = render(<CareMessage member={ann} text="Hello Ann" />);
    expect(screen.getByRole('link', { name: 'Open a text message to Ann' }).getAttribute('href')).toBe('sms:13800000001?body=Hello%20Ann');
    unmount();
    render(<CareMessage member={{ ...ann, doNotDisturb: true }} text="Hello Ann" />);
    expect(screen.queryByRole('link', { name: 'Open a text message to Ann' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Copy' })).toBeNull();
    expect(screen.getByText('Do not disturb: no messages to this member.')).toBeTruthy();
  });
});
