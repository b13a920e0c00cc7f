// The store's profile template (DOMAIN.md "What to record about a member"): optional fuller fields in
// the enrolment's "more" part, stored on Member.profile, editable on the member card later; a value
// that makes no sense is refused at its field and nothing is written.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { openEnroll } from '../../src/app/till-prompts';
import { useRouter } from '../../src/app/router';
import type { Services } from '../../src/app/services';
import { defaultTemplate } from '../../src/domain/profile-template';
import { enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

describe('profile template', () => {
  let services: Services;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
    await setUpStore(services);
    await services.repos.settings.set('profileTemplate', defaultTemplate('mother-and-baby'));
  });

  async function openMore() {
    renderApp(services);
    openEnroll(true);
    const dialog = await screen.findByRole('dialog', { name: 'New member' });
    fireEvent.change(within(dialog).getByLabelText('Mobile phone'), { target: { value: '13855556666' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: '陈静' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /The customer agrees/ }));
    const more = within(dialog).getByRole('button', { name: /More about the member/ }) as HTMLButtonElement;
    await waitFor(() => expect(more.disabled).toBe(false));
    fireEvent.click(more);
    return dialog;
  }

  it('[PF1][PF2] a mother-and-baby store asks for the baby\'s birth date and nappy size; they are stored on the new member', async () => {
    const dialog = await openMore();
    fireEvent.change(await within(dialog).findByLabelText(/Baby's birth date/), { target: { value: '2026-05-01' } });
    fireEvent.change(within(dialog).getByLabelText(/Nappy size/), { target: { value: ' M ' } });
    expect(within(dialog).queryByLabelText(/Shoe size/)).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New member' })).toBeNull());
    const hit = await services.repos.members.byPhone('13855556666');
    expect(hit?.member.profile).toEqual({ babyBirthDate: '2026-05-01', diaperSize: 'M' });
  });

  it('[PF3] a birth date that is not a date is refused at its field and no member is written', async () => {
    const outboxBefore = await services.repos.outbox.count();
    const dialog = await openMore();
    fireEvent.change(await within(dialog).findByLabelText(/Baby's birth date/), { target: { value: '2031-01-01' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll' }));
    expect((await within(dialog).findByText('Enter a real date (YYYY-MM-DD), at most a year ahead.'))).toBeTruthy();
    expect(await services.repos.members.byPhone('13855556666')).toBeNull();
    expect(await services.repos.outbox.count()).toBe(outboxBefore);
  });

  it('[PF2][PF3] the member card shows the fields with their labels and edits them on a later visit (a bad height writes nothing)', async () => {
    await services.repos.settings.set('profileTemplate', defaultTemplate('clothing'));
    const m = await enroll(services, 'Zoe Smith', '13700007777');
    useRouter.setState({ route: { name: 'member', id: m.id } });
    renderApp(services);
    const card = await screen.findByRole('article', { name: 'Member card' });
    fireEvent.click(await within(card).findByRole('button', { name: 'Edit profile' }));
    await within(card).findByLabelText(/Height \(cm\)/);
    const form = within(card).getByRole('form', { name: 'Edit profile' });
    fireEvent.change(within(form).getByLabelText(/Height \(cm\)/), { target: { value: '1700' } });
    fireEvent.change(within(form).getByLabelText(/Top size/), { target: { value: 'S' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(await within(form).findByText('Enter a whole number from 50 to 250.')).toBeTruthy();
    expect((await services.repos.members.get(m.id))?.member.profile).toEqual({});
    fireEvent.change(within(form).getByLabelText(/Height \(cm\)/), { target: { value: '168' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save profile' }));
    await waitFor(async () => expect((await services.repos.members.get(m.id))?.member.profile).toEqual({ height: '168', topSize: 'S' }));
    const facts = within(card).getByText('Height (cm)').closest('dl');
    expect(facts?.textContent).toContain('168');
    expect(facts?.textContent).toContain('Top size');
  });
});
