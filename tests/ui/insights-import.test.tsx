// Importing members from CSV (M1–M6): the dry run lists every rejected row and why; re-running creates nobody twice.
import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ServicesProvider, type Services } from '../../src/app/services';
import ImportScreen from '../../src/features/import/import-screen';
import { makeServices, resetStores, setUpStore } from './helpers';

let services: Services;

beforeEach(async () => {
  resetStores();
  services = await makeServices();
  await setUpStore(services);
});

const CSV = [
  '姓名,联系电话(必填),生日,积分',
  '张三,13800138000,1990-05-20,120',
  '李四,12345,1991-01-01,10',
  '王五,13800138000,,5',
  ',13900139000,,abc',
  '赵六,13700137000,2090-01-01,0',
].join('\r\n');

function choose(text: string) {
  const input = screen.getByLabelText('CSV file');
  fireEvent.change(input, { target: { files: [new File([text], 'members.csv', { type: 'text/csv' })] } });
}

describe('member import', () => {
  it('[M3][M4] guesses the columns and lists every row it would reject, with every reason', async () => {
    render(<ServicesProvider services={services}><ImportScreen /></ServicesProvider>);
    choose(CSV);
    expect(await screen.findByText('1 rows can be imported; 4 rows would be rejected.')).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Phone' }) as HTMLSelectElement).value).toBe('1');
    const rows = within(screen.getByRole('table', { name: 'Rows that would be rejected' })).getAllByRole('row').slice(1)
      .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      ['3', 'phone has the wrong number of digits'],
      ['4', 'same phone as line 2'],
      ['5', 'no name; points are not a whole number'],
      ['6', 'birthday is not a valid past date'],
    ]);
  });

  it('[M5][M6] imports in one step with the opening balance; the same file again creates nobody', async () => {
    render(<ServicesProvider services={services}><ImportScreen /></ServicesProvider>);
    choose(CSV);
    fireEvent.click(await screen.findByRole('button', { name: 'Import 1 members' }));
    expect(await screen.findByText('Imported: 1 new, 0 already here (skipped), 0 failed.')).toBeTruthy();
    const hit = await services.repos.members.byPhone('13800138000');
    expect([hit?.member.name, hit?.member.birthday, hit?.stats.points]).toEqual(['张三', '1990-05-20', 120]);

    choose(CSV);
    fireEvent.click(await screen.findByRole('button', { name: 'Import 1 members' }));
    expect(await screen.findByText('Imported: 0 new, 1 already here (skipped), 0 failed.')).toBeTruthy();
    expect((await services.repos.members.search({ kind: 'phone', value: '13800138000' })).length).toBe(1);
    expect((await services.repos.members.ledger(hit?.member.id ?? '')).map((e) => [e.id.startsWith('opening:'), e.points])).toEqual([[true, 120]]);
  });

  it('[M2] a file that is not UTF-8 is refused with what to do, and nothing is imported', async () => {
    render(<ServicesProvider services={services}><ImportScreen /></ServicesProvider>);
    choose('name,phone\r\n\uFFFD\uFFFD,13800138000');
    expect(await screen.findByText('The file is not UTF-8 (line 2): save it again as "CSV UTF-8".')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Import/ })).toBeNull();
  });
});
