// A revoked tablet hands over what it made before the revocation, and nothing after it
// (docs/sync-protocol.md S21); the owner sees what each tablet held unsynced when last seen.
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/server/admin-ops';
import { HANDOVER_MS, revokeDevice } from '../../src/server/tenancy';
import type { DeviceInfo, Mutation, PushResponse } from '../../src/sync/protocol';
import { api, backends, enroll, member, orgWithDevice, pairAnother, pullAll, saleMutation, serverOn, T0, VERSION_HEADERS } from './support';

/** A sale made at `at`, its ledger entries too (the factory dates them T0). */
function saleAt(p: Parameters<typeof saleMutation>[0] & { at: number }): Mutation {
  const m = saleMutation(p);
  return m.kind === 'sale.record' ? { ...m, ledger: m.ledger.map((e) => ({ ...e, at: p.at })) } : m;
}

describe.each(backends)('a revoked tablet\'s handover on $name', (backend) => {
  const s = serverOn(backend);

  const push = (token: string, deviceId: string, batch: { seq: number; mutation: Mutation }[], pending?: number) =>
    s.app.inject({ method: 'POST', url: '/api/push', headers: { ...VERSION_HEADERS, authorization: `Bearer ${token}` }, payload: { deviceId, batch, ...(pending === undefined ? {} : { pending }) } });

  it('[S21] a tablet that sold offline and was then revoked hands over the sale and the member it enrolled: another tablet sees both', async () => {
    const a = await orgWithDevice(s.app, s.db, 'Handover Tea');
    const c = await pairAnother(s.app, s.db, a.storeId);
    // Offline on tablet A: a member enrolled and a sale, an hour before the owner revokes A.
    const m = member(a.storeId, { phone: '13900001111', name: 'Offline Wu', enrolledAt: T0 - 3_600_000 });
    const sale = saleAt({ storeId: a.storeId, deviceId: a.deviceId, memberId: m.id, total: 12800, earn: 128, at: T0 - 3_000_000 });
    expect(await revokeDevice(s.db, a.deviceId, T0 - 60_000)).toBe(true);
    // A comes online: its push is its handover.
    const r = await push(a.token, a.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: sale }], 2);
    expect(r.statusCode).toBe(200);
    expect(r.json<PushResponse>()).toEqual({ ackedThrough: 2, rejected: [], revoked: true });
    // Everything else stays closed to A.
    expect((await api(s.app, a.token).get('/api/pull')).json()).toMatchObject({ code: 'device_revoked' });
    expect((await api(s.app, a.token).get('/api/members')).statusCode).toBe(401);
    // Tablet C pulls the member, the sale and its points.
    const { changes } = await pullAll(s.app, c.token, c.cursor);
    expect(changes.find((ch) => ch.entity === 'member' && ch.id === m.id)?.data).toMatchObject({ name: 'Offline Wu', phone: '13900001111' });
    expect(changes.some((ch) => ch.entity === 'sale' && ch.id === (sale.kind === 'sale.record' ? sale.sale.id : ''))).toBe(true);
    expect(changes.filter((ch) => ch.entity === 'ledger' && ch.data.memberId === m.id).map((ch) => ch.data.points)).toEqual([128]);
  });

  it('[S21] what a revoked tablet made after the revocation is refused, even with an early date on the envelope; the owner sees why', async () => {
    const a = await orgWithDevice(s.app, s.db, 'Late Tea');
    expect(await revokeDevice(s.db, a.deviceId, T0 - 60_000)).toBe(true);
    const late = saleAt({ storeId: a.storeId, deviceId: a.deviceId, memberId: null, total: 500, at: T0 - 30_000 });
    const forged = { ...saleAt({ storeId: a.storeId, deviceId: a.deviceId, memberId: null, total: 700, at: T0 - 20_000 }), at: T0 - 600_000 };
    const before = saleAt({ storeId: a.storeId, deviceId: a.deviceId, memberId: null, total: 900, at: T0 - 120_000 });
    const r = await push(a.token, a.deviceId, [{ seq: 1, mutation: late }, { seq: 2, mutation: forged }, { seq: 3, mutation: before }]);
    expect(r.statusCode).toBe(200);
    const body = r.json<PushResponse>();
    expect(body.ackedThrough).toBe(3);
    expect(body.rejected.map((x) => [x.seq, x.code])).toEqual([[1, 'device_revoked'], [2, 'device_revoked']]);
    const sales = await s.db.query<{ total: number }>(`SELECT (data->>'total')::int AS total FROM sales WHERE org_id = $1 ORDER BY 1`, [a.orgId]);
    expect(sales.map((x) => x.total)).toEqual([900]);
    // The owner, on another tablet, reads the refusals.
    const c = await pairAnother(s.app, s.db, a.storeId);
    const rej = (await api(s.app, c.token).get('/api/rejections')).json<{ rejections: { seq: number; code: string; deviceId: string }[] }>().rejections;
    expect(rej.filter((x) => x.deviceId === a.deviceId).map((x) => x.code)).toEqual(['device_revoked', 'device_revoked']);
  });

  it('[S21] a tablet revoked longer ago than the handover window, or with no handover, can push nothing', async () => {
    const a = await orgWithDevice(s.app, s.db, 'Old Tea');
    expect(await revokeDevice(s.db, a.deviceId, T0 - HANDOVER_MS - 1)).toBe(true);
    const old = saleAt({ storeId: a.storeId, deviceId: a.deviceId, memberId: null, total: 500, at: T0 - HANDOVER_MS - 100 });
    const r = await push(a.token, a.deviceId, [{ seq: 1, mutation: old }]);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'device_revoked' });
    const b = await pairAnother(s.app, s.db, a.storeId);
    await runAdmin(s.db, 'revoke-device', { device: b.deviceId, handover: 'no' }, T0);
    expect((await push(b.token, b.deviceId, [{ seq: 1, mutation: { ...old, id: 'mut-b-1' } }])).json()).toMatchObject({ code: 'device_revoked' });
    const [n] = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sales WHERE org_id = $1', [a.orgId]);
    expect(n?.n).toBe(0);
  });

  it('[S21] the admin command and the devices list say how many unsynced changes each tablet held when last seen', async () => {
    const a = await orgWithDevice(s.app, s.db, 'Seen Tea');
    const c = await pairAnother(s.app, s.db, a.storeId);
    // A pushes the first 2 of its 5 waiting changes, then loses the network.
    const batch = [0, 1].map((i) => ({ seq: i + 1, mutation: saleMutation({ storeId: a.storeId, deviceId: a.deviceId, memberId: null, total: 100 + i }) }));
    expect((await push(a.token, a.deviceId, batch, 5)).statusCode).toBe(200);
    // C pulls with an empty outbox.
    expect((await s.app.inject({ method: 'GET', url: '/api/pull?cursor=0&pending=0', headers: { ...VERSION_HEADERS, authorization: `Bearer ${c.token}` } })).statusCode).toBe(200);
    const listed = (await runAdmin(s.db, 'list-devices', { org: a.orgId }, T0)).devices as { id: string; unsynced: number | null; status: string }[];
    expect(listed.map((d) => [d.id, d.unsynced])).toEqual([[a.deviceId, 3], [c.deviceId, 0]]);
    expect(listed[0]?.status).toBe(`last seen ${new Date(T0).toISOString()}, 3 unsynced when last seen`);
    // The same on the till's devices list (a manager's read, S20).
    const seen = (await api(s.app, c.token).get('/api/devices')).json<{ devices: DeviceInfo[] }>().devices;
    expect(seen.map((d) => [d.id, d.unsynced, d.lastSeen])).toEqual([[a.deviceId, 3, T0], [c.deviceId, 0, T0]]);
    const plain = await api(s.app, c.token).getAs('/api/devices', null);
    expect(plain.statusCode).toBe(403);
  });
});
