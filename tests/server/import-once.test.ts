// One CSV imported on two tablets is one fact (issue #15 item 3; care-spec M8, S9), on PGlite and PostgreSQL:
// each tablet imports with the till's own import (runImport over its writer) before either syncs, the real
// engine pushes both, and the server holds one member with the file's opening balance, as both tablets do.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/domain/import/csv-parse';
import { guessMapping } from '../../src/domain/import/member-columns';
import { dryRun } from '../../src/domain/import/member-import';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { runImport } from '../../src/features/import/run-import';
import { addStaff } from '../../src/server/tenancy';
import { api, backends, orgWithDevice, pairAnother, serverOn, T0, uid } from './support';
import { syncAll, tablet } from './till-tablets';

function rowsOf(csv: string) {
  const [head, ...data] = parseCsv(csv);
  return dryRun(data, guessMapping(head?.cells ?? []), '2026-06-01', 'CN').rows;
}

describe.each(backends)('importing one file on two tablets on $name', (backend) => {
  const server = serverOn(backend);

  it('[M8][S9] the same rows imported offline on tablets A and C: one member each, with the file\'s balances, everywhere; no refusal, no duplicate', async () => {
    const pa = await orgWithDevice(server.app, server.db);
    const pc = await pairAnother(server.app, server.db, pa.storeId);
    const a = tablet(server, pa);
    const c = tablet(server, pc);
    await a.init();
    await c.init();
    const phones = ['13800138000', '13900139000'];
    const rows = rowsOf(['姓名,手机,积分', `张三,${phones[0]},800`, `李四,${phones[1]},0`].join('\r\n'));
    for (const [t, at, staff] of [[a, T0, pa.ownerId], [c, T0 + 60_000, pa.ownerId]] as const) {
      const done = await runImport(t.repos, rows, {
        ids: () => uid('imp'), now: at, timeZone: 'Asia/Shanghai', storeId: pa.storeId, deviceId: t.deviceId, staffId: staff, country: 'CN', programme: DEFAULT_PROGRAMME,
      });
      expect(done).toMatchObject({ created: 2, skipped: 0, stopped: null });
    }
    await syncAll(a, c);

    const r = await api(server.app, pa.token).get('/api/members');
    const onServer = r.json<{ members: { member: { phone: string; mergedInto: string | null; cardNo: string }; stats: { points: number } }[] }>().members;
    expect(onServer.map((x) => [x.member.phone, x.member.mergedInto, x.stats.points]).sort()).toEqual([[phones[0], null, 800], [phones[1], null, 0]]);
    for (const t of [a, c]) {
      const hits = await Promise.all(phones.map((p) => t.repos.members.byPhone(p)));
      expect(hits.map((h) => [h?.stats.points, h?.member.cardNo])).toEqual(phones.map((p) => {
        const s = onServer.find((x) => x.member.phone === p);
        return [s?.stats.points, s?.member.cardNo];
      }));
    }
    const ex = await api(server.app, pa.token).get('/api/exceptions');
    expect(ex.json<{ exceptions: { kind: string }[] }>().exceptions.filter((e) => e.kind === 'duplicate_phone')).toEqual([]);
  });

  it('[S22][M8] an imported opening balance needs a manager or the owner: a cashier\'s import keeps the member, not the points, and the server says why', async () => {
    const pa = await orgWithDevice(server.app, server.db);
    const cashier = await addStaff(server.db, pa.orgId, { name: 'Cathy', role: 'cashier', pin: '1111', pinIterations: 1000 });
    const a = tablet(server, pa);
    await a.init();
    await runImport(a.repos, rowsOf(['姓名,手机,积分', '王五,13700137000,500'].join('\r\n')), {
      ids: () => uid('imp'), now: T0, timeZone: 'Asia/Shanghai', storeId: pa.storeId, deviceId: a.deviceId, staffId: cashier, country: 'CN', programme: DEFAULT_PROGRAMME,
    });
    expect(await a.engine.syncNow()).toBe(true);
    expect(a.engine.status().rejections.map((x) => x.code)).toEqual(['approval_refused']);
    const r = await api(server.app, pa.token).get('/api/members');
    expect(r.json<{ members: { member: { phone: string }; stats: { points: number } }[] }>().members.map((x) => [x.member.phone, x.stats.points])).toEqual([['13700137000', 0]]);
    // The tablet undoes the points the server will never count (C-S15): the same 0 on its screen.
    expect((await a.repos.members.byPhone('13700137000'))?.stats.points).toBe(0);
  });

  it('[M8][S11][C-S5] two different files give the phone 800 on A and 900 on C: two facts, merged by phone, 1,700 on the server and on both tablets', async () => {
    const pa = await orgWithDevice(server.app, server.db);
    const pc = await pairAnother(server.app, server.db, pa.storeId);
    const a = tablet(server, pa);
    const c = tablet(server, pc);
    await a.init();
    await c.init();
    for (const [t, at, pts] of [[a, T0, 800], [c, T0 + 60_000, 900]] as const) {
      const done = await runImport(t.repos, rowsOf(['姓名,手机,积分', `张三,13800138000,${pts}`].join('\r\n')), {
        ids: () => uid('imp'), now: at, timeZone: 'Asia/Shanghai', storeId: pa.storeId, deviceId: t.deviceId, staffId: pa.ownerId, country: 'CN', programme: DEFAULT_PROGRAMME,
      });
      expect(done.created).toBe(1);
    }
    await syncAll(a, c);
    const r = await api(server.app, pa.token).get('/api/members');
    const live = r.json<{ members: { member: { mergedInto: string | null }; stats: { points: number } }[] }>().members.filter((x) => x.member.mergedInto === null);
    expect(live.map((x) => x.stats.points)).toEqual([1700]);
    for (const t of [a, c]) expect((await t.repos.members.byPhone('13800138000'))?.stats.points).toBe(1700);
    const ex = await api(server.app, pa.token).get('/api/exceptions');
    expect(ex.json<{ exceptions: { kind: string }[] }>().exceptions.filter((e) => e.kind === 'duplicate_phone')).toHaveLength(1);
  });
});
