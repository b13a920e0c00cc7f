// Editing the programme on the server (docs/sync-protocol.md S16, S19; loyalty-spec P5–P6), run
// against PGlite and PostgreSQL: only a manager or owner of the organisation, proved by their PIN,
// adds a version; a cashier gets 403 and nothing changes; versions are kept and sales are re-checked
// with the version that priced them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/server/storage/db';
import { buildServer } from '../../src/server/app';
import { addStaff } from '../../src/server/tenancy';
import { quoteCheckout } from '../../src/domain/quote';
import { buildSale } from '../../src/domain/sale-records';
import { DEFAULT_PROGRAMME, type Programme } from '../../src/domain/programme';
import { cents, points } from '../../src/domain/money';
import type { AuditEntry, Member } from '../../src/domain/records';
import type { Mutation, ProgrammeVersion, ServerException } from '../../src/sync/protocol';
import { api, backends, enroll, member, orgWithDevice, pairAnother, pullAll, T0, uid } from './support';

const NOW = T0 + 60_000;
const doubled: Programme = { ...DEFAULT_PROGRAMME, earn: { ...DEFAULT_PROGRAMME.earn, pointsPerUnit: 2 } };

/** A ¥120 sale to `m`, priced by the engine with `programme` exactly as a till would. */
function tillSale(programme: Programme, m: Member, storeId: string, deviceId: string): Mutation {
  const q = quoteCheckout({
    lines: [{ productId: null, name: 'Tea', category: 'tea', unitPrice: cents(12_000), qty: 1, lineDiscount: cents(0), noEarn: false }],
    member: { id: m.id, balance: points(0), rollingSpend: cents(0), largestOrder: cents(0), tierId: null, enrolledOn: m.enrolledOn, birthday: null, referredBy: null },
    coupons: [], selectedCouponIds: [], pointsToRedeem: 0, programme, now: T0, timeZone: 'Asia/Shanghai',
  });
  if (!q.ok) throw new Error(JSON.stringify(q.errors));
  const b = buildSale(q.quote, {
    ids: () => uid('id'), now: T0, timeZone: 'Asia/Shanghai', storeId, deviceId, staffId: 'staff-1', receiptNo: uid('r'),
    payments: [{ method: 'cash', amount: q.quote.total }], programme, coupons: [],
  });
  if (!b.ok) throw new Error(JSON.stringify(b.errors));
  return { kind: 'sale.record', id: uid('mut'), at: T0, sale: b.sale, ledger: b.ledger, coupons: [] };
}

