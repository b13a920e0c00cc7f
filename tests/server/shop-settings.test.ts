// The shop's settings (care budget, calendar, templates) are the organisation's, versioned and audited
// on the server like the programme (docs/sync-protocol.md S24, care-spec C1a).
import { describe, expect, it } from 'vitest';
import { addStaff } from '../../src/server/tenancy';
import type { DeviceSetup, PairResponse } from '../../src/sync/protocol';
import { api, backends, orgWithDevice, OWNER_PIN, pairAnother, pullAll, serverOn } from './support';

describe.each(backends)('the shop\'s settings on $name', (backend) => {
  const s = serverOn(backend);

  it('[S24][C1a] the owner sets the yearly care budget to ¥500 on tablet A: tablet C pulls ¥500 and the audit entry naming the owner', async () => {
    const a = await orgWithDevice(s.app, s.db, 'Budget Tea');
    const c = await pairAnother(s.app, s.db, a.storeId);
    const r = await api(s.app, a.token).put('/api/settings', { staffId: a.ownerId, pin: OWNER_PIN, key: 'careSettings', value: { yearlyBudget: 50000 } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ setting: { key: 'careSettings', version: 1, value: { yearlyBudget: 50000 }, createdBy: a.ownerId } });
    const { changes } = await pullAll(s.app, c.token, c.cursor);
    expect(changes.filter((ch) => ch.entity === 'setting').map((ch) => ch.data)).toMatchObject([{ key: 'careSettings', version: 1, value: { yearlyBudget: 50000 } }]);
    expect(changes.find((ch) => ch.entity === 'audit')?.data).toMatchObject({ id: 'setting-careSettings-v1', action: 'care-settings', staffId: a.ownerId, deviceId: a.deviceId, detail: 'careSettings' });
    // A second save is version 2; a tablet paired afterwards gets it at pairing and in its re-download.
    expect((await api(s.app, c.token).put('/api/settings', { staffId: a.ownerId, pin: OWNER_PIN, key: 'careSettings', value: { yearlyBudget: 60000 } })).json())
      .toMatchObject({ setting: { version: 2 } });
    const d: PairResponse = await pairAnother(s.app, s.db, a.storeId);
    expect(d.settings).toMatchObject([{ key: 'careSettings', version: 2, value: { yearlyBudget: 60000 } }]);
    const setup = (await api(s.app, d.token).get('/api/setup')).json<DeviceSetup>();
    expect(setup.settings).toMatchObject([{ key: 'careSettings', version: 2, value: { yearlyBudget: 60000 } }]);
  });

  it('[S24][S19] a cashier, a wrong PIN or a budget that is not money changes nothing, and says why', async () => {
    const a = await orgWithDevice(s.app, s.db, 'Refused Tea');
    const cashier = await addStaff(s.db, a.orgId, { name: 'Cashier Li', role: 'cashier', pin: '5678' });
    const put = (body: Record<string, unknown>) => api(s.app, a.token).put('/api/settings', body);
    const byCashier = await put({ staffId: cashier, pin: '5678', key: 'careSettings', value: { yearlyBudget: 50000 } });
    expect(byCashier.statusCode).toBe(403);
    expect(byCashier.json().message).toContain('A cashier cannot change the shop\'s settings');
    expect((await put({ staffId: a.ownerId, pin: '0000', key: 'careSettings', value: { yearlyBudget: 50000 } })).statusCode).toBe(403);
    const bad = await put({ staffId: a.ownerId, pin: OWNER_PIN, key: 'careSettings', value: { yearlyBudget: 12.5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_setting' });
    expect(bad.json().message).toContain('yearlyBudget');
    const badCalendar = await put({ staffId: a.ownerId, pin: OWNER_PIN, key: 'careCalendar', value: { holidays: [{ id: 'x' }] } });
    expect(badCalendar.json()).toMatchObject({ code: 'invalid_setting' });
    expect((await put({ staffId: a.ownerId, pin: OWNER_PIN, key: 'storeName', value: 'x' })).statusCode).toBe(400);
    const nul = await put({ staffId: a.ownerId, pin: OWNER_PIN, key: 'careTemplates', value: [{ id: 't', kind: null, text: { 'zh-CN': '{name}\u0000', en: '{name} from {store}' } }] });
    expect(nul.statusCode).toBe(400);
    const rows = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM shop_settings WHERE org_id = $1', [a.orgId]);
    expect(rows[0]?.n).toBe(0);
  });
});
