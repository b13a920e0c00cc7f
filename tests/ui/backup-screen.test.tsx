// The manager's backup screen: who may use it, one-tap save with download, restore with a question
// when the till has data, a clear message per bad file, storage state and the reminder (issue #7).
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ServicesProvider } from '../../src/app/services';
import type { Services } from '../../src/app/services';
import { useSession } from '../../src/app/session-store';
import type { StorageApi } from '../../src/backup/storage-health';
import type { RegularsDb } from '../../src/db/database';
import { openDatabase } from '../../src/db/open';
import { BackupReminderBanner } from '../../src/features/backup/backup-reminder';
import BackupScreen from '../../src/features/backup/backup-screen';
import { addStaff, enroll, NOW, resetStores, setUpStore } from './helpers';

const MB = 1024 * 1024;
const healthy: StorageApi = { persisted: async () => true, estimate: async () => ({ usage: 5 * MB, quota: 100 * MB }) };

let services: Services;
let db: RegularsDb;

beforeEach(async () => {
  resetStores();
  const opened = await openDatabase('test', uuidv7().replace(/-/g, ''), NOW);
  db = opened.db;
  services = { repos: opened.repos, now: () => NOW, newId: () => uuidv7() };
  await setUpStore(services);
});

function show(props: Partial<Parameters<typeof BackupScreen>[0]> = {}) {
  const download = vi.fn<(blob: Blob, name: string) => void>();
  const onRestored = vi.fn();
  render(<ServicesProvider services={services}><BackupScreen db={db} storage={healthy} download={download} onRestored={onRestored} {...props} /></ServicesProvider>);
  return { download, onRestored };
}

async function saveOne(download: ReturnType<typeof vi.fn<(blob: Blob, name: string) => void>>): Promise<File> {
  fireEvent.click(screen.getByRole('button', { name: 'Save a backup' }));
  await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
  const [blob, name] = download.mock.calls[0] ?? [];
  if (!blob || !name) throw new Error('no download');
  return new File([blob], name);
}

/** jsdom's File has no arrayBuffer(): read it the way an old browser would. */
async function bytesOf(file: File): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Promise<ArrayBuffer>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.readAsArrayBuffer(file);
  }));
}

function choose(file: File) {
  fireEvent.change(screen.getByLabelText('Backup file'), { target: { files: [file] } });
}

describe('backup screen', () => {
  it('[UI-BK1] a cashier is told only a manager may back up, and gets no controls', async () => {
    const cashier = await addStaff(services, 'Cai', 'cashier', '1357');
    useSession.getState().signIn(cashier);
    show();
    expect(screen.getByRole('alert').textContent).toMatch(/Only a manager/);
    expect(screen.queryByRole('button', { name: 'Save a backup' })).toBeNull();
  });

  it('[UI-BK2] one tap saves a backup, downloads regulars-backup-<store>-<date>.regb and shows the date; every control is named', async () => {
    await enroll(services, '张三', '13812345678');
    const { download } = show();
    expect(await screen.findByText(/never been backed up/)).toBeTruthy();
    const file = await saveOne(download);
    const store = useSession.getState().store;
    expect(file.name).toBe(`regulars-backup-${store?.id ?? ''}-2026-11-20.regb`);
    expect(await screen.findByText(/^Last backup: .*2026/)).toBeTruthy();
    expect(screen.queryByText(/never been backed up/)).toBeNull();
    const [audit] = await services.repos.audit.recent(1);
    expect(audit?.action).toBe('backup');
    for (const b of screen.getAllByRole('button')) expect(b.textContent?.trim() || b.getAttribute('aria-label')).toBeTruthy();
  });

  it('[UI-BK3] restoring onto a till with data asks first, then replaces it', async () => {
    await enroll(services, '张三', '13812345678');
    const { download, onRestored } = show();
    const file = await saveOne(download);
    await enroll(services, 'Late Member', '13900000009'); // the till moves on after the backup
    choose(file);
    fireEvent.click(screen.getByRole('button', { name: 'Restore from this file' }));
    const question = await screen.findByRole('alertdialog');
    expect(question.textContent).toMatch(/already has data/);
    expect(await services.repos.members.byPhone('13900000009')).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Replace the till\'s data' }));
    expect(await screen.findByText(/^Restored \d+ records from the backup of/)).toBeTruthy();
    expect(onRestored).toHaveBeenCalledTimes(1);
    expect(await services.repos.members.byPhone('13900000009')).toBeNull();
    expect(await services.repos.members.byPhone('13812345678')).not.toBeNull();
  });

  it('[UI-BK4] a damaged file and a file that is not a backup are refused with their own message', async () => {
    const { download } = show();
    const file = await saveOne(download);
    const bytes = await bytesOf(file);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    choose(new File([bytes], 'damaged.regb'));
    fireEvent.click(screen.getByRole('button', { name: 'Restore from this file' }));
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('The file is damaged or has been changed. Nothing was changed.');
    choose(new File(['name,phone\n'], 'members.csv'));
    fireEvent.click(screen.getByRole('button', { name: 'Restore from this file' }));
    expect(await screen.findByText('This is not a Regulars backup file.')).toBeTruthy();
  });

  it('[UI-BK5] shows storage not kept and nearly full, and asks the browser to keep the data', async () => {
    let persisted = false;
    const persist = vi.fn(async () => { persisted = true; return true; });
    show({ storage: { persisted: async () => persisted, persist, estimate: async () => ({ usage: 85 * MB, quota: 100 * MB }) } });
    expect(await screen.findByText(/may clear this till's data/)).toBeTruthy();
    expect(screen.getByText(/nearly full \(85%\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ask the browser to keep the data' }));
    await waitFor(() => expect(persist).toHaveBeenCalledTimes(1));
    expect(await screen.findByText('The browser keeps this till\'s data.')).toBeTruthy();
  });

  it('[UI-BK6] the reminder banner tells a manager of an unpaired till to back up, and its button opens the screen', async () => {
    const onOpen = vi.fn();
    const { unmount } = render(<ServicesProvider services={services}><BackupReminderBanner paired={false} onOpen={onOpen} /></ServicesProvider>);
    expect(await screen.findByText(/never been backed up/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save a backup' }));
    expect(onOpen).toHaveBeenCalledTimes(1);
    unmount();
    await services.repos.settings.set('lastBackupAt', NOW - 9 * 86_400_000);
    render(<ServicesProvider services={services}><BackupReminderBanner paired={false} onOpen={onOpen} /></ServicesProvider>);
    expect(await screen.findByText(/more than 7 days old/)).toBeTruthy();
  });
});
