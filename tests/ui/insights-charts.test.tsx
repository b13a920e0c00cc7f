// The dashboard's charts (issue #5): each is named by a summary of the numbers its table shows (what a
// screen reader says), has a legend, and reads in English and Chinese. jsdom has no canvas, so the
// drawing itself (uPlot) is checked in real Chromium: tests/e2e/insights.test.ts.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServicesProvider, type Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { ManagerPinPrompt } from '../../src/app/ui/manager-pin';
import type { RegularsDb } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import InsightsScreen from '../../src/features/insights/insights-screen';
import { useLang } from '../../src/i18n/use-t';
import { NOW, OWNER_PIN, resetStores, setUpStore } from './helpers';
import { smallShop } from './insights-shop';

let services: Services & { db: RegularsDb };

beforeEach(async () => {
  resetStores();
  const deviceId = uuidv7().replace(/-/g, '');
  const { db, repos } = await openDatabase('insights-charts', deviceId, NOW);
  useSession.getState().setDevice(deviceId);
  services = { repos, db, now: () => NOW, newId: () => uuidv7() };
  await setUpStore(services);
});

afterEach(() => {
  Reflect.deleteProperty(URL, 'createObjectURL');
  Reflect.deleteProperty(URL, 'revokeObjectURL');
});

/** A file's text with its byte-order mark kept (jsdom's Blob has no text()). */
function bytesOf(file: Blob | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new TextDecoder('utf-8', { ignoreBOM: true }).decode(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    if (file) reader.readAsArrayBuffer(file); else reject(new Error('no file'));
  });
}

const show = () => render(<ServicesProvider services={services}><InsightsScreen /><ManagerPinPrompt /></ServicesProvider>);
const section = (name: string) => screen.getByRole('region', { name });
const chartName = (name: string) => within(section(name)).getByRole('img').getAttribute('aria-label');
const legend = (name: string, title = 'Legend') =>
  within(within(section(name)).getByRole('list', { name: title })).getAllByRole('listitem').map((li) => li.textContent);
const rows = (name: string) => within(section(name)).getAllByRole('row').slice(1)
  .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));

