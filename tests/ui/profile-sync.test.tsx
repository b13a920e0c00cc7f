// Issue #15 item 2: a profile edit made on one tablet's screen reaches the server and every other tablet
// (S9, C-S3, storage-spec D14). Two tablets paired with the real server, the edits made through the
// member card as a cashier makes them, what the other tablet shows read from its screens.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { enrollMember } from '../../src/app/enrollment';
import { currentProgramme } from '../../src/app/programme-store';
import { useRouter, type Route } from '../../src/app/router';
import { useSession } from '../../src/app/session-store';
import type { Member } from '../../src/domain/records';
import { renderApp } from './helpers';
import { newShop, pairTablet, syncAll, type PairedTablet } from './paired-tablets';
import { syncServerForFile } from './sync-server';

const server = syncServerForFile();

/** Ann joins on the tablet on screen, with a birthday in two days (NOW is 2026-11-20): her card is on the care list. */
async function enrollAnn(t: PairedTablet, phone: string): Promise<Member> {
  const { store, deviceId, staff } = useSession.getState();
  const r = await enrollMember({ name: 'Ann', phone, birthday: '1990-11-22', wechat: null, referredBy: null, consent: true }, {
    repos: t.services.repos, programme: currentProgramme(), now: t.clock.now, newId: t.services.newId,
    timeZone: 'Asia/Shanghai', storeId: store?.id ?? '', deviceId, staffId: staff?.id ?? null, country: 'CN',
  });
  if (!r.ok) throw new Error(`enrolment refused: ${JSON.stringify(r.errors)}`);
  return r.member;
}

async function open(t: PairedTablet, route: Route): Promise<void> {
  await t.show();
  act(() => useRouter.setState({ route }));
  renderApp(t.services);
}

async function memberCard(t: PairedTablet, id: string): Promise<HTMLElement> {
  await open(t, { name: 'member', id });
  return screen.findByRole('article', { name: 'Member card' });
}

/** A minute passes on every tablet (the server allows clocks 5 minutes ahead, S9). */
function later(...tablets: PairedTablet[]): void {
  for (const t of tablets) t.clock.now += 60_000;
}

async function onServer(id: string): Promise<Member | undefined> {
  const r = await server.db.query<{ data: Member }>('SELECT data FROM members WHERE id = $1', [id]);
  return r[0]?.data;
}

describe('profile edits between tablets', () => {
  it('[S9][C-S3][D14] do-not-disturb ticked on tablet A\'s member card: tablet B\'s care list no longer lists the member for messages', async () => {
    const shop = await newShop(server, 'Quiet Tea');
    const a = await pairTablet(server, shop.storeId, 'Front till');
    const b = await pairTablet(server, shop.storeId, 'Back till');
    await a.show();
    const ann = await enrollAnn(a, '13800001111');
    await syncAll([a, b]);

    // Tablet B lists Ann for a birthday message, with a way to text her.
    await open(b, { name: 'care' });
    const item = await screen.findByRole('listitem', { name: 'Ann' });
    expect(within(item).getByText('Birthday on 2026-11-22')).toBeTruthy();
    expect(within(item).getByRole('link', { name: 'Open a text message to Ann' })).toBeTruthy();

    // On tablet A the cashier ticks "Do not disturb" on Ann's card.
    later(a, b);
    const cardA = await memberCard(a, ann.id);
    fireEvent.click(within(cardA).getByRole('checkbox', { name: 'Do not disturb' }));
    expect(await within(cardA).findByText('Saved.')).toBeTruthy();
    await waitFor(() => expect((within(cardA).getByRole('checkbox', { name: 'Do not disturb' }) as HTMLInputElement).checked).toBe(true));
    await syncAll([a, b]);

    // Tablet B: nothing due for Ann any more, and her card says do-not-disturb; the server holds it too.
    await open(b, { name: 'care' });
    expect(await screen.findByText('Nothing due today.')).toBeTruthy();
    expect(screen.queryByRole('listitem', { name: 'Ann' })).toBeNull();
    const cardB = await memberCard(b, ann.id);
    await waitFor(() => expect((within(cardB).getByRole('checkbox', { name: 'Do not disturb' }) as HTMLInputElement).checked).toBe(true));
    expect((await onServer(ann.id))?.doNotDisturb).toBe(true);
  }, 120_000);

  it('[S9][C-S3][D14] notes saved on tablet A while tablet B ticks do-not-disturb: both edits kept on both tablets and on the server', async () => {
    const shop = await newShop(server, 'Busy Tea');
    const a = await pairTablet(server, shop.storeId, 'Front till');
    const b = await pairTablet(server, shop.storeId, 'Back till');
    await a.show();
    const ann = await enrollAnn(a, '13800002222');
    await syncAll([a, b]);
    later(a, b);

    // Neither has synced since: A saves a note, B ticks do-not-disturb on its own copy of the card.
    const cardA = await memberCard(a, ann.id);
    fireEvent.change(within(cardA).getByRole('textbox', { name: 'Notes' }), { target: { value: 'Prefers WeChat' } });
    fireEvent.click(within(cardA).getByRole('button', { name: 'Save notes' }));
    expect(await within(cardA).findByText('Saved.')).toBeTruthy();
    const cardB = await memberCard(b, ann.id);
    fireEvent.click(within(cardB).getByRole('checkbox', { name: 'Do not disturb' }));
    expect(await within(cardB).findByText('Saved.')).toBeTruthy();
    await syncAll([b, a]);

    for (const t of [a, b]) {
      const card = await memberCard(t, ann.id);
      await waitFor(() => expect((within(card).getByRole('textbox', { name: 'Notes' }) as HTMLTextAreaElement).value).toBe('Prefers WeChat'));
      expect((within(card).getByRole('checkbox', { name: 'Do not disturb' }) as HTMLInputElement).checked).toBe(true);
    }
    expect(await onServer(ann.id)).toMatchObject({ notes: 'Prefers WeChat', doNotDisturb: true });
  }, 120_000);
});
