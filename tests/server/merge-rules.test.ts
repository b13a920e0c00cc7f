// Merge rules (docs/sync-protocol.md S7, S9, S10, S11, S16), run against PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/server/storage/db';
import { buildServer } from '../../src/server/app';
import { hlcNow } from '../../src/domain/hlc';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import type { Coupon, Member } from '../../src/domain/records';
import { cents } from '../../src/domain/money';
import type { Mutation, ProgrammeVersion, ServerException } from '../../src/sync/protocol';
import { api, backends, enroll, entry, member, orgWithDevice, pairAnother, pullAll, saleMutation, T0, uid } from './support';

function edit(m: Member, fields: Partial<Member>, wallMs: number, node: string): Mutation {
  const stamp = hlcNow(null, wallMs, node);
  const clock = { ...m.clock };
  for (const k of Object.keys(fields)) clock[k] = stamp;
  return { kind: 'member.upsert', id: uid('edit'), at: wallMs, member: { ...m, ...fields, clock }, fields: Object.keys(fields) as (keyof Member)[] };
}

describe.each(backends)('merge rules on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await backend.open());
    app = await buildServer({ db, now: () => T0 + 60_000, limits: { pairPerMinute: 1000 } });
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  async function members(token: string) {
    return (await api(app, token).get('/api/members')).json<{ members: { member: Member; stats: { points: number; visits: number } }[] }>().members;
  }

  it('[S9] profile fields merge one by one; the later clock wins whatever the arrival order', async () => {
    const a = await orgWithDevice(app, db);
    const b = await pairAnother(app, db, a.storeId);
    const m = member(a.storeId, { phone: '13600000001' });
    await api(app, a.token).push(a.deviceId, [{ seq: 1, mutation: enroll(m) }]);
    // B edits notes later than A edits notes; A alone edits the name. B's edit arrives first.
    await api(app, b.token).push(b.deviceId, [{ seq: 1, mutation: edit(m, { notes: 'likes green tea' }, T0 + 2000, 'b') }]);
    await api(app, a.token).push(a.deviceId, [{ seq: 2, mutation: edit(m, { notes: 'old note', name: '张三丰' }, T0 + 1000, 'a') }]);
    const [got] = await members(a.token);
    expect(got?.member).toMatchObject({ notes: 'likes green tea', name: '张三丰' });
  });

  it('[S9] a clock stamp far in the future is rejected with a clear message, not a silent win', async () => {
    const a = await orgWithDevice(app, db);
    const m = member(a.storeId, { phone: '13600000002' });
    const r = await api(app, a.token).push(a.deviceId, [
      { seq: 1, mutation: enroll(m) },
      { seq: 2, mutation: edit(m, { notes: 'from the future' }, T0 + 3 * 24 * 60 * 60 * 1000, 'a') },
    ]);
    const rej = r.json<{ rejected: { code: string; message: string }[] }>().rejected;
    expect(rej).toHaveLength(1);
    expect(rej[0]?.code).toBe('clock_ahead');
    expect(rej[0]?.message).toMatch(/ahead/);
    expect((await members(a.token))[0]?.member.notes).toBe('');
  });

  it('[S7] a sale pushed by two routes is kept once (facts merge by union)', async () => {
    const a = await orgWithDevice(app, db);
    const m = member(a.storeId, { phone: '13600000003' });
    const sale = saleMutation({ storeId: a.storeId, deviceId: a.deviceId, memberId: m.id, total: 3000, earn: 30 });
    const copy = { ...sale, id: uid('copy') } as Mutation;
    await api(app, a.token).push(a.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: sale }, { seq: 3, mutation: copy }]);
    const { changes } = await pullAll(app, a.token, a.cursor);
    expect(changes.filter((c) => c.entity === 'sale')).toHaveLength(1);
    expect((await members(a.token))[0]?.stats).toMatchObject({ points: 30, visits: 1 });
  });

  it('[S7][B9] the same benefit coupon issued by two tablets is one coupon; a sale on either marks it used once, without a conflict; a tablet paired later is told of the use', async () => {
    const a = await orgWithDevice(app, db);
    const b = await pairAnother(app, db, a.storeId);
    const m = member(a.storeId, { phone: '13600000009', birthday: '--01-20' });
    await api(app, a.token).push(a.deviceId, [{ seq: 1, mutation: enroll(m) }]);
    const coupon: Coupon = {
      id: `birthday:${m.id}:2027`, memberId: m.id, kind: 'birthday', percentOff: 30, amountOff: null, minSpend: cents(0),
      validFrom: '2027-01-01', validTo: '2027-01-31', issuedAt: T0, usedSaleId: null, usedAt: null,
    };
    const issue = (by: string, issuedAt: number): Mutation => ({ kind: 'coupon.issue', id: uid(by), at: issuedAt, coupons: [{ ...coupon, issuedAt }] });
    expect((await api(app, a.token).push(a.deviceId, [{ seq: 2, mutation: issue('a', T0) }])).json()).toEqual({ ackedThrough: 2, rejected: [] });
    const sale = saleMutation({ storeId: b.storeId, deviceId: b.deviceId, memberId: m.id, total: 7000 });
    const used = sale.kind === 'sale.record' ? { ...sale, sale: { ...sale.sale, couponIds: [coupon.id] }, coupons: [{ ...coupon, issuedAt: T0 + 5, usedSaleId: sale.sale.id, usedAt: T0 + 5 }] } : sale;
    expect((await api(app, b.token).push(b.deviceId, [{ seq: 1, mutation: issue('b', T0 + 5) }, { seq: 2, mutation: used }])).json())
      .toEqual({ ackedThrough: 2, rejected: [] });
    const { changes } = await pullAll(app, b.token, b.cursor);
    const mine = changes.filter((c) => c.entity === 'coupon' && c.id === coupon.id).map((c) => [c.data.issuedAt, c.data.usedSaleId]);
    expect(mine.at(-1)).toEqual([T0, used.kind === 'sale.record' ? used.sale.id : null]);
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM coupons WHERE id = $1', [coupon.id]);
    expect(rows[0]?.n).toBe(1);
    // A tablet paired after the use never pulled the coupon: it issues it afresh and is told of the use.
    const late = await pairAnother(app, db, a.storeId);
    expect((await api(app, late.token).push(late.deviceId, [{ seq: 1, mutation: issue('late', T0 + 9) }])).json()).toEqual({ ackedThrough: 1, rejected: [] });
    const told = (await pullAll(app, late.token, late.cursor)).changes.filter((c) => c.entity === 'coupon' && c.id === coupon.id);
    expect(told.map((c) => [c.data.issuedAt, c.data.usedSaleId])).toEqual([[T0, used.kind === 'sale.record' ? used.sale.id : null]]);
    const ex = (await api(app, a.token).get('/api/exceptions')).json<{ exceptions: ServerException[] }>().exceptions;
    expect(ex.filter((e) => e.kind === 'coupon_reuse')).toEqual([]);
  });

  it('[S10] two tablets redeem the same points offline: both sales stand and an overdraft is flagged', async () => {
    const a = await orgWithDevice(app, db);
    const b = await pairAnother(app, db, a.storeId);
    const m = member(a.storeId, { phone: '13600000004' });
    const bonus: Mutation = { kind: 'ledger.append', id: uid('bonus'), at: T0, entries: [{ ...entry(m.id, 'bonus', 500, null, a.deviceId), staffId: a.ownerId }] }; // S22: given by the owner
    await api(app, a.token).push(a.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: bonus }]);
    const sa = saleMutation({ storeId: a.storeId, deviceId: a.deviceId, memberId: m.id, total: 1000, redeem: 500 });
    const sb = saleMutation({ storeId: b.storeId, deviceId: b.deviceId, memberId: m.id, total: 2000, redeem: 500 });
    expect((await api(app, a.token).push(a.deviceId, [{ seq: 3, mutation: sa }])).json()).toEqual({ ackedThrough: 3, rejected: [] });
    expect((await api(app, b.token).push(b.deviceId, [{ seq: 1, mutation: sb }])).json()).toEqual({ ackedThrough: 1, rejected: [] });
    const [got] = await members(a.token);
    expect(got?.stats).toMatchObject({ points: -500, visits: 2 });
    const ex = (await api(app, a.token).get('/api/exceptions')).json<{ exceptions: ServerException[] }>().exceptions;
    const over = ex.filter((e) => e.kind === 'overdraft');
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ memberId: m.id, detail: { balance: -500, redeemed: 500 } });
  });

  it('[S11] the same phone enrolled on two tablets: the later member merges into the earlier, history follows', async () => {
    const a = await orgWithDevice(app, db);
    const b = await pairAnother(app, db, a.storeId);
    const early = member(a.storeId, { phone: '13600000005', enrolledAt: T0, birthday: null }, 'a');
    const late = member(b.storeId, { phone: '13600000005', enrolledAt: T0 + 5000, birthday: '1990-04-01', name: '张三' }, 'b');
    // The later tablet syncs first, with a sale; the earlier one arrives afterwards.
    await api(app, b.token).push(b.deviceId, [
      { seq: 1, mutation: enroll(late) },
      { seq: 2, mutation: saleMutation({ storeId: b.storeId, deviceId: b.deviceId, memberId: late.id, total: 800, earn: 8 }) },
    ]);
    await api(app, a.token).push(a.deviceId, [
      { seq: 1, mutation: enroll(early) },
      { seq: 2, mutation: saleMutation({ storeId: a.storeId, deviceId: a.deviceId, memberId: early.id, total: 1200, earn: 12 }) },
    ]);
    // B, still unaware, sells again to the old id: it still resolves.
    await api(app, b.token).push(b.deviceId, [{ seq: 3, mutation: saleMutation({ storeId: b.storeId, deviceId: b.deviceId, memberId: late.id, total: 500, earn: 5 }) }]);
    const all = await members(b.token);
    const survivor = all.find((x) => x.member.id === early.id);
    const loser = all.find((x) => x.member.id === late.id);
    expect(loser?.member.mergedInto).toBe(early.id);
    expect(survivor?.member).toMatchObject({ mergedInto: null, birthday: '1990-04-01' });
    expect(survivor?.stats).toMatchObject({ points: 25, visits: 3 });
    expect(loser?.stats).toMatchObject({ points: 0, visits: 0 });
    const { changes } = await pullAll(app, b.token, b.cursor);
    expect(changes.filter((c) => c.entity === 'merge').map((c) => c.data)).toEqual([{ loserId: late.id, survivorId: early.id }]);
    const lastSales = new Map<string, unknown>();
    for (const c of changes) if (c.entity === 'sale') lastSales.set(c.id, c.data.memberId);
    expect([...lastSales.values()]).toEqual([early.id, early.id, early.id]);
  });

  it('[S11][S9] a merge fills the survivor\'s missing birthday with the loser\'s stamp, but never over a later edit that cleared it', async () => {
    const a = await orgWithDevice(app, db);
    const b = await pairAnother(app, db, a.storeId);
    const stamped = (m: Member, at: number, node: string): Member => {
      const stamp = hlcNow(null, at, node);
      return { ...m, clock: Object.fromEntries(['name', 'phone', 'birthday', 'wechat', 'notes'].map((f) => [f, stamp])) };
    };
    // Cleared: A's member had a birthday, A clears it after B enrolled the same phone with another one.
    const early = stamped(member(a.storeId, { phone: '13600000015', enrolledAt: T0, birthday: '1970-01-02' }, 'a'), T0, 'a');
    const late = stamped(member(b.storeId, { phone: '13600000015', enrolledAt: T0 + 5000, birthday: '1990-04-01' }, 'b'), T0 + 5000, 'b');
    await api(app, a.token).push(a.deviceId, [{ seq: 1, mutation: enroll(early) }, { seq: 2, mutation: edit(early, { birthday: null }, T0 + 9000, 'a') }]);
    await api(app, b.token).push(b.deviceId, [{ seq: 1, mutation: enroll(late) }]);
    // Filled: the survivor never had a birthday; the loser's comes over with its stamp, so tablets take it too.
    const early2 = stamped(member(a.storeId, { phone: '13600000016', enrolledAt: T0, birthday: null }, 'a'), T0, 'a');
    const late2 = stamped(member(b.storeId, { phone: '13600000016', enrolledAt: T0 + 5000, birthday: '--06-15' }, 'b'), T0 + 5000, 'b');
    await api(app, a.token).push(a.deviceId, [{ seq: 3, mutation: enroll(early2) }]);
    await api(app, b.token).push(b.deviceId, [{ seq: 2, mutation: enroll(late2) }]);
    const all = await members(a.token);
    expect(all.find((x) => x.member.id === early.id)?.member.birthday).toBeNull();
    const filled = all.find((x) => x.member.id === early2.id)?.member;
    expect(filled?.birthday).toBe('--06-15');
    expect(filled?.clock.birthday).toBe(late2.clock.birthday);
  });

  it('[S16] an owner adds a programme version with the PIN; devices pull it; others are refused', async () => {
    const a = await orgWithDevice(app, db);
    const doubled = { ...DEFAULT_PROGRAMME, earn: { ...DEFAULT_PROGRAMME.earn, pointsPerUnit: 2 } };
    const wrong = await api(app, a.token).put('/api/programme', { staffId: a.ownerId, pin: '9999', config: doubled });
    expect(wrong.statusCode).toBe(403);
    const invalid = await api(app, a.token).put('/api/programme', { staffId: a.ownerId, pin: '1234', config: { ...doubled, earn: { ...doubled.earn, pointsPerUnit: -1 } } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ code: 'invalid_programme', message: expect.stringContaining('earn.pointsPerUnit') });
    const ok = await api(app, a.token).put('/api/programme', { staffId: a.ownerId, pin: '1234', config: doubled });
    expect(ok.statusCode).toBe(200);
    const again = await api(app, a.token).put('/api/programme', { staffId: a.ownerId, pin: '1234', config: DEFAULT_PROGRAMME });
    // Version 1 is the default every till starts with; an owner's first version is 2.
    expect(again.json<{ programme: ProgrammeVersion }>().programme.version).toBe(3);
    const { changes } = await pullAll(app, a.token, a.cursor);
    expect(changes.filter((c) => c.entity === 'programme').map((c) => c.data.version)).toEqual([2, 3]);
    const current = (await api(app, a.token).get('/api/programme')).json<{ programme: ProgrammeVersion }>();
    expect(current.programme).toMatchObject({ version: 3, config: { version: 3, earn: { pointsPerUnit: DEFAULT_PROGRAMME.earn.pointsPerUnit } } });
  });
});