describe('insights charts', () => {
  it('[I12][I3][I5][I6][I9] each chart is named by the figures an owner counts by hand, with a legend', async () => {
    await smallShop(services);
    show();
    await screen.findByRole('heading', { name: 'Insights' });

    // Ann, Bo and Cy all joined in November 2026 (month view), nobody became a VIP.
    expect(chartName('New members and new VIPs')).toBe(
      'Bar chart of new members and new VIPs per month, 2026-11 to 2026-11: 3 new members and 0 new VIPs in all; the most new members, 3, in 2026-11.');
    expect(legend('New members and new VIPs')).toEqual(['New members', 'New VIPs']);

    // Members ¥100 + ¥50 + ¥30, walk-ins ¥20 + ¥40: members bring 180 / 240 = 75%.
    expect(chartName('Members and walk-ins')).toBe('Bar chart of sales: members ¥180.00, walk-ins ¥60.00; members bring 75%.');
    expect(legend('Members and walk-ins')).toEqual(['Sales, net of returns']);

    // Two spenders: Ann (¥150) is the top tenth and the top fifth alike: 150 / 180 = 83.3%.
    expect(chartName('Share of spending by members (Pareto)')).toBe(
      'Bar chart of each tenth of members\' share of spending, best customers first, with a line for the running total: the top 10% bring 83.3% and the top 20% bring 83.3%.');
    expect(legend('Share of spending by members (Pareto)')).toEqual(['Share of spending of this tenth (%)', 'Running total (%)']);

    // Three enrolment bonuses of 100 and Ann's 30 referral points.
    expect(chartName('Points issued, redeemed and expired')).toBe('Bar chart of points in the period: 330 issued, 0 redeemed, 0 expired, 0 taken back.');
    expect(legend('Points issued, redeemed and expired')).toEqual(['Points']);
  });

  it('[I12][I4] the tier and grade charts name every bar the table lists, by the names the owner knows', async () => {
    await smallShop(services);
    show();
    await screen.findByRole('heading', { name: 'Insights' });
    // Nobody has a tier yet; the table names the tiers (not their ids).
    expect(rows('Members by tier')).toEqual([['No tier', '3', '100'], ['Regular', '0', '0'], ['Senior', '0', '0'], ['Silver', '0', '0'], ['Gold', '0', '0']]);
    expect(chartName('Members by tier')).toBe('Bar chart, Members by tier: No tier 3, Regular 0, Senior 0, Silver 0, and Gold 0.');
    // Ann (2 purchases) and Bo (1) bought in the last 30 days; Cy did not.
    const grades = 'Members by grade (A–E, purchases in the last 30 days)';
    expect(rows(grades).at(-1)).toEqual(['No purchase in 30 days', '1', '33.3']);
    const named = rows(grades).map(([g, n]) => `${g} ${n}`);
    expect(chartName(grades)).toBe(`Bar chart, ${grades}: ${new Intl.ListFormat('en', { type: 'conjunction' }).format(named)}.`);
    expect(legend(grades)).toEqual(['Members']);
  });

  it('[I1][I1a][I12] the exported CSV holds the numbers the chart and the table show, named and in yuan, after a manager\'s PIN', async () => {
    await smallShop(services);
    // Capture the file the browser would download (jsdom has no object URLs).
    const files: Blob[] = [];
    Object.assign(URL, { createObjectURL: (b: Blob) => { files.push(b); return 'blob:insights'; }, revokeObjectURL: () => undefined });
    show();
    await screen.findByRole('heading', { name: 'Insights' });
    // Export what the table shows: wait until the worker's figures are on screen (a click on the table
    // before they arrive raced the redraw and the file never came, about one CI run in three).
    await waitFor(() => expect(within(section('Members and walk-ins')).getAllByRole('row').length).toBeGreaterThan(2), { timeout: 20_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Export Members and walk-ins as CSV' }));
    const dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
    fireEvent.change(within(dialog).getByLabelText('PIN'), { target: { value: OWNER_PIN } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    // Up to 25 s: under CI's load the PIN hash and fake-indexeddb once took longer than the usual 10 s.
    await waitFor(() => expect(files).toHaveLength(1), { timeout: 25_000 });
    expect(await bytesOf(files[0])).toBe('\uFEFFCustomer,Sales,Total (CNY),Average ticket (CNY)\r\nMembers,3,180.00,60.00\r\nWalk-ins,2,60.00,30.00\r\n');
  }, 60_000);

  it('[I1a] the lifetime spend CSV names each member with a masked phone and gives money in yuan, never an id or cents', async () => {
    await smallShop(services);
    const files: Blob[] = [];
    Object.assign(URL, { createObjectURL: (b: Blob) => { files.push(b); return 'blob:insights'; }, revokeObjectURL: () => undefined });
    show();
    await screen.findByRole('heading', { name: 'Insights' });
    fireEvent.click(screen.getByRole('button', { name: 'Export Lifetime spend ranking as CSV' }));
    const dialog = await screen.findByRole('dialog', { name: 'A manager\'s PIN is needed' });
    fireEvent.change(within(dialog).getByLabelText('PIN'), { target: { value: OWNER_PIN } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(files).toHaveLength(1), { timeout: 25_000 });
    const text = await bytesOf(files[0]);
    expect(text.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFRank,Name,Phone,Lifetime spend (CNY),Visits', '1,Ann,138****0001,150.00,2', '2,Bo,138****0002,30.00,1']);
    const ids = await services.db.members.toCollection().primaryKeys();
    for (const id of ids) expect(text).not.toContain(id);
  }, 60_000);

  it('[I8][I12] cohort retention is a heat table: months named, each share tinted by its size', async () => {
    await smallShop(services);
    show();
    await screen.findByRole('heading', { name: 'Insights' });
    const table = within(section('Retention by enrollment month')).getByRole('table');
    const heads = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(heads.slice(0, 4)).toEqual(['Enrolled', 'Members', 'Month 0', 'Month 1']);
    // All three joined in 2026-11; Ann and Bo bought that month: 2 of 3. Later months are still to come.
    expect(rows('Retention by enrollment month')[0]?.slice(0, 4)).toEqual(['2026-11', '3', '66.7', '—']);
    const tinted = [...table.querySelectorAll<HTMLElement>('td.heat')].map((td) => [td.textContent, td.style.getPropertyValue('--heat')]);
    expect(tinted).toEqual([['66.7', '0.667']]);
  });

  it('[I12] says there is nothing to chart yet when the shop has no members', async () => {
    show();
    await screen.findByRole('heading', { name: 'Insights' });
    expect(chartName('New members and new VIPs')).toBe('New members and new VIPs: nothing to chart yet.');
    expect(chartName('Share of spending by members (Pareto)')).toBe('Share of spending by members (Pareto): nothing to chart yet.');
  });

  it('[I12] reads in Chinese: the names and legends come from the zh-CN catalogue', async () => {
    await smallShop(services);
    await act(() => useLang.getState().setLang('zh-CN'));
    show();
    await screen.findByRole('heading', { name: '经营分析' });
    expect(chartName('会员与散客')).toBe('柱状图：销售额，会员¥180.00，散客¥60.00；会员占75%。');
    expect(legend('新会员与新VIP', '图例')).toEqual(['新会员', '新VIP']);
    expect(chartName('积分发放、兑换与过期')).toBe('柱状图：本期积分发放330、兑换0、过期0、扣回0。');
  });
});
