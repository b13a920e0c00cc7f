// Today's care list (issue #5): the reason and the message per member, one-tap outcomes, do-not-disturb.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import { ServicesProvider, type Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { openDatabase } from '../../src/db/open';
import type { RegularsDb } from '../../src/db/database';
import CareScreen from '../../src/features/care/care-screen';
import CareSettingsScreen from '../../src/features/care/care-settings-screen';
import ComplaintScreen from '../../src/features/care/complaint-screen';
import { ManagerPinPrompt } from '../../src/app/ui/manager-pin';
import { currentProgramme } from '../../src/app/programme-store';
import { CareMessage } from '../../src/features/care/care-message';
import { sale, stats } from '../db/fixtures';
import { DAY, NOW, OWNER_PIN, enroll, resetStores, setUpStore, editMember } from './helpers';

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

  it('[C15b] a day with more tasks than a page shows 30 cards and the rest on "show more"', async () => {
    for (let i = 0; i < 33; i++) {
      const m = await enroll(services, `Member ${i}`, `1380000${String(1000 + i)}`);
      await editMember(services, m.id, { birthday: '1990-11-21' });
    }
    show();
    // The first page is shown first, then the rest is counted for "show more" (C15b).
    expect(await screen.findAllByText('Birthday on 2026-11-21', {}, { timeout: 30_000 })).toHaveLength(30);
    const more = await screen.findByRole('button', { name: 'Show 3 more (3 left today)' }, { timeout: 120_000 });
    expect(screen.getAllByText('Birthday on 2026-11-21')).toHaveLength(30);
    fireEvent.click(more);
    await waitFor(() => expect(screen.getAllByText('Birthday on 2026-11-21')).toHaveLength(33));
    expect(screen.queryByRole('button', { name: /Show \d+ more/ })).toBeNull();
  }, 200_000);

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

