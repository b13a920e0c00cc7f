// The owner's back office: who may open which screen, the staff list and the catalogue list.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useRouter } from '../../src/app/router';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { useSyncState } from '../../src/app/sync/sync-state';
import { cents } from '../../src/domain/money';
import type { Product } from '../../src/domain/records';
import { NOW, addStaff, makeServices, renderApp, resetStores, setUpStore } from './helpers';

const product = (sku: string, name: string, active = true): Product => ({
  id: `p-${sku}`, sku, barcode: `69${sku}`, name, category: 'baby', price: cents(1000), noEarn: false, active, quickKey: false,
});

describe('the back office', () => {
  let services: Services;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
  });

  it('[UI-R1] a cashier who opens the staff screen by its address is refused, and sees no staff', async () => {
    await setUpStore(services);
    const cashier = await addStaff(services, 'Chen', 'cashier', '1111');
    useSession.getState().signIn(cashier);
    act(() => useRouter.getState().go({ name: 'staff' }));
    renderApp(services);
    expect(await screen.findByText(/This screen needs a manager or the owner/)).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Staff' })).toBeNull();
    expect(screen.queryByText('Olivia')).toBeNull();
  });

  it('[UI-S1] the owner gives a locked-out cashier a new PIN; they sign in with it and the audit list shows the change', async () => {
    await setUpStore(services);
    const chen = await addStaff(services, 'Chen', 'cashier', '1111');
    await services.repos.staff.put({ ...chen, failedAttempts: 5, lockedUntil: NOW + 5 * 60_000 });
    act(() => useRouter.getState().go({ name: 'staff' }));
    renderApp(services);
    const row = (await screen.findByText('Chen')).closest('tr') as HTMLElement;
    expect(within(row).getByText(/Locked until/)).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'New PIN for Chen' }));
    fireEvent.change(within(row).getByLabelText('PIN'), { target: { value: '2222' } });
    fireEvent.change(within(row).getByLabelText('PIN again'), { target: { value: '2223' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Save' }));
    expect(await within(row).findByText('The two PINs differ.')).toBeTruthy();
    fireEvent.change(within(row).getByLabelText('PIN again'), { target: { value: '2222' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect((await services.repos.staff.get(chen.id))?.lockedUntil).toBeNull());

    useSession.getState().lock();
    await waitFor(() => expect(screen.getByRole('radio', { name: /Chen/ })).toBeTruthy());
    fireEvent.click(screen.getByRole('radio', { name: /Chen/ }));
    fireEvent.change(screen.getByLabelText('PIN'), { target: { value: '2222' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(useSession.getState().staff?.id).toBe(chen.id));

    const entries = await services.repos.audit.recent(10);
    expect(entries.find((e) => e.action === 'staff' && e.subjectId === chen.id)?.detail).toBe('pin');
  });

  it('[UI-S1] the last owner cannot be deactivated or demoted; a manager can be deactivated, taken back and made a cashier', async () => {
    await setUpStore(services);
    const lee = await addStaff(services, 'Lee', 'manager', '3333');
    act(() => useRouter.getState().go({ name: 'staff' }));
    renderApp(services);
    const ownerRow = (await within(await screen.findByRole('table')).findByText('Olivia')).closest('tr') as HTMLElement;
    expect(within(ownerRow).queryByRole('button', { name: /Deactivate/ })).toBeNull();
    expect(within(ownerRow).queryByRole('combobox')).toBeNull();

    const leeRow = screen.getByText('Lee').closest('tr') as HTMLElement;
    fireEvent.click(within(leeRow).getByRole('button', { name: 'Deactivate Lee' }));
    await waitFor(async () => expect((await services.repos.staff.get(lee.id))?.active).toBe(false));
    fireEvent.click(await within(leeRow).findByRole('button', { name: 'Take Lee back' }));
    await waitFor(async () => expect((await services.repos.staff.get(lee.id))?.active).toBe(true));
    fireEvent.change(await within(leeRow).findByRole('combobox', { name: 'Role of Lee' }), { target: { value: 'cashier' } });
    await waitFor(async () => expect((await services.repos.staff.get(lee.id))?.role).toBe('cashier'));
  });

  it('[UI-S1] on a paired till staff are added on the server: no add form, and the note says the owner\'s changes go there', async () => {
    await setUpStore(services);
    await addStaff(services, 'Chen', 'cashier', '1111');
    useSyncState.setState({ paired: true });
    act(() => useRouter.getState().go({ name: 'staff' }));
    renderApp(services);
    expect(await screen.findByText(/the owner's change on the server/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add staff' })).toBeNull();
  });

  it('[UI-C2] the catalogue lists every product, marks the ones not on sale, and finds one by SKU in any case', async () => {
    await setUpStore(services);
    await services.repos.products.put([product('mp-1', 'Milk powder'), product('bb-1', 'Bib'), product('ob-1', 'Old bottle', false)]);
    act(() => useRouter.getState().go({ name: 'catalogue' }));
    renderApp(services);
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    expect(within(table).getByText('not on sale', { exact: false })).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a product' }), { target: { value: 'MP-' } });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(within(table).getByText('Milk powder')).toBeTruthy();
  });

  it('[UI-S2] the owner renames the store and moves its time zone; a bad discount limit is refused at the field and the saved one stays', async () => {
    await setUpStore(services);
    await services.repos.settings.set('discountLimitPct', 15);
    act(() => useRouter.getState().go({ name: 'settings' }));
    renderApp(services);
    const form = await screen.findByRole('form', { name: 'Store' });
    fireEvent.change(within(form).getByLabelText('Store name'), { target: { value: '  ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByText('Enter a name.')).toBeTruthy();
    expect((await services.repos.settings.get('store'))?.name).toBe('Test Shop');

    fireEvent.change(within(form).getByLabelText('Store name'), { target: { value: 'Sprouts Kids' } });
    fireEvent.change(within(form).getByLabelText('Time zone'), { target: { value: 'Asia/Hong_Kong' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(async () => expect(await services.repos.settings.get('store')).toMatchObject({ name: 'Sprouts Kids', timeZone: 'Asia/Hong_Kong' }));
    expect(useSession.getState().store?.name).toBe('Sprouts Kids');
    await waitFor(async () => expect((await services.repos.audit.recent(5)).some((e) => e.action === 'settings')).toBe(true));

    const limit = await screen.findByLabelText('Cashier line-discount limit (%)');
    await waitFor(() => expect((limit as HTMLInputElement).value).toBe('15'));
    fireEvent.change(limit, { target: { value: '150' } });
    fireEvent.blur(limit);
    expect(await screen.findByText('Give a whole percentage from 0 to 100.')).toBeTruthy();
    expect(await services.repos.settings.get('discountLimitPct')).toBe(15);
  });

  it('[UI-S2] choosing the kind of shop changes the profile fields the till asks about (PF1)', async () => {
    await setUpStore(services);
    act(() => useRouter.getState().go({ name: 'settings' }));
    renderApp(services);
    expect(await screen.findByText(/Member profiles ask about: Occupation/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Kind of shop/), { target: { value: 'clothing' } });
    expect(await screen.findByText(/Member profiles ask about: Height \(cm\), Top size/)).toBeTruthy();
    expect((await services.repos.settings.get('profileTemplate'))?.shopType).toBe('clothing');
  });
});
