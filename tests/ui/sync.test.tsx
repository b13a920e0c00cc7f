/**
 * Pairing and sync at the till, against the real server code (buildServer on in-memory PGlite) through
 * the in-process transport, as tests/sync/sim does. Rules: S13 pairing, C-S10 revocation and
 * `client_outdated`, C-S12/C-S7 the engine runs and its status is shown, C-S13 the member bootstrap.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Services } from '../../src/app/services';
import { useRouter } from '../../src/app/router';
import { useSession } from '../../src/app/session-store';
import { memoryPairingStorage } from '../../src/app/sync/pairing-storage';
import { SyncRuntime } from '../../src/app/sync/sync-runtime';
import { useSyncState } from '../../src/app/sync/sync-state';
import { CURRENT_SCHEMA_VERSION } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import { createOrg, createPairCode, revokeDevice } from '../../src/server/tenancy';
import { createInjectTransport, TransportError } from '../../src/sync/transport';
import { useLang } from '../../src/i18n/use-t';
import { cents, points } from '../../src/domain/money';
import type { LedgerEntry, Member, Sale } from '../../src/domain/records';
import { hlcNow } from '../../src/domain/hlc';
import type { Mutation } from '../../src/sync/protocol';
import { enroll, NOW, renderApp, resetStores, setUpStore } from './helpers';
import { syncServerForFile } from './sync-server';

const server = syncServerForFile();

let storage: ReturnType<typeof memoryPairingStorage>;
let runtime: SyncRuntime;
let services: Services;
const opened: string[] = [];

/** Set to make every request from the till fail as if the network were down. */
let offline = false;

beforeEach(async () => {
  offline = false;
  resetStores();
  storage = memoryPairingStorage();
  runtime = new SyncRuntime({
    open: async (orgId, deviceId) => {
      opened.push(`${orgId}/${deviceId}`);
      return openDatabase(orgId === 'local' ? `local${uuidv7().slice(-6)}` : orgId, deviceId.replace(/-/g, ''), NOW);
    },
    storage, now: () => NOW, newId: () => uuidv7(),
    localDevice: () => Promise.resolve(uuidv7().replace(/-/g, '')),
    transport: (_url, token) => {
      const inner = createInjectTransport(server.app, { token, schemaVersion: CURRENT_SCHEMA_VERSION });
      return { send: (req) => (offline ? Promise.reject(new TransportError('offline')) : inner.send(req)) };
    },
    engine: { locks: null, online: null },
  });
  services = await runtime.boot(uuidv7().replace(/-/g, ''));
  await setUpStore(services);
});
afterEach(() => { runtime.stop(); vi.restoreAllMocks(); });

async function newOrg(name: string) {
  return createOrg(server.db, { name, ownerName: `${name} Owner`, ownerPin: '1234', now: NOW });
}

/** A new organisation, this tablet paired to it and synced once, its owner signed in at the till. */
async function pairAndSignIn(name: string) {
  const org = await newOrg(name);
  const { code } = await createPairCode(server.db, org.storeId, NOW);
  await runtime.pair('https://shop.example', code, 'Till 1');
  await waitFor(() => expect(useSyncState.getState().status?.state).toBe('idle'));
  const paired = runtime.current();
  const store = await paired.repos.settings.get('store');
  const owner = (await paired.repos.staff.list())[0];
  if (!store || !owner) throw new Error('not seeded');
  useSession.getState().setStore(store);
  useSession.getState().signIn(owner);
  return { org, paired };
}

async function openSettings() {
  renderApp(services);
  act(() => useRouter.setState({ route: { name: 'settings' } }));
  return screen.findByRole('form', { name: 'Connect to a server' });
}

function fill(form: HTMLElement, server: string, code: string) {
  fireEvent.change(within(form).getByLabelText('Server address'), { target: { value: server } });
  fireEvent.change(within(form).getByLabelText('Pairing code'), { target: { value: code } });
  fireEvent.click(within(form).getByRole('button', { name: 'Connect' }));
}

