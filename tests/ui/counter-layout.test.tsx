// What the screenshots showed (issue #3 layout): the enrolment message must not cover the quote, and a
// banner must not cover the top of a scrolled screen; and the camera scan (BarcodeDetector) at the header.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openEnroll } from '../../src/app/till-prompts';
import { useRouter } from '../../src/app/router';
import type { Services } from '../../src/app/services';
import { useStorageStatus } from '../../src/app/storage-status';
import { enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

describe('counter layout', () => {
  let services: Services;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
    await setUpStore(services);
  });
  afterEach(() => {
    useStorageStatus.setState({ persisted: null, usedRatio: null });
    vi.unstubAllGlobals();
  });

  it('[UI-N3] a member enrolled at the checkout is welcomed in the sale\'s member panel, with no toast over the quote', async () => {
    renderApp(services);
    openEnroll(true);
    const dialog = await screen.findByRole('dialog', { name: 'New member' });
    fireEvent.change(within(dialog).getByLabelText('Mobile phone'), { target: { value: '13855557777' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Amy Lee' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /The customer agrees/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll' }));
    const panel = await screen.findByRole('region', { name: 'Member' });
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toBe('Amy Lee is now a member: 100 welcome points.'));
    expect(document.querySelector('.toast')?.textContent).toBe('');
  });

  it('[UI-B1] on a scrolling screen (the member card) the storage warning is inside the scrolled area; on the counter it sits above the sale', async () => {
    useStorageStatus.setState({ persisted: false, usedRatio: 0.2 });
    const m = await enroll(services, 'Zoe Smith', '13700008888');
    useRouter.setState({ route: { name: 'member', id: m.id } });
    const { unmount } = renderApp(services);
    const warning = await screen.findByText(/Storage is not persistent/);
    const main = screen.getByRole('main');
    expect(main.contains(warning)).toBe(true);
    expect(main.firstElementChild?.contains(warning)).toBe(true);
    unmount();
    useRouter.setState({ route: { name: 'counter' } });
    renderApp(services);
    const onCounter = await screen.findByText(/Storage is not persistent/);
    expect(screen.getByRole('main').contains(onCounter)).toBe(false);
  });

  it('[UI-L7] the camera reads a member card with BarcodeDetector, opens the member and stops the camera', async () => {
    const m = await enroll(services, '钱多', '13700009999');
    const stop = vi.fn();
    vi.stubGlobal('BarcodeDetector', class { async detect() { return [{ rawValue: m.cardNo }]; } });
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia: async () => ({ getTracks: () => [{ stop }] }) } });
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    renderApp(services);
    fireEvent.click(await screen.findByRole('button', { name: 'Scan a member card with the camera' }));
    const card = await screen.findByRole('article', { name: 'Member card' });
    expect(card.textContent).toContain('钱多');
    await waitFor(() => expect(stop).toHaveBeenCalled());
    expect(screen.queryByRole('dialog', { name: 'Scan a member card with the camera' })).toBeNull();
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: undefined });
  });

  it('[UI-L7] where the browser cannot read codes, the camera dialog says so and points to the scanner', async () => {
    renderApp(services);
    fireEvent.click(await screen.findByRole('button', { name: 'Scan a member card with the camera' }));
    const dialog = await screen.findByRole('dialog', { name: 'Scan a member card with the camera' });
    expect(within(dialog).getByRole('alert').textContent).toBe('This browser cannot read codes with the camera. Use the barcode scanner or type the number.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop the camera' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
