import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services';
import type { MemberHit } from '../../src/db/repositories';
import type { MemberQuery } from '../../src/domain/records';
import { useCart } from '../../src/app/cart-store';
import type { Cents } from '../../src/domain/money';
import { enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

/** A quick-key product tapped at the counter: a sale is open. */
async function openSale(services: Services): Promise<void> {
  await services.repos.products.put([{
    id: 'p-tea', sku: 'TEA', barcode: null, name: 'Tea', category: 'Tea', price: 3000 as Cents, noEarn: false, active: true, quickKey: true,
  }]);
  fireEvent.click(await screen.findByRole('button', { name: /^Tea/ }));
  await waitFor(() => expect(useCart.getState().lines).toHaveLength(1));
}

function memberPanel(): HTMLElement {
  return screen.getByRole('region', { name: 'Member' });
}

describe('find a member', () => {
  let services: Services;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
    await setUpStore(services);
  });

  it('[UI-L1] shows at most 20 rows, each with name, masked phone, tier and points', async () => {
    for (let i = 1; i <= 25; i++) await enroll(services, `Member ${String(i).padStart(2, '0')}`, `138000${String(i).padStart(5, '0')}`);
    renderApp(services);
    const box = await screen.findByRole('searchbox', { name: 'Find a member' });
    fireEvent.change(box, { target: { value: '13800' } });
    const list = await screen.findByRole('list', { name: 'Search results' });
    // Each row: the member's button and its own "card" button (UI-L9).
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(20));
    expect(within(list).getAllByRole('button', { name: /^Select / })).toHaveLength(20);
    const first = within(list).getAllByRole('button', { name: /^Select / })[0];
    expect(first?.textContent).toContain('Member 01');
    expect(first?.textContent).toContain('138****0001');
    expect(first?.textContent).not.toContain('13800000001');
    expect(first?.textContent).toContain('100 pts');
  });

  it('[UI-L2] finds 张三 by pinyin initials and by the last four digits', async () => {
    await enroll(services, '张三', '13912345678');
    await enroll(services, 'Zoe Smith', '13512340000');
    renderApp(services);
    const box = await screen.findByRole('searchbox', { name: 'Find a member' });
    fireEvent.change(box, { target: { value: 'zs' } });
    expect(await screen.findByRole('button', { name: 'Select 张三' })).toBeTruthy();
    fireEvent.change(box, { target: { value: '5678' } });
    expect(await screen.findByRole('button', { name: 'Select 张三' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Select Zoe Smith' })).toBeNull());
  });

  it('[UI-L3] drops a stale answer: a slow result for an older query never replaces a newer one', async () => {
    await enroll(services, 'Old Query Person', '13811112222');
    await enroll(services, 'New Query Person', '13822223333');
    const realSearch = services.repos.members.search.bind(services.repos.members);
    let releaseSlow: () => void = () => undefined;
    const slowGate = new Promise<void>((r) => { releaseSlow = r; });
    services.repos.members.search = async (q: MemberQuery, limit?: number): Promise<MemberHit[]> => {
      const hits = await realSearch(q, limit);
      if (q.kind === 'phonePrefix' && q.value === '13811') await slowGate; // the older query answers late
      return hits;
    };
    renderApp(services);
    const box = await screen.findByRole('searchbox', { name: 'Find a member' });
    fireEvent.change(box, { target: { value: '13811' } });
    fireEvent.change(box, { target: { value: '13822' } });
    expect(await screen.findByRole('button', { name: 'Select New Query Person' })).toBeTruthy();
    await act(async () => { releaseSlow(); await slowGate; await new Promise((r) => setTimeout(r, 20)); });
    expect(screen.queryByRole('button', { name: 'Select Old Query Person' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Select New Query Person' })).toBeTruthy();
  });

  it('[UI-L4] the on-screen keypad types digits into the search', async () => {
    await enroll(services, '李娜', '13987654321');
    renderApp(services);
    fireEvent.click(await screen.findByRole('button', { name: 'Show keypad' }));
    const pad = screen.getByRole('group', { name: 'Number keypad' });
    for (const d of '4321') fireEvent.click(within(pad).getByRole('button', { name: d }));
    expect((screen.getByRole('searchbox', { name: 'Find a member' }) as HTMLInputElement).value).toBe('4321');
    expect(await screen.findByRole('button', { name: 'Select 李娜' })).toBeTruthy();
  });

  it('[UI-L5] a scanner (fast keys ending in Enter) selects the member by card number from any screen', async () => {
    const m = await enroll(services, '王芳', '13700001234');
    renderApp(services);
    await screen.findByRole('searchbox', { name: 'Find a member' });
    for (const ch of m.cardNo) fireEvent.keyDown(window, { key: ch });
    fireEvent.keyDown(window, { key: 'Enter' });
    expect((await screen.findByRole('article', { name: 'Member card' })).textContent).toContain('王芳');
  });

  it('[UI-L5][UI-L8] during a sale, a scanned card puts the member on the sale and the counter stays', async () => {
    const m = await enroll(services, '王芳', '13700001234');
    renderApp(services);
    await openSale(services);
    for (const ch of m.cardNo) fireEvent.keyDown(window, { key: ch });
    fireEvent.keyDown(window, { key: 'Enter' });
    await waitFor(() => expect(memberPanel().textContent).toContain('王芳'));
    expect(useCart.getState().memberId).toBe(m.id);
    expect(screen.queryByRole('article', { name: 'Member card' })).toBeNull();
    expect(useCart.getState().lines.map((l) => l.name)).toEqual(['Tea']);
  });

  it('[UI-L8][UI-L10] during a sale, 4 digits + Enter put the only result on the sale: the counter stays, the search is empty and focused', async () => {
    const m = await enroll(services, '李娜', '13987654321');
    await enroll(services, 'Other', '13811110000');
    renderApp(services);
    await openSale(services);
    const box = screen.getByRole('searchbox', { name: 'Find a member' }) as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(box));
    fireEvent.change(box, { target: { value: '4321' } });
    await screen.findByRole('button', { name: 'Select 李娜' });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(memberPanel().textContent).toContain('李娜'));
    expect(useCart.getState().memberId).toBe(m.id);
    expect(screen.queryByRole('article', { name: 'Member card' })).toBeNull();
    expect(screen.queryByRole('list', { name: 'Search results' })).toBeNull();
    expect(box.value).toBe('');
    expect(document.activeElement).toBe(box);
  });

  it('[UI-L8] Enter does nothing while the search has several results; a tap on one puts it on the sale and the counter stays', async () => {
    const m = await enroll(services, '张伟', '13900001111');
    await enroll(services, '张伟伟', '13800001111');
    renderApp(services);
    await openSale(services);
    const box = screen.getByRole('searchbox', { name: 'Find a member' });
    fireEvent.change(box, { target: { value: '1111' } });
    await screen.findByRole('button', { name: 'Select 张伟伟' });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(useCart.getState().memberId).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Select 张伟' }));
    await waitFor(() => expect(memberPanel().textContent).toContain('张伟'));
    expect(useCart.getState().memberId).toBe(m.id);
    expect(screen.queryByRole('article', { name: 'Member card' })).toBeNull();
    expect(document.activeElement).toBe(box);
  });

  it('[UI-L9] with no sale open a tap on a result opens the card; during a sale the card button opens it and leaves the sale as it is', async () => {
    await enroll(services, '陈静', '13655556666');
    renderApp(services);
    const box = await screen.findByRole('searchbox', { name: 'Find a member' });
    fireEvent.change(box, { target: { value: '6666' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Select 陈静' }));
    expect((await screen.findByRole('article', { name: 'Member card' })).textContent).toContain('陈静');
    expect(useCart.getState().memberId).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Counter' }));
    await openSale(services);
    fireEvent.change(box, { target: { value: '6666' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Open the card of 陈静' }));
    expect((await screen.findByRole('article', { name: 'Member card' })).textContent).toContain('陈静');
    expect(useCart.getState().memberId).toBeNull();
    expect(useCart.getState().lines).toHaveLength(1);
  });

  it('[UI-L8] with no sale open, 4 digits + Enter start the sale with that member, on the counter', async () => {
    const m = await enroll(services, '周杰', '13744448888');
    renderApp(services);
    const box = await screen.findByRole('searchbox', { name: 'Find a member' });
    fireEvent.change(box, { target: { value: '8888' } });
    await screen.findByRole('button', { name: 'Select 周杰' });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(memberPanel().textContent).toContain('周杰'));
    expect(useCart.getState().memberId).toBe(m.id);
    expect(screen.queryByRole('article', { name: 'Member card' })).toBeNull();
  });

  it('[UI-L6] a scanned product barcode adds the product to the cart; an unknown code says so and adds nothing', async () => {
    await services.repos.products.put([{
      id: 'p-milk', sku: 'MLK', barcode: '6901234567001', name: 'Milk', category: 'Dairy', price: 5800 as Cents, noEarn: false, active: true, quickKey: false,
    }]);
    renderApp(services);
    await screen.findByRole('searchbox', { name: 'Find a member' });
    for (const ch of '6901234567001') fireEvent.keyDown(window, { key: ch });
    fireEvent.keyDown(window, { key: 'Enter' });
    await waitFor(() => expect(useCart.getState().lines.map((l) => l.name)).toEqual(['Milk']));
    for (const ch of '0000000000000') fireEvent.keyDown(window, { key: ch });
    fireEvent.keyDown(window, { key: 'Enter' });
    expect(await screen.findByText('No product with barcode 0000000000000.')).toBeTruthy();
    expect(useCart.getState().lines).toHaveLength(1);
  });
});
