import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { enrollMember } from '../../src/app/enrollment';
import { currentProgramme } from '../../src/app/programme-store';
import { useRouter } from '../../src/app/router';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import { classifyQuery } from '../../src/domain/search-keys';
import { addStaff, makeServices, renderApp, resetStores, setUpStore } from './helpers';

describe('member card', () => {
  let services: Services;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
    await setUpStore(services);
  });

  async function enrollWithBirthday(birthday: string) {
    const store = useSession.getState().store;
    const r = await enrollMember({ name: '李娜', phone: '13987654321', birthday, wechat: 'lina88', referredBy: null, consent: true }, {
      repos: services.repos, programme: currentProgramme(), now: services.now(), newId: services.newId, timeZone: 'Asia/Shanghai',
      storeId: store?.id ?? '', deviceId: 'd', staffId: null, country: 'CN',
    });
    if (!r.ok) throw new Error('fixture');
    return r.member;
  }

  it('[B1] shows tier progress, points waiting to sync, the birthday month and the QR card', async () => {
    const m = await enrollWithBirthday('--11-02');
    useRouter.setState({ route: { name: 'member', id: m.id } });
    renderApp(services);
    const card = await screen.findByRole('article', { name: 'Member card' });
    await waitFor(() => expect(card.textContent).toContain('¥1,000.00 more to Silver'));
    expect(within(card).getByTestId('card-points').textContent).toBe('100');
    expect(card.textContent).toContain('100 waiting to sync');
    expect(card.textContent).toContain('Birthday month: a 30%-off purchase');
    expect(within(card).getByRole('img', { name: `Member QR code ${m.cardNo}` })).toBeTruthy();
  });

  it('[UI-M1] a cashier sees the phone masked; only a manager can reveal it', async () => {
    const m = await enrollWithBirthday('1990-03-15');
    useSession.getState().signIn(await addStaff(services, 'Cathy', 'cashier', '1111'));
    useRouter.setState({ route: { name: 'member', id: m.id } });
    const { unmount } = renderApp(services);
    const card = await screen.findByRole('article', { name: 'Member card' });
    expect(card.textContent).toContain('139****4321');
    expect(card.textContent).not.toContain('13987654321');
    expect(within(card).queryByRole('button', { name: 'Show full number' })).toBeNull();
    unmount();
    useSession.getState().signIn(await addStaff(services, 'Max', 'manager', '2222'));
    renderApp(services);
    const card2 = await screen.findByRole('article', { name: 'Member card' });
    fireEvent.click(await within(card2).findByRole('button', { name: 'Show full number' }));
    expect(card2.textContent).toContain('13987654321');
  });

  it('[PF4] the name and birthday are corrected on the card: the new name is found at the counter, the change queued for sync', async () => {
    const m = await enrollWithBirthday('1990-03-15');
    useRouter.setState({ route: { name: 'member', id: m.id } });
    renderApp(services);
    const card = await screen.findByRole('article', { name: 'Member card' });
    fireEvent.click(within(card).getByRole('button', { name: 'Correct name or birthday' }));
    const form = within(card).getByRole('form', { name: 'Correct name or birthday' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: '张 丽娜' } });
    fireEvent.change(within(form).getByLabelText('Birthday'), { target: { value: '1991-04-16' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save name and birthday' }));
    await waitFor(() => expect(card.textContent).toContain('1991-04-16'));
    expect(within(card).getByRole('heading', { level: 1 }).textContent).toContain('张 丽娜');
    const found = await services.repos.members.search(classifyQuery('zln')!);
    expect(found.map((h) => h.member.name)).toEqual(['张 丽娜']);
    const rows = await services.repos.outbox.peek(50);
    const edit = rows.map((r) => r.mutation).filter((x) => x.kind === 'member.upsert').at(-1);
    expect(edit && 'fields' in edit ? edit.fields : null).toEqual(['name', 'nameKey', 'initials', 'birthday']);
  });

  it('[PF4] a birthday in the future or an empty name is refused at its field and nothing is written', async () => {
    const m = await enrollWithBirthday('1990-03-15');
    useRouter.setState({ route: { name: 'member', id: m.id } });
    renderApp(services);
    const card = await screen.findByRole('article', { name: 'Member card' });
    const before = await services.repos.outbox.count();
    fireEvent.click(within(card).getByRole('button', { name: 'Correct name or birthday' }));
    const form = within(card).getByRole('form', { name: 'Correct name or birthday' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: '  ' } });
    fireEvent.change(within(form).getByLabelText('Birthday'), { target: { value: '2030-01-01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save name and birthday' }));
    expect(await within(form).findByText('Enter the member\'s name.')).toBeTruthy();
    expect(within(form).getByText('A birthday is a past date (or month and day).')).toBeTruthy();
    expect(within(form).getByLabelText('Birthday').getAttribute('aria-invalid')).toBe('true');
    expect(await services.repos.outbox.count()).toBe(before);
    expect((await services.repos.members.get(m.id))?.member).toMatchObject({ name: '李娜', birthday: '1990-03-15' });
  });
});
