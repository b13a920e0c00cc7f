import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCart } from '../../src/app/cart-store';
import type { Services } from '../../src/app/services';
import { enroll, makeServices, renderApp, resetStores, setUpStore } from './helpers';

async function openEnrollForm() {
  fireEvent.click(await screen.findByRole('button', { name: 'Not a member yet?' }));
  return screen.findByRole('dialog', { name: 'New member' });
}

describe('enroll a new member at the first purchase', () => {
  let services: Services;
  beforeEach(async () => {
    resetStores();
    services = await makeServices();
    await setUpStore(services);
  });

  it('[UI-N1] refuses an invalid phone at the field, with a clear message, and writes nothing', async () => {
    renderApp(services);
    const dialog = await openEnrollForm();
    const phone = within(dialog).getByLabelText('Mobile phone');
    fireEvent.change(phone, { target: { value: '12345678901' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Test Person' } });
    fireEvent.click(within(dialog).getByRole('checkbox'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll' }));
    expect((await within(dialog).findByText(/not a valid mobile number/)).getAttribute('role')).toBe('alert');
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    expect(await services.repos.members.search({ kind: 'name', value: 'test person' })).toEqual([]);
    expect(await services.repos.outbox.count()).toBe(0);
  });

  it('[UI-N2] catches a phone already on this device before saving and offers that member', async () => {
    const existing = await enroll(services, '张三', '13912345678');
    const outboxBefore = await services.repos.outbox.count();
    renderApp(services);
    const dialog = await openEnrollForm();
    fireEvent.change(within(dialog).getByLabelText('Mobile phone'), { target: { value: '139 1234 5678' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: '张三丰' } });
    fireEvent.click(within(dialog).getByRole('checkbox'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll' }));
    expect(await within(dialog).findByText(`This number belongs to 张三 (${existing.cardNo}).`)).toBeTruthy();
    expect(await services.repos.outbox.count()).toBe(outboxBefore);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Use 张三' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New member' })).toBeNull());
    expect(useCart.getState().memberId).toBe(existing.id);
  });

  it('[UI-N3] phone and name are enough: the new member is attached to the open sale with the welcome bonus', async () => {
    renderApp(services);
    const dialog = await openEnrollForm();
    fireEvent.change(within(dialog).getByLabelText('Mobile phone'), { target: { value: '15011112222' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: '陈静' } });
    fireEvent.click(within(dialog).getByRole('checkbox'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll' }));
    const panel = await screen.findByRole('region', { name: 'Member' });
    await waitFor(() => expect(panel.textContent).toContain('陈静'));
    expect(panel.textContent).toContain('150****2222');
    expect(within(panel).getByTestId('member-points').textContent).toBe('100 pts');
    const saved = await services.repos.members.byPhone('15011112222');
    expect(saved?.member.id).toBe(useCart.getState().memberId);
  });

  it('[UI-N4] refuses to enroll without the customer\'s consent', async () => {
    renderApp(services);
    const dialog = await openEnrollForm();
    fireEvent.change(within(dialog).getByLabelText('Mobile phone'), { target: { value: '15011113333' } });
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'No Consent' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll' }));
    expect(await within(dialog).findByText('The customer must agree before we keep their details.')).toBeTruthy();
    expect(await services.repos.members.byPhone('15011113333')).toBeNull();
  });
});
