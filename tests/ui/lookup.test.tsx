import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/app/services';
import type { MemberHit } from '../../src/db/repositories';
import type { MemberQuery } from '../../src/domain/records';
import { useCart } from '../../src/app/cart-store';
import type { Cents } from '../../src/domain/money';
import { enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

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
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(20));
    const first = within(list).getAllByRole('button')[0];
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