describe('pairing a tablet in Settings', () => {
  it('[S13] a wrong pairing code is refused with a clear message and nothing is stored', async () => {
    await newOrg('Wrong');
    const form = await openSettings();
    fill(form, 'https://shop.example', 'NOPE-1234');
    expect(await screen.findByText('This pairing code is wrong, used or expired. Ask the owner for a new one.')).toBeTruthy();
    expect(await storage.load()).toBeNull();
    expect(useSyncState.getState().paired).toBe(false);
    expect(opened.filter((o) => !o.startsWith('local/'))).toEqual([]);
    // The till is as it was: the same store, the same signed-in owner.
    expect(useSession.getState().staff?.name).toBe('Olivia');
  });

  it('[S13] an address that is not a server address is refused at the field before any request', async () => {
    const form = await openSettings();
    fill(form, 'not a url at all', 'ABCD1234');
    expect(await within(form).findByText('Enter the server\'s address, for example https://shop.example.com.')).toBeTruthy();
    expect(await storage.load()).toBeNull();
  });

  it('[S13][C-S12][C-S13][C-S16] a good code pairs: the server\'s store and staff arrive, members download, the engine syncs and the header says so', async () => {
    const org = await newOrg('Good');
    const { code } = await createPairCode(server.db, org.storeId, NOW);
    const form = await openSettings();
    fill(form, 'https://shop.example/', code);
    // The till now runs on the organisation's data: sign in as the server's owner.
    expect(await screen.findByRole('radio', { name: /Good Owner/ }, { timeout: 15_000 })).toBeTruthy();
    const saved = await storage.load();
    expect(saved).toMatchObject({ baseUrl: 'https://shop.example', orgId: org.orgId, storeId: org.storeId });
    expect(saved?.token.length).toBeGreaterThan(10);
    expect(useSession.getState().deviceId).toBe(saved?.deviceId);
    await waitFor(() => expect(useSyncState.getState().bootstrap?.complete).toBe(true));
    await waitFor(() => expect(useSyncState.getState().lastSyncedAt).toBe(NOW));
    expect(useSyncState.getState().status?.state).toBe('idle');
    // The token is never shown: not in the page, not in the title.
    expect(document.body.innerHTML).not.toContain(saved?.token ?? '?');
    expect(document.title).not.toContain(saved?.token ?? '?');

    // Signed in, the header status says the tablet is synced and when.
    const owner = (await runtime.current().repos.staff.list()).find((s) => s.name === 'Good Owner');
    if (!owner) throw new Error('owner missing');
    act(() => useSession.getState().signIn(owner));
    const status = await screen.findByRole('status', { name: /Synced/ });
    expect(status.getAttribute('aria-label')).toContain('Last synced');
  });

  it('[C-S7][C-S8] a member enrolled after pairing is pushed by the engine without any screen asking for it', async () => {
    const { org, paired } = await pairAndSignIn('Push');
    await enroll(paired, 'Li Lei', '13800000001');
    // notify() after the write: the outbox empties and the server has the member.
    await waitFor(async () => expect(await paired.repos.outbox.count()).toBe(0));
    const onServer = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM members WHERE org_id = $1', [org.orgId]);
    expect(onServer[0]?.n).toBe(1);
  });
});

