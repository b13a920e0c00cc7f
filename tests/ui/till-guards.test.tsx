// The till's remaining screens and its "never lose data" guards in the shell: the manager screens
// under "More", the backup reminder, the eviction banner and the idle lock (issues #5 and #7).
// [UI-G1] manager screens reachable by role · [UI-G2] idle lock keeps the cart · SH3/SH4 storage health.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app/app';
import { useCart } from '../../src/app/cart-store';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { useSyncState } from '../../src/app/sync/sync-state';
import type { MarkerStore, SetupMarker } from '../../src/backup/storage-health';
import type { Cents } from '../../src/domain/money';
import { addStaff, DAY, makeServices, NOW, OWNER_PIN, renderApp, resetStores, setUpStore } from './helpers';

function memoryMarker(initial: SetupMarker | null): MarkerStore & { held: () => SetupMarker | null } {
  let held = initial;
  return { get: async () => held, set: async (m) => { held = m; }, held: () => held };
}

let services: Services;
beforeEach(async () => {
  resetStores();
  location.hash = '';
  services = await makeServices();
});

describe('manager screens', () => {
  it('[UI-G1] a manager opens insights, the member list and the import from "More"', async () => {
    await setUpStore(services);
    const manager = await addStaff(services, 'Mina', 'manager', '3579');
    useSession.getState().signIn(manager);
    renderApp(services);
    for (const [item, heading] of [['Insights', 'Insights'], ['Members', 'Members'], ['Import members', 'Import members']] as const) {
      fireEvent.click(await screen.findByRole('button', { name: 'More ▾' }));
      fireEvent.click(screen.getByRole('button', { name: item }));
      expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeTruthy();
      expect(location.hash).toBe(`#/${item === 'Import members' ? 'import' : item.toLowerCase()}`);
    }
  });

  it('[UI-G1] a cashier sees none of them', async () => {
    await setUpStore(services);
    const cashier = await addStaff(services, 'Cai', 'cashier', '1357');
    useSession.getState().signIn(cashier);
    renderApp(services);
    const nav = await screen.findByRole('navigation', { name: /./ });
    expect(within(nav).queryByRole('button', { name: 'More ▾' })).toBeNull();
    for (const name of ['Insights', 'Members', 'Import members']) expect(within(nav).queryByRole('button', { name })).toBeNull();
  });
});