describe.each(backends)('programme edits on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await backend.open());
    app = await buildServer({ db, now: () => NOW, limits: { pairPerMinute: 1000, authFailuresPerMinute: 1000 } });
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  async function programmeOf(token: string) {
    return (await api(app, token).get('/api/programme')).json<{ programme: ProgrammeVersion | null }>().programme;
  }

  it('[S19] a cashier, even with the right PIN, gets 403 and the programme does not change', async () => {
    const a = await orgWithDevice(app, db);
    const cashierId = await addStaff(db, a.orgId, { name: 'Cashier Li', role: 'cashier', pin: '5555' });
    const before = await pullAll(app, a.token, a.cursor);
    const r = await api(app, a.token).put('/api/programme', { staffId: cashierId, pin: '5555', config: doubled });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'forbidden', message: expect.stringContaining('cashier cannot change the programme') });
    expect(await programmeOf(a.token)).toBeNull();
    const after = await pullAll(app, a.token, before.cursor);
    expect(after.changes).toEqual([]);
  });

  it('[S19] a manager with their PIN adds a version; the audit entry names them and the device; another tablet pulls both', async () => {
    const a = await orgWithDevice(app, db);
    const b = await pairAnother(app, db, a.storeId);
    const managerId = await addStaff(db, a.orgId, { name: 'Manager Zhao', role: 'manager', pin: '7777' });
    const r = await api(app, a.token).put('/api/programme', { staffId: managerId, pin: '7777', config: doubled });
    expect(r.statusCode).toBe(200);
    const body = r.json<{ programme: ProgrammeVersion; audit: AuditEntry }>();
    expect(body.programme).toMatchObject({ version: 2, createdBy: managerId, createdAt: NOW, config: { version: 2, earn: { pointsPerUnit: 2 } } });
    expect(body.audit).toMatchObject({ action: 'programme', staffId: managerId, deviceId: a.deviceId, subjectId: '2', at: NOW });
    const { changes } = await pullAll(app, b.token, b.cursor);
    // The staff change of the new manager comes first; then the version and its audit entry, together.
    expect(changes.filter((c) => c.entity !== 'staff').map((c) => [c.entity, c.id])).toEqual([['programme', '2'], ['audit', body.audit.id]]);
    expect((await programmeOf(b.token))?.config).toMatchObject({ earn: { pointsPerUnit: 2 } });
  });

  it('[S19] a wrong PIN, an unknown id, or the owner of another organisation: 403, nothing added', async () => {
    const a = await orgWithDevice(app, db, 'Here');
    const other = await orgWithDevice(app, db, 'Elsewhere');
    const tries = [
      { staffId: a.ownerId, pin: '9999' },
      { staffId: 'nobody', pin: '1234' },
      { staffId: other.ownerId, pin: '1234' }, // S1: another organisation's staff is unknown here
    ];
    for (const t of tries) {
      const r = await api(app, a.token).put('/api/programme', { ...t, config: doubled });
      expect(r.statusCode).toBe(403);
      expect(r.json<{ code: string }>().code).toBe('forbidden');
    }
    expect(await programmeOf(a.token)).toBeNull();
    expect((await pullAll(app, a.token, a.cursor)).changes).toEqual([]);
  });

  it('[S19] wrong PINs are counted like failed sign-ins: after the limit, 429 even with the right PIN', async () => {
    const strict = await buildServer({ db, now: () => NOW, limits: { pairPerMinute: 1000, authFailuresPerMinute: 3 } });
    try {
      const a = await orgWithDevice(strict, db, 'Guarded');
      for (let i = 0; i < 3; i++) {
        expect((await api(strict, a.token).put('/api/programme', { staffId: a.ownerId, pin: `000${i}`, config: doubled })).statusCode).toBe(403);
      }
      const r = await api(strict, a.token).put('/api/programme', { staffId: a.ownerId, pin: '1234', config: doubled });
      expect(r.statusCode).toBe(429);
      expect(await programmeOf(a.token)).toBeNull();
    } finally {
      await strict.close();
    }
  });

  it('[S16] versions are kept: a sale priced by version 2 still passes the re-check after version 3, a sale claiming 2x under version 3 does not', async () => {
    const a = await orgWithDevice(app, db);
    const v2 = await api(app, a.token).put('/api/programme', { staffId: a.ownerId, pin: '1234', config: doubled });
    const v3 = await api(app, a.token).put('/api/programme', { staffId: a.ownerId, pin: '1234', config: DEFAULT_PROGRAMME });
    expect([v2.json<{ programme: ProgrammeVersion }>().programme.version, v3.json<{ programme: ProgrammeVersion }>().programme.version]).toEqual([2, 3]);
    const m = member(a.storeId, { phone: '13900000002' });
    const old = tillSale({ ...doubled, version: 2 }, m, a.storeId, a.deviceId);
    if (old.kind !== 'sale.record') throw new Error('not a sale');
    expect(old.sale).toMatchObject({ programmeVersion: 2, pointsEarned: 240 });
    await api(app, a.token).push(a.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: old }]);
    const exceptions = () => api(app, a.token).get('/api/exceptions').then((r) => r.json<{ exceptions: ServerException[] }>().exceptions);
    expect(await exceptions()).toEqual([]);
    // The same doubled points, but naming version 3 (the default rate): the server flags it.
    const minted = tillSale({ ...doubled, version: 3 }, m, a.storeId, a.deviceId);
    await api(app, a.token).push(a.deviceId, [{ seq: 3, mutation: minted }]);
    expect((await exceptions()).map((e) => e.kind)).toEqual(['points_mismatch']);
  });

  it('[P2] an invalid programme from the owner is refused naming the setting, and adds nothing', async () => {
    const a = await orgWithDevice(app, db);
    const tiers = DEFAULT_PROGRAMME.tiers.map((t) => (t.id === 'senior' ? { ...t, minSpend: 20_000 } : t));
    const r = await api(app, a.token).put('/api/programme', { staffId: a.ownerId, pin: '1234', config: { ...DEFAULT_PROGRAMME, tiers } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'invalid_programme', message: expect.stringContaining('tiers[1].minSpend') });
    expect(await programmeOf(a.token)).toBeNull();
  });
});
