// No device makes points the rules do not give (docs/sync-protocol.md S22, loyalty-spec E7), on PGlite
// and PostgreSQL: what a member's balance shows after a device pushes points it made up.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { points } from '../../src/domain/money';
import type { LedgerEntry, MemberStats, SaleReturn } from '../../src/domain/records';
import type { Mutation, PushResponse } from '../../src/sync/protocol';
import { addStaff } from '../../src/server/tenancy';
import { api, backends, enroll, entry, member, orgWithDevice, OWNER_PIN, pullAll, saleMutation, serverOn, T0, uid, type Paired } from './support';

describe.each(backends)('points minting on $name', (backend) => {
  const server = serverOn(backend);

  async function shop(phone: string) {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId, { phone });
    let seq = 0;
    const push = async (...ms: Mutation[]) => {
      const r = await api(server.app, d.token).push(d.deviceId, ms.map((mutation) => ({ seq: ++seq, mutation })));
      expect(r.statusCode).toBe(200);
      return r.json<PushResponse>().rejected.map((x) => x.code);
    };
    expect(await push(enroll(m))).toEqual([]);
    const balance = async () => {
      const page = (await api(server.app, d.token).get('/api/members')).json<{ members: { member: { id: string }; stats: MemberStats }[] }>();
      return page.members.find((x) => x.member.id === m.id)?.stats.points;
    };
    return { d, m, push, balance };
  }
  const append = (entries: LedgerEntry[]): Mutation => ({ kind: 'ledger.append', id: uid('la'), at: T0, entries });
  const byHand = (d: Paired, memberId: string, pts: number, staffId: string | null): LedgerEntry =>
    ({ ...entry(memberId, 'adjustment', pts, null, d.deviceId), reason: 'manual', note: 'goodwill', staffId });

  it('[S22] a sale carrying its own correction:<sale> entry is refused: the balance does not keep the points it claimed', async () => {
    const { d, m, push, balance } = await shop('13500000001');
    const s = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 1_000, earn: 100_000, programmeVersion: 1 });
    if (s.kind !== 'sale.record') throw new Error('not a sale');
    const forged: LedgerEntry = { ...entry(m.id, 'correction', 0, s.sale.id, d.deviceId), id: `correction:${s.sale.id}` };
    expect(await push({ ...s, ledger: [...s.ledger, forged] })).toEqual(['server_only_entry']);
    const asEarn: LedgerEntry = { ...entry(m.id, 'earn', 0, s.sale.id, d.deviceId), id: `correction:${s.sale.id}` };
    expect(await push({ ...s, id: uid('mut'), ledger: [...s.ledger, asEarn] })).toEqual(['server_only_entry']);
    expect(await balance()).toBe(0);
    // The same sale without the forged entry stands, and the server corrects it to what ¥10 earns.
    expect(await push({ ...s, id: uid('mut') })).toEqual([]);
    expect(await balance()).toBe(10);
  });

  it('[S22] a sale whose entries give more than the sale says is refused', async () => {
    const { d, m, push, balance } = await shop('13500000002');
    const s = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 1_000, earn: 10 });
    if (s.kind !== 'sale.record') throw new Error('not a sale');
    const bloated = s.ledger.map((e) => ({ ...e, points: points(100_000) }));
    expect(await push({ ...s, ledger: bloated })).toEqual(['ledger_sale_mismatch']);
    const bonus = { ...entry(m.id, 'bonus', 100_000, s.sale.id, d.deviceId), reason: 'enroll' };
    expect(await push({ ...s, id: uid('mut'), ledger: [...s.ledger, bonus] })).toEqual(['ledger_sale_mismatch']);
    expect(await balance()).toBe(0);
  });

  it('[S22][E7] a bare device token cannot append 1,000,000 points; a cashier may not adjust; a manager only within the limit, audited when it syncs', async () => {
    const { d, m, push, balance } = await shop('13500000003');
    const cashier = await addStaff(server.db, d.orgId, { name: 'Cashier Li', role: 'cashier', pin: '5555', pinIterations: 1_000 });
    const manager = await addStaff(server.db, d.orgId, { name: 'Manager Zhao', role: 'manager', pin: '7777', pinIterations: 1_000 });
    expect(await push(
      append([byHand(d, m.id, 1_000_000, null)]),
      append([byHand(d, m.id, 500, 'no-such-staff')]),
      append([byHand(d, m.id, 500, cashier)]),
      append([byHand(d, m.id, 1_000_000, manager)]),
      append([{ ...byHand(d, m.id, 1_000_000, null), kind: 'bonus', reason: 'birthday' }]),
    )).toEqual(['approval_refused', 'approval_refused', 'approval_refused', 'approval_refused', 'approval_refused']);
    expect(await balance()).toBe(0);
    const given = byHand(d, m.id, DEFAULT_PROGRAMME.bonus.manualMax, manager);
    expect(await push(append([given]))).toEqual([]);
    expect(await balance()).toBe(10_000);
    const { changes } = await pullAll(server.app, d.token, d.cursor);
    expect(changes.find((c) => c.entity === 'audit' && c.id === `approval:${given.id}`)?.data).toMatchObject({
      action: 'approval', staffId: manager, deviceId: d.deviceId, subjectId: m.id, detail: `adjustment points=10000 entry=${given.id}`,
    });
    // The server's audit id is its own: a device cannot write one ahead of it.
    const fake: Mutation = { kind: 'audit.append', id: uid('au'), at: T0, entry: { id: `approval:${uid('x')}`, at: T0, staffId: manager, deviceId: d.deviceId, action: 'approval', subjectId: m.id, detail: 'adjustment points=1' } };
    expect(await push(fake)).toEqual(['server_only_entry']);
  });

  it('[S22][E7] the limit is the one of the programme in force: after the owner lowers it, a manager\'s 500 points are refused', async () => {
    const { d, m, push, balance } = await shop('13500000004');
    const manager = await addStaff(server.db, d.orgId, { name: 'Manager Zhao', role: 'manager', pin: '7777', pinIterations: 1_000 });
    const lower = { ...DEFAULT_PROGRAMME, bonus: { ...DEFAULT_PROGRAMME.bonus, manualMax: 100 } };
    expect((await api(server.app, d.token).put('/api/programme', { staffId: d.ownerId, pin: OWNER_PIN, config: lower })).statusCode).toBe(200);
    expect(await push(append([byHand(d, m.id, 500, manager)]), append([byHand(d, m.id, -100, manager)]))).toEqual(['approval_refused']);
    expect(await balance()).toBe(-100);
  });

  it('[S22] the joining bonus is the programme\'s, once per member; other entries outside a sale only take points away', async () => {
    const { d, m, push, balance } = await shop('13500000005');
    const welcome = (pts: number) => ({ ...entry(m.id, 'bonus', pts, m.id, d.deviceId), reason: 'enroll' });
    expect(await push(append([welcome(1_000_000)]))).toEqual(['bonus_not_allowed']);
    expect(await push(append([welcome(100)]), append([welcome(100)]))).toEqual(['bonus_not_allowed']);
    expect(await push(
      append([entry(m.id, 'earn', 5_000, null, d.deviceId)]),
      append([entry(m.id, 'referral', 5_000, null, d.deviceId)]),
      append([entry(m.id, 'opening', 5_000, null, d.deviceId)]),
      append([entry(m.id, 'correction', 5_000, null, d.deviceId)]),
      append([entry(m.id, 'expiry', -30, null, d.deviceId)]),
    )).toEqual(['ledger_kind_not_allowed', 'ledger_kind_not_allowed', 'server_only_entry', 'server_only_entry']);
    expect(await balance()).toBe(70);
  });

  it('[S22] a return carrying its own correction:<return> entry is refused', async () => {
    const { d, m, push, balance } = await shop('13500000006');
    const s = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 1_000, earn: 10 });
    if (s.kind !== 'sale.record') throw new Error('not a sale');
    expect(await push(s)).toEqual([]);
    const ret: SaleReturn = {
      id: uid('ret'), saleId: s.sale.id, memberId: m.id, storeId: d.storeId, deviceId: d.deviceId, staffId: 'staff-1', approvedBy: null, at: T0,
      businessDate: '2026-06-01', reason: 'resaleable', lines: [{ lineNo: 1, qty: 1, refund: 1_000, pointsReversed: 10, pointsRestored: 0 }] as SaleReturn['lines'],
      refund: 1_000 as SaleReturn['refund'], pointsReversed: points(10), pointsRestored: points(0),
    } as SaleReturn;
    const reversal = { ...entry(m.id, 'reversal', -10, ret.id, d.deviceId), reason: 'return.earn' };
    const forged = { ...entry(m.id, 'earn', 50_000, ret.id, d.deviceId), id: `correction:${ret.id}` };
    expect(await push({ kind: 'return.record', id: uid('mut'), at: T0, ret, ledger: [reversal, forged] })).toEqual(['server_only_entry']);
    expect(await balance()).toBe(10);
  });
});