describe('backup reminder and eviction', () => {
  it('[SH4] a manager of an unpaired till is reminded 8 days after the last backup, and its button opens the backup screen', async () => {
    await setUpStore(services);
    await services.repos.settings.set('lastBackupAt', NOW - 8 * DAY);
    renderApp(services);
    expect(await screen.findByText(/more than 7 days old/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save a backup' }));
    await waitFor(() => expect(location.hash).toBe('#/backup'));
  });

  it('[SH4] no reminder 6 days after the backup, nor for a cashier', async () => {
    await setUpStore(services);
    await services.repos.settings.set('lastBackupAt', NOW - 6 * DAY);
    const { unmount } = renderApp(services);
    await screen.findByRole('searchbox', { name: 'Find a member' });
    expect(screen.queryByText(/Save a backup now/)).toBeNull();
    unmount();
    await services.repos.settings.set('lastBackupAt', NOW - 8 * DAY);
    useSession.getState().signIn(await addStaff(services, 'Cai', 'cashier', '1357'));
    renderApp(services);
    await screen.findByRole('searchbox', { name: 'Find a member' });
    expect(screen.queryByText(/Save a backup now/)).toBeNull();
  });

  it('[SH3] a tablet set up before whose database came back empty says so and offers the last backup', async () => {
    const marker = memoryMarker({ deviceId: 'gone', dbCreatedAt: NOW - 90 * DAY });
    render(<App services={services} markers={[marker]} />);
    const alert = await screen.findByText('The browser has cleared this till\'s data. Restore it from your last backup.');
    expect(alert).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Restore from a file' }));
    expect(await screen.findByLabelText('Backup file')).toBeTruthy();
  });

  it('[SH3] when paired, the eviction banner says the data is downloaded again', async () => {
    useSyncState.setState({ paired: true });
    render(<App services={services} markers={[memoryMarker({ deviceId: 'gone', dbCreatedAt: 1 })]} />);
    expect(await screen.findByText(/It is being downloaded again from the server/)).toBeTruthy();
  });

  it('[SH3] a new tablet shows no eviction, and after setup the marker describes its database', async () => {
    const marker = memoryMarker(null);
    render(<App services={services} markers={[marker]} />);
    fireEvent.change(await screen.findByLabelText('Store name'), { target: { value: 'Sprouts' } });
    expect(screen.queryByText(/cleared this till/)).toBeNull();
    fireEvent.change(screen.getByLabelText('Owner\'s name'), { target: { value: 'Mei' } });
    fireEvent.change(screen.getByLabelText('Owner\'s PIN (4–8 digits)'), { target: { value: '13579' } });
    fireEvent.change(screen.getByLabelText('PIN again'), { target: { value: '13579' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await screen.findByRole('searchbox', { name: 'Find a member' });
    const row = await services.db?.meta.get('device');
    await waitFor(() => expect(marker.held()).toEqual({ deviceId: (row?.value as { deviceId: string }).deviceId, dbCreatedAt: NOW }));
    expect(screen.queryByText(/cleared this till/)).toBeNull();
  });
});

describe('idle lock', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('[UI-G2] the till locks after 5 idle minutes (a touch restarts the wait), even in the payment, and the open cart is there after sign-in', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    await setUpStore(services);
    useCart.getState().addFree('Gift wrap', 500 as Cents);
    renderApp(services);
    await screen.findByRole('searchbox', { name: 'Find a member' });
    fireEvent.click(screen.getByRole('button', { name: /^Pay/ }));
    await screen.findByRole('dialog', { name: /Payment/ });
    act(() => { vi.advanceTimersByTime(4 * 60_000); });
    expect(useSession.getState().staff?.name).toBe('Olivia');
    fireEvent.pointerDown(document.body);
    act(() => { vi.advanceTimersByTime(4 * 60_000); });
    expect(useSession.getState().staff?.name).toBe('Olivia');
    act(() => { vi.advanceTimersByTime(61_000); });
    expect(useSession.getState().staff).toBeNull();
    const pin = await screen.findByLabelText('PIN');
    expect(screen.queryByRole('dialog', { name: /Payment/ })).toBeNull();
    expect(screen.queryByText('Gift wrap')).toBeNull();
    await waitFor(() => expect(screen.getByRole('radio', { name: /Olivia/ }).getAttribute('aria-checked')).toBe('true'));
    fireEvent.change(pin, { target: { value: OWNER_PIN } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Gift wrap')).toBeTruthy();
    expect(useCart.getState().lines).toHaveLength(1);
  });

  it('[UI-G2] the idle time is a store setting', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    await setUpStore(services);
    await services.repos.settings.set('idleLockMinutes', 2);
    renderApp(services);
    await screen.findByRole('searchbox', { name: 'Find a member' });
    // The setting is read by a live query: let it arrive before the clock jumps.
    await act(async () => { await new Promise((r) => setTimeout(r, 300)); });
    act(() => { vi.advanceTimersByTime(2 * 60_000 + 1_000); });
    expect(useSession.getState().staff).toBeNull();
  });

  it('[UI-G2] a manager sets the idle time in Settings; a value that is not 1–240 whole minutes is refused and not saved', async () => {
    await setUpStore(services);
    renderApp(services);
    fireEvent.click(await screen.findByRole('button', { name: 'More ▾' }));
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const field = await screen.findByLabelText('Lock the till after this many minutes without use');
    fireEvent.change(field, { target: { value: '0' } });
    fireEvent.blur(field);
    expect(await screen.findByText('Give a whole number of minutes from 1 to 240.')).toBeTruthy();
    expect(await services.repos.settings.get('idleLockMinutes')).toBeNull();
    fireEvent.change(field, { target: { value: '12' } });
    fireEvent.blur(field);
    await waitFor(async () => expect(await services.repos.settings.get('idleLockMinutes')).toBe(12));
    expect(screen.queryByText('Give a whole number of minutes from 1 to 240.')).toBeNull();
  });
});
