// The care list's daily pass over the benefits calendar (loyalty-spec B9, B10, D15) on Dexie: who is
// found through which index, and that a second pass writes nothing.
import { describe, expect, it } from 'vitest';
import { runBenefitsPass } from '../../src/db/benefits-pass';
import { RegularsDb } from '../../src/db/database';
import { createDexieRepositories } from '../../src/db/dexie-repositories';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { Member } from '../../src/domain/records';
import { member, sale, saleReturn, stats } from './fixtures';

const JAN_5 = Date.UTC(2027, 0, 5, 2, 0, 0);
let n = 0;
const ids = () => `op-${++n}`;

async function shop() {
  const db = new RegularsDb(`benefits-pass-${++n}`);
  await db.open();
  const repos = createDexieRepositories(db);
  const add = async (m: Member) => { await repos.writer.enroll({ member: m, stats: stats(m.id), ledger: [], coupons: [], opId: ids() }); return m; };
  return { db, repos, add };
}

describe('the daily benefits pass', () => {
  it('[B9][B10] issues birthdays of the month, anniversaries in their window and last month\'s cashback; skips the rest and merged members', async () => {
    const { db, repos, add } = await shop();
    const jan = await add(member({ name: 'Jan', phone: '13900000201', birthday: '--01-30', enrolledOn: '2026-06-10' }));
    const feb = await add(member({ name: 'Feb', phone: '13900000202', birthday: '1990-02-01', enrolledOn: '2026-06-10' }));
    const two = await add(member({ name: 'Two years', phone: '13900000203', enrolledOn: '2024-12-20' }));
    const six = await add(member({ name: 'Six years', phone: '13900000204', enrolledOn: '2021-01-01' }));
    const buyer = await add(member({ name: 'Buyer', phone: '13900000205', enrolledOn: '2026-06-10' }));
    const small = await add(member({ name: 'Small', phone: '13900000206', enrolledOn: '2026-06-10' }));
    const gone = await add(member({ name: 'Gone', phone: '13900000207', birthday: '--01-02', enrolledOn: '2026-06-10', mergedInto: jan.id }));
    const big = sale(buyer.id, 120_000, 1, { at: Date.parse('2026-12-31T15:30:00Z'), businessDate: '2026-12-31' });
    const lateNight = sale(small.id, 120_000, 1, { at: Date.parse('2026-12-31T16:30:00Z'), businessDate: '2027-01-01' });
    const returned = sale(small.id, 110_000, 1, { at: Date.parse('2026-12-12T04:00:00Z'), businessDate: '2026-12-12' });
    for (const s of [big, lateNight, returned]) await repos.writer.commitSale({ sale: s, ledger: [], couponsIssued: [] });
    await repos.writer.commitReturn({ ret: saleReturn(returned, 1, 20_000), ledger: [] });

    const before = await repos.outbox.count();
    expect(await runBenefitsPass(db, repos.writer, DEFAULT_PROGRAMME, JAN_5, 'Asia/Shanghai', ids)).toBe(3);
    const held = async (m: Member) => (await repos.members.coupons(m.id)).map((c) => [c.id, c.percentOff ?? c.amountOff, c.validTo]);
    expect(await held(jan)).toEqual([[`birthday:${jan.id}:2027`, 30, '2027-01-31']]);
    expect(await held(two)).toEqual([[`anniversary:${two.id}:2`, 30, '2027-01-18']]);
    expect(await held(buyer)).toEqual([[`cashback:${buyer.id}:2026-12`, 1200, '2027-01-30']]);
    for (const m of [feb, six, small, gone]) expect(await held(m)).toEqual([]);
    expect(await repos.outbox.count()).toBe(before + 1);

    expect(await runBenefitsPass(db, repos.writer, DEFAULT_PROGRAMME, JAN_5 + 3_600_000, 'Asia/Shanghai', ids)).toBe(0);
    expect(await repos.outbox.count()).toBe(before + 1);
  });
});
