// Profile edits as the till makes them (issue #15 item 2), on PGlite and PostgreSQL: the till's own writer
// builds each edit and its outbox row (nothing stamped by the test), the real client engine pushes and pulls,
// and the server takes every edit field by field on its clock (S9, C-S3, storage-spec D14).
import { describe, expect, it } from 'vitest';
import { zeroStats } from '../../src/db/write-rules';
import { parseCareSettings } from '../../src/domain/care/settings';
import { cents } from '../../src/domain/money';
import type { CareTask } from '../../src/domain/records';
import { api, backends, member, orgWithDevice, pairAnother, serverOn, T0, uid } from './support';
import { serverMember, syncAll, tablet } from './till-tablets';

describe.each(backends)('profile edits from the till on $name', (backend) => {
  const server = serverOn(backend);

  async function shop() {
    const pa = await orgWithDevice(server.app, server.db);
    const pb = await pairAnother(server.app, server.db, pa.storeId);
    const a = tablet(server, pa);
    const b = tablet(server, pb);
    await a.init();
    await b.init();
    // Enrolled on A as the till enrols: no clock stamps yet.
    const m = member(pa.storeId, { phone: `136${String(Date.now() % 1e8).padStart(8, '0')}`, clock: {} });
    await a.repos.writer.enroll({ member: m, stats: zeroStats(m.id), ledger: [], coupons: [], opId: uid('en') });
    await syncAll(a, b);
    return { pa, a, b, m };
  }

  it('[S9][D14] do-not-disturb, notes and profile saved on tablet A reach the server and tablet B; none is refused', async () => {
    const { pa, a, b, m } = await shop();
    await a.edit(m.id, { doNotDisturb: true }, T0 + 1000);
    await a.edit(m.id, { notes: 'asked not to be called' }, T0 + 2000);
    await a.edit(m.id, { profile: { shoeSize: '38' } }, T0 + 3000);
    await syncAll(a, b);
    const expected = { doNotDisturb: true, notes: 'asked not to be called', profile: { shoeSize: '38' } };
    expect(await serverMember(server, pa.token, m.id)).toMatchObject(expected);
    expect(await b.shown(m.id)).toMatchObject(expected);
    const rejections = await api(server.app, pa.token).get('/api/rejections');
    expect(rejections.json<{ rejections: unknown[] }>().rejections).toEqual([]);
  });

  it('[S9][C21][D14] do-not-disturb recorded as a care outcome on tablet A reaches the server and tablet B', async () => {
    const { pa, a, b, m } = await shop();
    const task: CareTask = {
      id: `followup:${m.id}`, memberId: m.id, kind: 'first-purchase-followup', dueFrom: '2026-06-01', dueTo: '2026-06-30', status: 'open',
      outcome: null, note: '', giftCost: cents(0), doneAt: null, doneBy: null,
    };
    const r = await a.repos.writer.recordOutcome({
      task, input: { outcome: 'do-not-disturb', note: '', giftCost: cents(0), staffId: pa.ownerId, at: T0 + 1000 },
      timeZone: 'Asia/Shanghai', settings: parseCareSettings({}), deviceId: a.deviceId, opId: uid('care'),
    });
    expect(r.ok).toBe(true);
    await syncAll(a, b);
    expect((await serverMember(server, pa.token, m.id))?.doNotDisturb).toBe(true);
    expect((await b.shown(m.id)).doNotDisturb).toBe(true);
  });

  it('[S9][C-S3] two tablets edit the member at once: different fields both survive, the later edit of a field wins whatever the arrival order', async () => {
    const { pa, a, b, m } = await shop();
    // Neither has seen the other's edit: A saves notes at +3 s, B ticks do-not-disturb at +1 s and saves notes at +2 s.
    await a.edit(m.id, { notes: 'prefers WeChat' }, T0 + 3000);
    await b.edit(m.id, { doNotDisturb: true }, T0 + 1000);
    await b.edit(m.id, { notes: 'call after 6 pm' }, T0 + 2000);
    await syncAll(b, a); // B's edits arrive first
    const expected = { doNotDisturb: true, notes: 'prefers WeChat' };
    expect(await serverMember(server, pa.token, m.id)).toMatchObject(expected);
    expect(await a.shown(m.id)).toMatchObject(expected);
    expect(await b.shown(m.id)).toMatchObject(expected);
  });
});
