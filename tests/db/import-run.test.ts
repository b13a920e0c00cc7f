// [M5][M6] The member import on Dexie: each chunk is one transaction; an import that fails part-way
// and is run again ends with every member of the file exactly once, with their opening points.
import { afterEach, describe, expect, it } from 'vitest';
import type { DBCore, Middleware } from 'dexie';
import { RegularsDb } from '../../src/db/database';
import { createDexieRepositories } from '../../src/db/dexie-repositories';
import type { Repositories } from '../../src/db/repositories';
import { parseCsv } from '../../src/domain/import/csv-parse';
import { guessMapping } from '../../src/domain/import/member-columns';
import { dryRun } from '../../src/domain/import/member-import';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { runImport } from '../../src/features/import/run-import';

/** The n-th write to the members table fails, as a full disk or a closed tab would fail it. */
function failMembersWrite(state: { writes: number; failAt: number }): Middleware<DBCore> {
  return {
    stack: 'dbcore', name: 'fail-nth-members-write',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => {
            if (name === 'members' && ++state.writes === state.failAt) return Promise.reject(new Error('disk went away'));
            return table.mutate(req);
          },
        };
      },
    }),
  };
}

const PHONES = Array.from({ length: 7 }, (_, i) => `1390000${String(3000 + i)}`);
const FILE = ['姓名,手机,积分', ...PHONES.map((p, i) => `会员${i},${p},${(i + 1) * 10}`)].join('\r\n');

let n = 0;
let db: RegularsDb | null = null;
afterEach(async () => { await db?.delete(); db = null; });

function context() {
  let id = 0;
  const run = ++n;
  return {
    ids: () => `imp-${run}-${String(++id).padStart(5, '0')}`, now: Date.UTC(2026, 4, 1, 4), timeZone: 'Asia/Shanghai', storeId: 's1',
    deviceId: 'd1', staffId: 'st1', country: 'CN', programme: DEFAULT_PROGRAMME,
  };
}

async function everyone(r: Repositories) {
  return Promise.all(PHONES.map(async (p) => (await r.members.byPhone(p))?.stats.points ?? null));
}

describe('member import in transactions', () => {
  it('[M6][M6a] fails in the second chunk, keeps the first whole, and a re-run creates only the rest, nobody twice', async () => {
    const state = { writes: 0, failAt: 2 };
    db = new RegularsDb(`import-run-${n}`).use(failMembersWrite(state)) as RegularsDb;
    const repos = createDexieRepositories(db);
    const [head, ...data] = parseCsv(FILE);
    const check = dryRun(data, guessMapping(head?.cells ?? []), '2026-05-01', 'CN');
    expect(check.rejected).toEqual([]);

    const first = await runImport(repos, check.rows, context(), 3);
    expect(first).toMatchObject({ created: 3, skipped: 0, notImported: 4, stopped: { fromLine: 5 } });
    // The failed chunk wrote nothing: no member, no points, no outbox rows for lines 5–7.
    expect(await everyone(repos)).toEqual([10, 20, 30, null, null, null, null]);
    expect(await repos.outbox.count()).toBe(3 * 2); // each member: member.upsert + ledger.append (opening points)

    const second = await runImport(repos, check.rows, context(), 3);
    expect(second).toEqual({ created: 4, skipped: 3, stopped: null, notImported: 0 });
    expect(await everyone(repos)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(await db.members.count()).toBe(7);
    expect(await repos.outbox.count()).toBe(7 * 2);

    // A third run changes nothing.
    expect(await runImport(repos, check.rows, context())).toEqual({ created: 0, skipped: 7, stopped: null, notImported: 0 });
    expect(await db.members.count()).toBe(7);
  });

  it('[M5] a file within one chunk is one transaction: a failure stores nobody', async () => {
    db = new RegularsDb(`import-run-${++n}`).use(failMembersWrite({ writes: 0, failAt: 1 })) as RegularsDb;
    const repos = createDexieRepositories(db);
    const [head, ...data] = parseCsv(FILE);
    const check = dryRun(data, guessMapping(head?.cells ?? []), '2026-05-01', 'CN');
    expect(await runImport(repos, check.rows, context())).toMatchObject({ created: 0, notImported: 7, stopped: { fromLine: 2 } });
    expect(await db.members.count()).toBe(0);
    expect(await repos.outbox.count()).toBe(0);
  });
});