describe('complaints', () => {
  it('[C9a] a complaint recorded from the care list is refused without a reason, then listed as a follow-up with its reason', async () => {
    const ann = await annWithTwoTasks();
    show();
    await screen.findByText('Birthday on 2026-11-22');
    const card = screen.getAllByRole('listitem', { name: 'Ann' })[0] as HTMLElement;
    fireEvent.click(within(card).getByRole('button', { name: 'Record a complaint' }));
    const form = within(card).getByRole('form', { name: 'Complaint from Ann' });
    fireEvent.click(within(form).getByRole('button', { name: 'Record complaint' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('Say what the complaint was about.');
    expect(within(form).getByRole('textbox', { name: 'What was the complaint about?' }).getAttribute('aria-invalid')).toBe('true');
    expect(await services.repos.tasks.ofMember(ann.id)).toEqual([]);

    fireEvent.change(within(form).getByLabelText('Day of the complaint'), { target: { value: '2026-11-18' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'What was the complaint about?' }), { target: { value: 'Pram wheel broke' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record complaint' }));
    // Due from the day after the complaint (C9): it is on today's list, with why.
    expect(await screen.findByText('Complaint on 2026-11-18 (Pram wheel broke): follow up')).toBeTruthy();
    const [stored] = await services.repos.tasks.ofMember(ann.id);
    expect(stored).toMatchObject({ kind: 'complaint', status: 'open', dueFrom: '2026-11-19', dueTo: '2026-11-26', complaint: { reason: 'Pram wheel broke' } });
  });

  it('[C9b] the member card\'s complaint screen refuses a follow-up for a do-not-disturb member and writes nothing', async () => {
    const bo = await enroll(services, 'Bo', '13800000002');
    await editMember(services, bo.id, { doNotDisturb: true });
    render(<ServicesProvider services={services}><ComplaintScreen memberId={bo.id} /></ServicesProvider>);
    const form = await screen.findByRole('form', { name: 'Complaint from Bo' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'What was the complaint about?' }), { target: { value: 'Rude at the till' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record complaint' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('This member asked not to be disturbed: no follow-up call.');
    expect(await services.repos.tasks.ofMember(bo.id)).toEqual([]);
  });
});

describe('care settings', () => {
  it('[C1] stored settings or a calendar that no longer validate fall back to the defaults: the care list keeps working', async () => {
    await annWithTwoTasks();
    await services.repos.settings.set('careSettings', { followUp: { fromDays: 'soon' } });
    await services.repos.settings.set('careCalendar', { holidays: [{ id: 'broken', kind: 'lunar', audience: { kind: 'all' } }] } as never);
    show();
    expect(await screen.findByText('First purchase on 2026-11-05: ask how it is going')).toBeTruthy();
    expect(await screen.findByText('Birthday on 2026-11-22')).toBeTruthy();
  });

  const settingsScreen = () => render(<ServicesProvider services={services}><CareSettingsScreen /><ManagerPinPrompt /></ServicesProvider>);
  async function approve() {
    const dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
    fireEvent.change(within(dialog).getByLabelText('PIN'), { target: { value: OWNER_PIN } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
  }

  it('[C1] bad values are shown at their fields and not saved; good ones are saved with a manager\'s PIN, audited, and the care list follows them', async () => {
    await annWithTwoTasks(); // first purchase 15 days ago
    const { unmount } = settingsScreen();
    const form = await screen.findByRole('form', { name: 'Follow-ups, reminders and budget' });
    const field = (name: string) => within(form).getByRole('textbox', { name });
    fireEvent.change(field('First-purchase follow-up: from day'), { target: { value: '40' } });
    fireEvent.change(field('Yearly care budget per member'), { target: { value: 'lots' } });
    fireEvent.change(field('Complaint follow-up after (days)'), { target: { value: '2.5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save care settings' }));
    const alerts = (await within(form).findAllByRole('alert')).map((a) => a.textContent);
    expect(alerts).toEqual(['Enter a whole number from 0 to 3660.', 'Enter an amount of 0 or more, e.g. 300.00.']);
    expect(field('Complaint follow-up after (days)').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(field('Complaint follow-up after (days)'), { target: { value: '2' } });
    fireEvent.change(field('Yearly care budget per member'), { target: { value: '500' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save care settings' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('The last day must not be before the first day.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await services.repos.settings.get('careSettings')).toBeNull();

    fireEvent.change(field('First-purchase follow-up: from day'), { target: { value: '20' } });
    // [C2] With no tier ticked any tier is VIP; ticking one makes only that tier VIP.
    expect(within(form).getByText('None ticked: any member with a tier is a VIP.')).toBeTruthy();
    const top = currentProgramme().tiers.at(-1);
    fireEvent.click(within(form).getAllByRole('checkbox').at(-1) as HTMLElement);
    fireEvent.click(within(form).getByRole('button', { name: 'Save care settings' }));
    await approve();
    await waitFor(async () => expect(await services.repos.settings.get('careSettings')).toMatchObject({
      followUp: { fromDays: 20, toDays: 30 }, complaint: { afterDays: 2 }, yearlyBudget: 50_000, vipTierIds: [top?.id],
    }));
    expect((await services.repos.audit.recent(5)).map((a) => [a.action, a.detail])).toContainEqual(['care-settings', 'careSettings']);
    unmount();

    // The follow-up (15 days after the first purchase) is not due before day 20 now; the birthday still is.
    show();
    await screen.findByText('Birthday on 2026-11-22');
    expect(screen.queryByText('First purchase on 2026-11-05: ask how it is going')).toBeNull();
    expect(await screen.findByText(/Care budget this year: ¥0.00 used of ¥500.00/)).toBeTruthy();
  });

  it('[C10a][C10b][C10c] the calendar shows lunar holidays on this year\'s dates; a day is removed, a store day added, saved with a PIN', async () => {
    settingsScreen();
    const table = await screen.findByRole('table', { name: 'Calendar for 2026' });
    const row = (name: string) => within(table).getByText(name).closest('tr') as HTMLElement;
    expect(within(row('Mid-Autumn Festival')).getByText('Lunar 8/15')).toBeTruthy();
    expect(within(row('Mid-Autumn Festival')).getByText('2026-09-25')).toBeTruthy();
    expect(within(row('Spring Festival')).getByText('2026-02-17')).toBeTruthy();
    fireEvent.click(within(table).getByRole('button', { name: 'Remove Qixi Festival' }));
    expect(within(table).queryByText('Qixi Festival')).toBeNull();

    const add = screen.getByRole('group', { name: 'Add a day' });
    fireEvent.change(within(add).getByRole('textbox', { name: 'Name' }), { target: { value: 'Store anniversary' } });
    fireEvent.change(within(add).getByRole('textbox', { name: 'Month' }), { target: { value: '13' } });
    fireEvent.change(within(add).getByRole('textbox', { name: 'Day' }), { target: { value: '21' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Add to the calendar' }));
    expect((await within(add).findByRole('alert')).textContent).toBe('No such date: month 1–12, day 1–31 (lunar: 1–30).');
    fireEvent.change(within(add).getByRole('textbox', { name: 'Month' }), { target: { value: '11' } });
    fireEvent.click(within(add).getByRole('button', { name: 'Add to the calendar' }));
    expect(within(row('Store anniversary')).getByText('2026-11-21')).toBeTruthy();
    expect(await services.repos.settings.get('careCalendar')).toBeNull(); // not saved until approved

    fireEvent.click(screen.getByRole('button', { name: 'Save the calendar' }));
    await approve();
    await waitFor(async () => {
      const ids = (await services.repos.settings.get('careCalendar'))?.holidays.map((h) => h.name ?? h.id) ?? [];
      expect(ids).toContain('Store anniversary');
      expect(ids).not.toContain('qixi');
    });
  });

  it('[C30][C31] a template is edited with fields, problems are shown, the preview is live, and the care list uses the saved text', async () => {
    await annWithTwoTasks();
    const { unmount } = settingsScreen();
    const editor = await screen.findByRole('region', { name: 'Message templates' });
    const english = within(editor).getByRole('textbox', { name: 'Text in English' });
    const preview = () => within(editor).getByRole('status', { name: 'Preview in English' }).textContent;
    expect(preview()).toBe('Hello Wang Fang, this is Test Shop. How are you getting on with your purchase? We would love to hear your thoughts.');
    fireEvent.change(english, { target: { value: 'Hi {nickname}, thanks for shopping at {store}.' } });
    expect(within(editor).getByText('English: there is no field nickname.')).toBeTruthy();
    expect(within(editor).getByText('English: no personal field — every member would get the same text.')).toBeTruthy();
    expect(preview()).toBe('This text cannot be written until its problems are fixed.');
    fireEvent.click(within(editor).getByRole('button', { name: 'Save the templates' }));
    expect((await within(editor).findByRole('alert')).textContent).toBe('A template has an unknown field or an empty text; fix it before saving.');
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.change(english, { target: { value: 'Hi , thanks for shopping at {store}.' } });
    english.focus();
    (english as HTMLTextAreaElement).setSelectionRange(3, 3);
    fireEvent.click(within(editor).getByRole('button', { name: '{name}' }));
    expect((english as HTMLTextAreaElement).value).toBe('Hi {name}, thanks for shopping at {store}.');
    expect(preview()).toBe('Hi Wang Fang, thanks for shopping at Test Shop.');
    fireEvent.click(within(editor).getByRole('button', { name: 'Save the templates' }));
    await approve();
    await waitFor(async () => expect((await services.repos.settings.get('careTemplates'))?.[0]?.text.en).toBe('Hi {name}, thanks for shopping at {store}.'));
    unmount();

    show();
    await screen.findByText('First purchase on 2026-11-05: ask how it is going');
    const boxes = screen.getAllByRole('textbox', { name: 'Message for Ann' }) as HTMLTextAreaElement[];
    expect(boxes.map((b) => b.value)).toContain('Hi Ann, thanks for shopping at Test Shop.');
  });
});