describe('a tablet the owner disconnects', () => {
  it('[C-S10][C-S16] device_revoked erases the tablet\'s data and pairing and returns to first-run setup with a clear message', async () => {
    const org = await newOrg('Revoked');
    const { code } = await createPairCode(server.db, org.storeId, NOW);
    await runtime.pair('https://shop.example', code, 'Till 1');
    // This runtime's engine has completed a cycle (not only some status in the shared store).
    await waitFor(async () => expect(await runtime.syncNow()).toBe(true), { timeout: 60_000 });
    const paired = runtime.current();
    const pairedDb = paired.db;
    const deviceId = (await storage.load())?.deviceId ?? '';
    renderApp(paired);
    expect(await screen.findByRole('radio', { name: /Revoked Owner/ })).toBeTruthy();

    await revokeDevice(server.db, deviceId, NOW);
    await act(async () => { await runtime.syncNow(); });
    // The revoke, erase and switch to a new database through fake-indexeddb took 0.6 s on a quiet machine and 9 s under load.
    const erased = { timeout: 60_000 };
    expect(await screen.findByText(/This tablet was disconnected from the server by the owner, and its data was erased/, {}, erased)).toBeTruthy();
    expect(await screen.findByLabelText('Store name', {}, erased)).toBeTruthy();
    expect(await storage.load()).toBeNull();
    expect(storage.cleared).toBe(1);
    expect(useSyncState.getState().paired).toBe(false);
    expect(useSession.getState().deviceId).not.toBe(deviceId);
    // The organisation's copy on this tablet is gone.
    if (!pairedDb) throw new Error('no db');
    await pairedDb.open();
    expect(await pairedDb.staff.count()).toBe(0);
    expect(await pairedDb.settings.count()).toBe(0);
    pairedDb.close();
  }, 120_000);

  it('[C-S19][S21] revoked while offline with a member it enrolled: it hands the member over, then erases itself and says how many changes it handed over', async () => {
    const { org, paired } = await pairAndSignIn('Handover');
    const deviceId = (await storage.load())?.deviceId ?? '';
    offline = true; // the network is gone: the member waits in the outbox
    await enroll(paired, 'Wang Fang', '13800000031');
    const waiting = await paired.repos.outbox.count();
    expect(waiting).toBeGreaterThan(0);
    renderApp(paired);
    await revokeDevice(server.db, deviceId, NOW + 1);
    offline = false;
    await act(async () => { await runtime.syncNow(); });
    const erased = { timeout: 60_000 };
    expect(await screen.findByText(/This tablet was disconnected from the server by the owner, and its data was erased/, {}, erased)).toBeTruthy();
    expect(screen.getByText(`Before erasing, it handed over ${waiting} unsynced changes to the server (sales and members made before the revocation are kept there).`)).toBeTruthy();
    expect(await screen.findByLabelText('Store name', {}, erased)).toBeTruthy();
    const onServer = await server.db.query<{ name: string }>(`SELECT data->>'name' AS name FROM members WHERE org_id = $1`, [org.orgId]);
    expect(onServer.map((r) => r.name)).toEqual(['Wang Fang']);
  }, 120_000);

  it('[S13] the owner disconnects the tablet: refused while changes wait for the server, then erased and back to setup', async () => {
    const { paired } = await pairAndSignIn('Unpair');
    runtime.stop(); // the network is gone: the next change stays in the outbox
    await enroll(paired, 'Han Meimei', '13800000002');
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderApp(paired);
    act(() => useRouter.setState({ route: { name: 'settings' } }));
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect this tablet' }));
    expect(await screen.findByText(/^[23] changes have not reached the server yet\. Sync first, then disconnect\.$/)).toBeTruthy();
    expect(await storage.load()).not.toBeNull();
    // Once the server has it, disconnecting erases the tablet's copy and starts it again.
    await paired.repos.outbox.ack((await paired.repos.outbox.nextSeq()) - 1);
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect this tablet' }));
    expect(await screen.findByText(/This tablet was disconnected from the server and its copy of the data erased/)).toBeTruthy();
    expect(await screen.findByLabelText('Store name')).toBeTruthy();
    expect(await storage.load()).toBeNull();
  });

  it('[C-S10] an app too old for the server shows "update the app" and stops syncing', async () => {
    renderApp(services);
    act(() => useSyncState.setState({ paired: true, status: { state: 'outdated', lastSyncedAt: null, waiting: 0, rejections: [], error: { code: 'client_outdated', message: '' }, nextAttemptAt: null, bootstrap: null, leader: true } }));
    expect(await screen.findByText(/This app is too old for the server: update the app/)).toBeTruthy();
    expect(screen.getByRole('status', { name: /Update the app to sync/ })).toBeTruthy();
  });
});

/** A plain one-line ¥10 member sale with no points, as a till would record it. */
function saleFor(memberId: string | null, deviceId: string): Sale {
  const line = { lineNo: 1, productId: null, name: 'Tea', category: 'tea', unitPrice: cents(1000), qty: 1, lineDiscount: cents(0), noEarn: false,
    allocatedDiscount: cents(0), allocatedRedeem: cents(0), net: cents(1000), pointsEarned: points(0), pointsRedeemed: points(0) };
  return {
    id: uuidv7(), receiptNo: 'R-1', storeId: 'store', deviceId, staffId: 'staff', memberId, at: NOW, businessDate: '2026-06-01', programmeVersion: 1,
    lines: [line], subtotal: cents(1000), discounts: [], pointsRedeemed: points(0), redeemValue: cents(0), total: cents(1000), pointsEarned: points(0),
    payments: [{ method: 'cash', amount: cents(1000) }], couponIds: [],
  };
}

