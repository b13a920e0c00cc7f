// Issue #15 item 3: one CSV imported on two tablets is one fact (care-spec M8). Tablets A and C import the
// same file through the import screen before either syncs; after syncing, both tablets and the server hold
// one member with the file's opening balance of 800, not 1,600.
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useRouter, type Route } from '../../src/app/router';
import { renderApp } from './helpers';
import { newShop, pairTablet, syncAll, type PairedTablet } from './paired-tablets';
import { syncServerForFile } from './sync-server';

const server = syncServerForFile();
const PHONE = '13800138000';

async function open(t: PairedTablet, route: Route): Promise<void> {
  await t.show();
  act(() => useRouter.setState({ route }));
  renderApp(t.services);
}

/** The manager imports the file on the tablet's import screen; what the screen says when it is done. */
async function importFile(t: PairedTablet, csv: string): Promise<string> {
  await open(t, { name: 'import' });
  fireEvent.change(await screen.findByLabelText('CSV file'), { target: { files: [new File([csv], 'members.csv', { type: 'text/csv' })] } });
  fireEvent.click(await screen.findByRole('button', { name: 'Import 1 members' }));
  return (await screen.findByText(/^Imported: /)).textContent ?? '';
}

/** What the tablet's counter shows for the phone: one row per member found, and the member card's points. */
async function shown(t: PairedTablet): Promise<{ found: number; points: string; card: string }> {
  await open(t, { name: 'counter' });
  fireEvent.change(await screen.findByRole('searchbox', { name: 'Find a member' }), { target: { value: PHONE } });
  const rows = await screen.findAllByRole('button', { name: 'Select 张三' });
  fireEvent.click(rows[0] as HTMLElement);
  const card = await screen.findByRole('article', { name: 'Member card' });
  const qr = within(card).getByRole('img', { name: /^Member QR code / });
  const cardNo = /M\d{10}/.exec(qr.getAttribute('aria-label') ?? qr.getAttribute('alt') ?? '')?.[0] ?? '';
  return { found: rows.length, points: within(card).getByTestId('card-points').textContent ?? '', card: cardNo };
}

async function onServer(): Promise<{ members: number; points: number; exceptions: number }> {
  const m = await server.db.query<{ id: string }>('SELECT id FROM members WHERE phone = $1 AND merged_into IS NULL', [PHONE]);
  const p = await server.db.query<{ p: number }>('SELECT COALESCE(sum(l.points), 0)::int AS p FROM ledger l JOIN members m ON m.org_id = l.org_id AND m.id = l.member_id WHERE m.phone = $1', [PHONE]);
  const ex = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM exceptions WHERE kind = 'duplicate_phone'");
  return { members: m.length, points: p[0]?.p ?? NaN, exceptions: ex[0]?.n ?? NaN };
}

describe('one file imported on two tablets', () => {
  it('[M8][S9][C-S2] tablets A and C import the same row (800 points) offline, then sync: one member with 800 on both tablets and on the server', async () => {
    const shop = await newShop(server, 'Import Twice Tea');
    const a = await pairTablet(server, shop.storeId, 'Front till');
    const c = await pairTablet(server, shop.storeId, 'Back till');
    const csv = ['姓名,手机,积分', `张三,${PHONE},800`].join('\r\n');

    a.offline = true;
    c.offline = true;
    expect(await importFile(a, csv)).toBe('Imported: 1 new, 0 already here (skipped), 0 failed.');
    expect(await importFile(c, csv)).toBe('Imported: 1 new, 0 already here (skipped), 0 failed.');
    a.offline = false;
    c.offline = false;
    await syncAll([a, c]);
    for (const t of [a, c]) expect(t.engine.status().rejections).toEqual([]);

    const onA = await shown(a);
    const onC = await shown(c);
    expect(onA).toMatchObject({ found: 1, points: '800', card: expect.stringMatching(/^M\d{10}$/) });
    expect(onC).toEqual(onA); // the same member, the same card number, the same 800 points
    expect(await onServer()).toEqual({ members: 1, points: 800, exceptions: 0 });

    // Importing the file again later, on either tablet, creates nobody and adds no points.
    expect(await importFile(c, csv)).toBe('Imported: 0 new, 1 already here (skipped), 0 failed.');
    await syncAll([a, c]);
    expect(await shown(a)).toEqual(onA);
    expect(await onServer()).toEqual({ members: 1, points: 800, exceptions: 0 });
  }, 120_000);
});
