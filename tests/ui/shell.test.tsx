import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { computeAccessibleName } from 'dom-accessibility-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCart } from '../../src/app/cart-store';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { useUpdate } from '../../src/app/update-store';
import type { Cents } from '../../src/domain/money';
import { useLang } from '../../src/i18n/use-t';
import { NOW, OWNER_PIN, enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

describe('first start, sign-in and the shell', () => {
  let services: Services;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
  });

  it('[UI-P1] first start: setup saves the store and the owner with a hashed PIN, then the counter is ready', async () => {
    renderApp(services);
    fireEvent.change(await screen.findByLabelText('Store name'), { target: { value: 'Sprouts' } });
    fireEvent.change(screen.getByLabelText('Owner\'s name'), { target: { value: 'Mei' } });
    fireEvent.change(screen.getByLabelText('Owner\'s PIN (4–8 digits)'), { target: { value: '13579' } });
    fireEvent.change(screen.getByLabelText('PIN again'), { target: { value: '13579' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(await screen.findByRole('searchbox', { name: 'Find a member' })).toBeTruthy();
    const store = await services.repos.settings.get('store');
    expect(store).toMatchObject({ name: 'Sprouts', currency: 'CNY', timeZone: 'Asia/Shanghai' });
    const [owner] = await services.repos.staff.list();
    expect(owner?.role).toBe('owner');
    expect(owner?.pinHash).not.toContain('13579');
    expect(owner?.pinIterations).toBeGreaterThanOrEqual(100_000);
  });

  it('[UI-P1] setup refuses a PIN that is not 4–8 digits and saves nothing', async () => {
    renderApp(services);
    fireEvent.change(await screen.findByLabelText('Store name'), { target: { value: 'Sprouts' } });
    fireEvent.change(screen.getByLabelText('Owner\'s name'), { target: { value: 'Mei' } });
    fireEvent.change(screen.getByLabelText('Owner\'s PIN (4–8 digits)'), { target: { value: '12' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(await screen.findByText('The PIN must be 4 to 8 digits.')).toBeTruthy();
    expect(await services.repos.settings.get('store')).toBeNull();
  });

  it('[UI-P1] the demo loads sample members, products and a cashier who signs in with 1111 and sees no back office', async () => {
    renderApp(services);
    fireEvent.click(await screen.findByRole('button', { name: 'Try the demo' }));
    expect(await screen.findByRole('searchbox', { name: 'Find a member' })).toBeTruthy();
    expect((await services.repos.products.list()).length).toBeGreaterThan(5);
    // Months of past visits through the real engine: the big spender holds a tier, and every balance is its ledger's sum.
    const zhang = await services.repos.members.byPhone('13812345678');
    expect(zhang?.stats.visits).toBeGreaterThan(5);
    expect(zhang?.stats.tierId).not.toBeNull();
    expect((await services.repos.members.verifyStats(zhang?.member.id ?? '')).ok).toBe(true);
    expect((await services.repos.members.history(zhang?.member.id ?? '', 50)).length).toBe(zhang?.stats.visits);
    const staff = await services.repos.staff.list();
    expect(staff.map((s) => s.role).sort()).toEqual(['cashier', 'owner']);
    act(() => useSession.getState().lock());
    fireEvent.click(await screen.findByRole('radio', { name: /Lily/ }));
    fireEvent.change(screen.getByLabelText('PIN'), { target: { value: '1111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(useSession.getState().staff?.role).toBe('cashier'));
    // The cashier's bar: the counter, returns and care; the back office (under "More") is not offered at all.
    expect(await screen.findByRole('button', { name: 'Counter' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /More/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Staff' })).toBeNull();
  }, 90_000); // months of demo history written through fake-indexeddb: slow in jsdom, quick in a browser

  it('[UI-P2] five wrong PINs lock the staff member out for a few minutes, even with the right PIN', async () => {
    await setUpStore(services);
    useSession.getState().lock();
    renderApp(services);
    await waitFor(() => expect(screen.getByRole('radio', { name: /Olivia/ }).getAttribute('aria-checked')).toBe('true'));
    const pin = await screen.findByLabelText('PIN');
    for (let i = 0; i < 5; i++) {
      fireEvent.change(pin, { target: { value: '0000' } });
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
      await waitFor(() => expect((pin as HTMLInputElement).value).toBe(''));
    }
    expect(await screen.findByText(/Too many wrong PINs/)).toBeTruthy();
    fireEvent.change(pin, { target: { value: OWNER_PIN } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect((pin as HTMLInputElement).value).toBe(''));
    expect(useSession.getState().staff).toBeNull();
    const [owner] = await services.repos.staff.list();
    expect(owner?.lockedUntil).toBe(NOW + 5 * 60_000);
  });

  it('[UI-A1] every control on the counter, the member card and the payment has an accessible name', async () => {
    await setUpStore(services);
    const m = await enroll(services, '周杰', '18899990000');
    useCart.getState().attachMember(m.id);
    useCart.getState().addFree('Gift wrap', 500 as Cents);
    renderApp(services);
    await screen.findByRole('region', { name: 'Member' });
    const unnamed = () => [...document.querySelectorAll('button, input, select, textarea, [role="radio"], [role="tab"]')]
      .filter((el) => computeAccessibleName(el).trim() === '')
      .map((el) => el.outerHTML.slice(0, 80));
    expect(unnamed()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: /^Pay/ }));
    await screen.findByRole('dialog', { name: /Payment/ });
    expect(unnamed()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: /周杰/ }));
    expect((await screen.findByRole('article', { name: 'Member card' })).textContent).toContain('188****0000');
    expect(unnamed()).toEqual([]);
  });

  it('[UI-U1] "a new version is ready" is offered only when no sale is open, and never applied by itself', async () => {
    await setUpStore(services);
    let applied = 0;
    renderApp(services);
    await screen.findByRole('searchbox', { name: 'Find a member' });
    act(() => { useCart.getState().addFree('Gift wrap', 500 as Cents); });
    act(() => { useUpdate.setState({ ready: true, dismissed: false, apply: async () => { applied += 1; } }); });
    expect(screen.queryByText('A new version is ready.')).toBeNull();
    act(() => { useCart.getState().reset(); });
    const banner = (await screen.findByText('A new version is ready.')).closest('[role="status"]');
    expect(applied).toBe(0);
    fireEvent.click(within(banner as HTMLElement).getByRole('button', { name: 'Update now' }));
    expect(applied).toBe(1);
  });

  it('[UI-I5] the language switch in the header redraws the till in Chinese', async () => {
    await setUpStore(services);
    renderApp(services);
    fireEvent.change(await screen.findByRole('combobox', { name: 'Language' }), { target: { value: 'zh-CN' } });
    expect(await screen.findByRole('searchbox', { name: '查找会员' })).toBeTruthy();
    expect(useLang.getState().lang).toBe('zh-CN');
  });
});
