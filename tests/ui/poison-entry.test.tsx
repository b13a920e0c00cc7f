// The till refuses at entry what the server would refuse (docs/sync-protocol.md S23): a NUL or half an
// emoji in a typed or imported text, points past the limit, in the same words the manager later reads
// for a server rejection of it. Nothing is written.
import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { enrollMember } from '../../src/app/enrollment';
import { currentProgramme } from '../../src/app/programme-store';
import { useRouter } from '../../src/app/router';
import { ServicesProvider, type Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import ImportScreen from '../../src/features/import/import-screen';
import { rejectionReason } from '../../src/features/sync-issues/issue-text';
import { makeT } from '../../src/i18n/use-t';
import { makeServices, renderApp, resetStores, setUpStore } from './helpers';

const WORDS = 'Contains a character that cannot be saved (an invisible NUL character or half of an emoji): type it again.';

let services: Services;
beforeEach(async () => {
  resetStores();
  services = await makeServices();
  await setUpStore(services);
});

describe('poison input at entry', () => {
  it('[S23] enrolment: a name with a NUL, or half an emoji, is refused at its field and nothing is written', async () => {
    renderApp(services);
    fireEvent.click(await screen.findByRole('button', { name: 'Not a member yet?' }));
    const dialog = await screen.findByRole('dialog', { name: 'New member' });
    fireEvent.change(within(dialog).getByLabelText('Mobile phone'), { target: { value: '15011112222' } });
    fireEvent.click(within(dialog).getByRole('checkbox'));
    const nameField = within(dialog).getByLabelText('Name');
    for (const name of ['陈\u0000静', 'Ann \ud83d']) {
      fireEvent.change(nameField, { target: { value: name } });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Enroll' }));
      expect((await within(dialog).findByText(WORDS)).getAttribute('role')).toBe('alert');
    }
    expect(await services.repos.members.byPhone('15011112222')).toBeNull();
    expect(await services.repos.outbox.count()).toBe(0);
    // The manager reads the server's rejection of such a text in the very same words (C-S15).
    expect(rejectionReason(makeT('en'), { code: 'invalid_text' })).toBe(WORDS);
  });

  it('[S23] member card: a name or notes edited with a NUL or half an emoji are refused at the field and nothing is written', async () => {
    const r = await enrollMember({ name: '李娜', phone: '13987654321', birthday: null, wechat: null, referredBy: null, consent: true }, {
      repos: services.repos, programme: currentProgramme(), now: services.now(), newId: services.newId, timeZone: 'Asia/Shanghai',
      storeId: useSession.getState().store?.id ?? '', deviceId: 'd', staffId: null, country: 'CN',
    });
    if (!r.ok) throw new Error('fixture');
    useRouter.setState({ route: { name: 'member', id: r.member.id } });
    renderApp(services);
    const card = await screen.findByRole('article', { name: 'Member card' });
    const before = await services.repos.outbox.count();
    fireEvent.click(within(card).getByRole('button', { name: 'Correct name or birthday' }));
    const form = within(card).getByRole('form', { name: 'Correct name or birthday' });
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: '李\u0000娜' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save name and birthday' }));
    expect((await within(form).findByText(WORDS)).getAttribute('role')).toBe('alert');
    const notes = within(card).getByLabelText('Notes');
    fireEvent.change(notes, { target: { value: 'likes \ud83d' } });
    expect(notes.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(notes.getAttribute('aria-describedby') ?? '')?.textContent).toBe(WORDS);
    expect((within(card).getByRole('button', { name: 'Save notes' }) as HTMLButtonElement).disabled).toBe(true);
    expect(await services.repos.outbox.count()).toBe(before);
    expect((await services.repos.members.get(r.member.id))?.member).toMatchObject({ name: '李娜', notes: '' });
  });

  it('[S23] CSV import: a row whose name holds a NUL, or whose points pass the limit, is rejected with why; the others import', async () => {
    render(<ServicesProvider services={services}><ImportScreen /></ServicesProvider>);
    const csv = ['姓名,联系电话(必填),积分', '张\u0000三,13800138000,10', '李四,13800138001,9007199254740991', '王五,13800138002,5'].join('\r\n');
    fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [new File([csv], 'members.csv', { type: 'text/csv' })] } });
    expect(await screen.findByText('1 rows can be imported; 2 rows would be rejected.')).toBeTruthy();
    const rows = within(screen.getByRole('table', { name: 'Rows that would be rejected' })).getAllByRole('row').slice(1)
      .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([['2', WORDS], ['3', 'points are more than 1000000000000']]);
    fireEvent.click(await screen.findByRole('button', { name: 'Import 1 members' }));
    expect(await screen.findByText('Imported: 1 new, 0 already here (skipped), 0 failed.')).toBeTruthy();
    expect(await services.repos.members.byPhone('13800138000')).toBeNull();
    expect((await services.repos.members.byPhone('13800138002'))?.member.name).toBe('王五');
  });
});
