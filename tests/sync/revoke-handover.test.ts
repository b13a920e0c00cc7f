/** A revoked tablet hands over its outbox before it erases itself (C-S19, S21): the engine against the real server in-process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../src/server/tenancy';
import { createSyncEngine, type Handover } from '../../src/sync/engine';
import { enroll, sell } from './sim/actions';
import { startServer, type SimServer } from './sim/server';
import { tabletsOf, two } from './sim/setup';
import type { Tablet } from './sim/tablet';

let server: SimServer;
beforeAll(async () => { server = await startServer(); }, 120_000);
afterAll(async () => { await server.close(); });

function revokedEngine(a: Tablet, seen: Handover[]) {
  return createSyncEngine({
    transport: a.transport, deviceId: a.deviceId, outbox: a.repos.outbox, store: a.store, locks: null, online: null,
    onRevoked: async (h) => { seen.push(h); await a.store.wipe(); },
  });
}

describe('a revoked tablet', () => {
  it('[C-S19][S21] sold offline, then revoked: it hands over the sale and the member before erasing, refuses what it made after, and another tablet sees the rest', async () => {
    const { tablets, c } = await tabletsOf(server, 'handover', 2);
    const [a, b] = two(tablets);
    const m = await enroll(a, c, '13800000021', 'Offline Qian');
    if (!m) throw new Error('enrolment refused');
    const kept = await sell(a, c, m.id, 1000, 0);
    const before = await a.repos.outbox.count();
    server.clock.now += 60_000;
    await revokeDevice(server.db, a.deviceId, server.clock.now);
    server.clock.now += 60_000;
    const late = await sell(a, c, null, 300, 0); // rung up after the owner revoked the tablet
    const seen: Handover[] = [];
    expect(await revokedEngine(a, seen).syncNow()).toBe(false);
    expect(seen).toEqual([{ handedOver: before, refused: 1, lost: 0 }]);
    expect(await a.repos.members.byPhone('13800000021')).toBeNull();
    expect(await a.repos.outbox.count()).toBe(0);
    expect(await b.engine.syncNow()).toBe(true);
    const onB = await b.repos.members.byPhone('13800000021');
    expect(onB?.member.name).toBe('Offline Qian');
    expect(onB?.stats.points).toBe(50 + 20); // the welcome bonus and the sale's points
    expect(await b.repos.members.sale(kept)).not.toBeNull();
    expect(await b.repos.members.sale(late)).toBeNull();
  });

  it('[C-S19][S21] revoked with no handover (a stolen tablet): what it held is counted as lost, then erased', async () => {
    const { tablets, c } = await tabletsOf(server, 'stolen', 1);
    const [a] = tablets;
    if (!a) throw new Error('no tablet');
    await enroll(a, c, '13800000022', 'Lost Sun');
    const before = await a.repos.outbox.count();
    await revokeDevice(server.db, a.deviceId, server.clock.now, { handover: false });
    const seen: Handover[] = [];
    expect(await revokedEngine(a, seen).syncNow()).toBe(false);
    expect(seen).toEqual([{ handedOver: 0, refused: 0, lost: before }]);
    expect(await a.repos.outbox.count()).toBe(0);
  });
});