describe('the sync issues screen', () => {
  /** A second tablet of the organisation that pushes raw mutations (as tests/server do). */
  async function otherTablet(storeId: string) {
    const { code } = await createPairCode(server.db, storeId, NOW);
    const t = createInjectTransport(server.app, { token: () => null, schemaVersion: CURRENT_SCHEMA_VERSION });
    const r = await t.send({ method: 'POST', path: '/api/pair', body: { code, deviceName: 'Till 2' } });
    const p = r.body as { deviceId: string; token: string };
    const authed = createInjectTransport(server.app, { token: () => p.token, schemaVersion: CURRENT_SCHEMA_VERSION });
    return {
      push: (batch: { seq: number; mutation: Mutation }[], pending?: number) =>
        authed.send({ method: 'POST', path: '/api/push', body: { deviceId: p.deviceId, batch, ...(pending === undefined ? {} : { pending }) } }),
      deviceId: p.deviceId,
    };
  }

  it('[S8][S10][S20][C-S15] a manager signs in with their PIN, reads refusals and exceptions in words, and sees the saved list offline, in Chinese too', async () => {
    const { org, paired } = await pairAndSignIn('Issues');
    const m = await enroll(paired, 'Li Lei', '13800000001');
    await waitFor(async () => expect(await paired.repos.outbox.count()).toBe(0));
    // Another tablet redeems 300 points the member does not have, and sends a sale for a store that does not exist.
    const other = await otherTablet(org.storeId);
    const redeem: LedgerEntry = { id: uuidv7(), memberId: m.id, kind: 'redeem', points: points(-300), at: NOW, sourceId: null, reason: 'redeem', note: '', staffId: null, deviceId: other.deviceId, expiresOn: null };
    const badSale = { ...saleFor(m.id, other.deviceId), storeId: 'no-such-store' };
    const res = await other.push([
      { seq: 1, mutation: { kind: 'ledger.append', id: uuidv7(), at: NOW, entries: [redeem] } },
      { seq: 2, mutation: { kind: 'sale.record', id: uuidv7(), at: NOW, sale: badSale, ledger: [], coupons: [] } },
    ]);
    expect(res.status).toBe(200);
    await runtime.syncNow();

    renderApp(paired);
    act(() => useRouter.setState({ route: { name: 'settings' } }));
    fireEvent.click(await screen.findByRole('button', { name: 'Sync issues (manager)' }));
    const panel = await screen.findByRole('region', { name: 'Sync issues' });
    // A wrong PIN is refused on the tablet, before anything is asked of the server.
    fireEvent.change(within(panel).getByLabelText('PIN'), { target: { value: '9999' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Show issues' }));
    expect(await within(panel).findByRole('alert')).toBeTruthy();
    fireEvent.change(within(panel).getByLabelText('PIN'), { target: { value: '1234' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Show issues' }));
    const refused = await within(panel).findByRole('list', { name: 'Changes the server refused' }, { timeout: 10_000 });
    expect(refused.textContent).toContain('Sale from another tablet');
    expect(refused.textContent).toContain('It names a store this organisation does not have.');
    const exceptions = within(panel).getByRole('list', { name: 'Exceptions to check' });
    await waitFor(() => expect(exceptions.textContent).toContain('Points overdrawn: Li Lei went to -200 points after redeeming 300'));
    expect(document.body.innerHTML).not.toContain('1234');

    // Offline, in Chinese: the list saved on the tablet is shown with its time.
    fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    offline = true;
    await act(() => useLang.getState().setLang('zh-CN'));
    fireEvent.click(await screen.findByRole('button', { name: '同步问题（店长）' }));
    const zh = await screen.findByRole('region', { name: '同步问题' });
    fireEvent.change(within(zh).getByLabelText('密码'), { target: { value: '1234' } });
    fireEvent.click(within(zh).getByRole('button', { name: '查看问题' }));
    await waitFor(() => expect(within(zh).getByRole('status').textContent).toContain('无法连接服务器：显示'));
    await waitFor(() => expect(within(zh).getByRole('list', { name: '需要核查的异常' }).textContent).toContain('积分透支：Li Lei 兑换 300 积分后余额为 -200'));
    expect(within(zh).getByRole('list', { name: '服务器拒绝的更改' }).textContent).toContain('涉及本组织不存在的门店。');
  });
});

describe('the tablets list', () => {
  it('[S21][S20] a manager reads each tablet\'s last contact and how many changes it held unsynced then, and which one is revoked', async () => {
    const { org, paired } = await pairAndSignIn('Tablets');
    const { code } = await createPairCode(server.db, org.storeId, NOW);
    const t = createInjectTransport(server.app, { token: () => null, schemaVersion: CURRENT_SCHEMA_VERSION });
    const p = (await t.send({ method: 'POST', path: '/api/pair', body: { code, deviceName: 'Back till' } })).body as { deviceId: string; token: string };
    const back = createInjectTransport(server.app, { token: () => p.token, schemaVersion: CURRENT_SCHEMA_VERSION });
    // The back till sends 1 of the 4 changes it holds, then goes quiet; the owner revokes it.
    const r = await back.send({ method: 'POST', path: '/api/push', body: { deviceId: p.deviceId, pending: 4, batch: [
      { seq: 1, mutation: { kind: 'sale.record', id: uuidv7(), at: NOW, sale: saleFor(null, p.deviceId), ledger: [], coupons: [] } },
    ] } });
    expect(r.status).toBe(200);
    await revokeDevice(server.db, p.deviceId, NOW);
    await runtime.syncNow();
    renderApp(paired);
    act(() => useRouter.setState({ route: { name: 'settings' } }));
    fireEvent.click(await screen.findByRole('button', { name: 'Sync issues (manager)' }));
    const panel = await screen.findByRole('region', { name: 'Sync issues' });
    fireEvent.change(within(panel).getByLabelText('PIN'), { target: { value: '1234' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Show issues' }));
    const list = await within(panel).findByRole('list', { name: 'Tablets of the shop' }, { timeout: 10_000 });
    const rows = within(list).getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^Till 1: last seen .+, 0 unsynced changes when last seen\.$/);
    expect(rows[1]).toMatch(/^Back till: last seen .+, 3 unsynced changes when last seen\. Revoked .+\.$/);
  });
});

describe('the member search while a pull brings members', () => {
  it('[C-S9][C-S17] a phone typed before the member arrived by sync finds them once the pull is written, without typing again', async () => {
    const { org, paired } = await pairAndSignIn('Search');
    renderApp(paired);
    fireEvent.change(await screen.findByRole('searchbox', { name: 'Find a member' }), { target: { value: '13912345678' } });
    expect(await screen.findByText('No member found.')).toBeTruthy();

    // Another tablet enrols the member; this tablet pulls it while the text stays as typed.
    const { code: code2 } = await createPairCode(server.db, org.storeId, NOW);
    const t = createInjectTransport(server.app, { token: () => null, schemaVersion: CURRENT_SCHEMA_VERSION });
    const p = (await t.send({ method: 'POST', path: '/api/pair', body: { code: code2, deviceName: 'Till 2' } })).body as { deviceId: string; token: string };
    const stamp = hlcNow(null, NOW, 'till2');
    const member: Member = {
      id: uuidv7(), cardNo: 'C-2', phone: '13912345678', name: 'Zhao Min', nameKey: 'zhao min', initials: 'zm', birthday: null, wechat: null,
      enrolledAt: NOW, enrolledOn: '2026-06-01', enrolledStoreId: org.storeId, enrolledBy: null, referredBy: null, consentAt: NOW,
      doNotDisturb: false, notes: '', profile: {}, mergedInto: null, clock: { name: stamp, phone: stamp },
    };
    const push = await createInjectTransport(server.app, { token: () => p.token, schemaVersion: CURRENT_SCHEMA_VERSION }).send({
      method: 'POST', path: '/api/push', body: { deviceId: p.deviceId, batch: [{ seq: 1, mutation: { kind: 'member.upsert', id: uuidv7(), at: NOW, member, fields: ['name', 'phone'] } }] },
    });
    expect(push.status).toBe(200);
    await act(async () => { await runtime.syncNow(); });
    expect(await screen.findByRole('button', { name: /^Select Zhao Min/ })).toBeTruthy();
    expect(screen.queryByText('No member found.')).toBeNull();
    expect((screen.getByRole('searchbox', { name: 'Find a member' }) as HTMLInputElement).value).toBe('13912345678');
  });
});

