// [S25] The owner manages staff on a paired shop through the server: a new PIN, a new role, deactivating
// someone who left; every tablet pulls the change. Only the owner; the last owner stays.
import { describe, expect, it } from 'vitest';
import { MANAGER_PIN_HEADER, MANAGER_STAFF_HEADER } from '../../src/sync/protocol';
import { addStaff } from '../../src/server/tenancy';
import { api, backends, OWNER_PIN, orgWithDevice, pullAll, serverOn, VERSION_HEADERS } from './support';

describe.each(backends)('staff managed by the owner on $name', (backend) => {
  const s = serverOn(backend);
  const put = (token: string, id: string, as: { staffId: string; pin: string }, payload: unknown) => s.app.inject({
    method: 'PUT', url: `/api/staff/${id}`, payload: payload as Record<string, unknown>,
    headers: { ...VERSION_HEADERS, authorization: `Bearer ${token}`, [MANAGER_STAFF_HEADER]: as.staffId, [MANAGER_PIN_HEADER]: as.pin },
  });

  it('[S25] a new PIN and a new role take effect at the server and reach every tablet; deactivated, they are refused', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const owner = { staffId: d.ownerId, pin: OWNER_PIN };
    const zhao = await addStaff(s.db, d.orgId, { name: 'Zhao', role: 'cashier', pin: '55556666' });
    const { cursor } = await pullAll(s.app, d.token);
    // Promoted to manager with a new PIN: the server's manager checks take the new PIN, not the old one.
    expect((await put(d.token, zhao, owner, { role: 'manager', pin: '86420975' })).statusCode).toBe(200);
    expect((await api(s.app, d.token).getAs('/api/devices', { staffId: zhao, pin: '86420975' })).statusCode).toBe(200);
    expect((await api(s.app, d.token).getAs('/api/devices', { staffId: zhao, pin: '55556666' })).statusCode).toBe(403);
    const pulled = (await pullAll(s.app, d.token, cursor)).changes.filter((c) => c.entity === 'staff' && c.id === zhao);
    expect(pulled.at(-1)?.data).toMatchObject({ role: 'manager', active: true });
    expect(JSON.stringify(pulled)).not.toContain('86420975');
    // Zhao left: deactivated, refused; taken back, let in again.
    expect((await put(d.token, zhao, owner, { active: false })).statusCode).toBe(200);
    expect((await api(s.app, d.token).getAs('/api/devices', { staffId: zhao, pin: '86420975' })).statusCode).toBe(403);
    expect((await pullAll(s.app, d.token, cursor)).changes.filter((c) => c.id === zhao).at(-1)?.data).toMatchObject({ active: false });
  });

  it('[S25] only the owner; the last owner stays; bad input is a 400 and changes nothing', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const owner = { staffId: d.ownerId, pin: OWNER_PIN };
    const ming = await addStaff(s.db, d.orgId, { name: 'Ming', role: 'manager', pin: '24682468' });
    const other = await orgWithDevice(s.app, s.db, 'Shop B');
    expect((await put(d.token, d.ownerId, { staffId: ming, pin: '24682468' }, { active: false })).statusCode).toBe(403);
    expect((await put(d.token, ming, { staffId: d.ownerId, pin: '0000' }, { role: 'cashier' })).statusCode).toBe(403);
    expect((await put(d.token, other.ownerId, owner, { active: false })).statusCode).toBe(404); // another organisation's owner
    const last = await put(d.token, d.ownerId, owner, { role: 'manager' });
    expect([last.statusCode, last.json<{ code: string }>().code]).toEqual([409, 'mutation_conflict']);
    for (const bad of [{ pin: '12' }, { role: 'boss' }, { active: 'no' }, {}, [1]]) {
      const r = await put(d.token, ming, owner, bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await api(s.app, d.token).getAs('/api/devices', { staffId: ming, pin: '24682468' })).statusCode).toBe(200);
  });
});
