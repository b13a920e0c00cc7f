// The open sale kept on the tablet (docs/ui-spec.md UI-K1): a reload or a crash finds the cart again.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCart } from '../../src/app/cart-store';
import { useSession } from '../../src/app/session-store';
import type { Services } from '../../src/app/services';
import type { Cents } from '../../src/domain/money';
import { enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

let services: Services;

/** The till starts again: nothing in memory, the same device, store and cashier. */
function restart(): void {
  const { deviceId, store, staff } = useSession.getState();
  resetStores();
  useSession.getState().setDevice(deviceId);
  if (store) useSession.getState().setStore(store);
  if (staff) useSession.setState({ staff });
}

async function tap(name: RegExp): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name }));
}

describe('the open sale survives a reload', () => {
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
    await setUpStore(services);
    await services.repos.products.put([
      { id: 'p-tea', sku: 'TEA', barcode: null, name: 'Tea', category: 'Tea', price: 3000 as Cents, noEarn: false, active: true, quickKey: true },
    ]);
  });

  it('[UI-K1] a cart with lines and a member is on the counter again after the till restarts; outbox untouched', async () => {
    await enroll(services, '李娜', '13987654321');
    const outboxBefore = await services.repos.outbox.count();
    const first = renderApp(services);
    await tap(/^Tea/);
    await tap(/^Tea/);
    const box = screen.getByRole('searchbox', { name: 'Find a member' });
    fireEvent.change(box, { target: { value: '4321' } });
    await screen.findByRole('button', { name: 'Select 李娜' });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(screen.getByRole('region', { name: 'Member' }).textContent).toContain('李娜'));
    await new Promise((r) => setTimeout(r, 50)); // the write of the last change
    first.unmount();
    restart();
    renderApp(services);
    const cart = await screen.findByRole('list', { name: 'Cart' });
    await waitFor(() => expect(within(cart).getByText('Tea')).toBeTruthy());
    expect(useCart.getState().lines.map((l) => [l.name, l.qty])).toEqual([['Tea', 2]]);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Member' }).textContent).toContain('李娜'));
    expect(await services.repos.outbox.count()).toBe(outboxBefore);
  });

  it('[UI-K1] a till that dies just after the sale is written does not offer the paid cart again', async () => {
    const writer = services.repos.writer;
    let written = false;
    // The sale's transaction completes, then the tab dies before the screen goes on.
    const dying = new Proxy(writer, {
      get: (w, name) => (name === 'commitSale'
        ? async (input: Parameters<typeof writer.commitSale>[0]) => { await w.commitSale(input); written = true; return new Promise<never>(() => undefined); }
        : Reflect.get(w, name)),
    });
    const first = renderApp({ ...services, repos: { ...services.repos, writer: dying } });
    await tap(/^Tea/);
    fireEvent.click(await screen.findByRole('button', { name: /^Pay / }));
    const dialog = await screen.findByRole('dialog', { name: /Payment/ });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'WeChat Pay' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm payment' }));
    await waitFor(() => expect(written).toBe(true));
    first.unmount();
    restart();
    renderApp(services);
    await screen.findByRole('searchbox', { name: 'Find a member' });
    await new Promise((r) => setTimeout(r, 600)); // time for the kept cart to be read
    expect(useCart.getState().lines).toEqual([]);
  });
});
