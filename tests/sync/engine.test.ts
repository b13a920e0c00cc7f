/** The client engine against the real server (in-process): push, pull, and the cases issue #4 names. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../src/server/tenancy';
import { createApiClient } from '../../src/sync/api-client';
import { createSyncEngine } from '../../src/sync/engine';
import { MANAGER_PIN_HEADER, MANAGER_STAFF_HEADER, type ServerException } from '../../src/sync/protocol';
import { editNotes, enroll, giveBack, sell } from './sim/actions';
import { newOrg, startServer, type SimServer } from './sim/server';
import { createPairCode } from '../../src/server/tenancy';
import { pairDevice, seedFromPairing } from '../../src/sync/pairing';
import { createMemoryRepositories } from '../../src/db/memory-repositories';
import { CURRENT_SCHEMA_VERSION } from '../../src/db/database';
import { pairedTablet, tabletsOf, two } from './sim/setup';
import { bootstrapMembers } from '../../src/sync/bootstrap';
import { createInjectTransport, TransportError, type Transport } from '../../src/sync/transport';
import type { Tablet } from './sim/tablet';

let server: SimServer;
beforeAll(async () => { server = await startServer(); }, 120_000);
afterAll(async () => { await server.close(); });

async function syncAll(ts: Tablet[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const t of ts) expect(await t.engine.syncNow()).toBe(true);
}

describe('client engine, two tablets', () => {
  it('[S4][C-S8][C-S9] a member and a sale made on one tablet reach the other with the same balance', async () => {
    const { tablets, c } = await tabletsOf(server, 'plain', 2);
    const [a, b] = two(tablets);
    const m = await enroll(a, c, '13800000001', 'Li Lei');
    const saleId = await sell(a, c, m?.id ?? null, 1000, 0);
    expect(await a.engine.syncNow()).toBe(true);
    expect(await a.repos.outbox.count()).toBe(0);
    expect(await b.engine.syncNow()).toBe(true);
    const onB = await b.repos.members.byPhone('13800000001');
    expect(onB?.member.name).toBe('Li Lei');
    expect(onB?.stats.points).toBe(50 + 20);
    expect((await b.repos.members.sale(saleId))?.total).toBe(2000);
    expect(b.engine.status()).toMatchObject({ state: 'idle', waiting: 0, error: null });
  });

  it('[S10][C-S4] two tablets redeem the same points offline: both sales stand, the balance goes below zero, the server lists an overdraft', async () => {
    const { tablets, c } = await tabletsOf(server, 'overdraft', 2);
    const [a, b] = two(tablets);
    const m = await enroll(a, c, '13800000002', 'Han Meimei');
    if (!m) throw new Error('enrolment refused');
    await syncAll([a, b]);
    // Both offline: each sees 50 points and redeems all of them.
    const s1 = await sell(a, c, m.id, 500, 50);
    const s2 = await sell(b, c, m.id, 500, 50);
    await syncAll([a, b]);
    for (const t of [a, b]) {
      expect(await t.repos.members.sale(s1)).not.toBeNull();
      expect(await t.repos.members.sale(s2)).not.toBeNull();
      const hit = await t.repos.members.get(m.id);
      // 50 bonus − 50 − 50 redeemed + 9 + 9 earned on 900 fen each
      expect(hit?.stats.points).toBe(-32);
      expect((await t.repos.members.verifyStats(m.id)).ok).toBe(true);
    }
    const ex = await a.transport.send({ method: 'GET', path: '/api/exceptions', headers: { [MANAGER_STAFF_HEADER]: c.staffId, [MANAGER_PIN_HEADER]: '1234' } });
    const list = (ex.body as { exceptions: ServerException[] }).exceptions;
    expect(list.some((e) => e.kind === 'overdraft' && e.memberId === m.id)).toBe(true);
  });

  it('[S11][C-S5] the same phone enrolled on two offline tablets becomes one member, found by either old id on both', async () => {
    const { tablets, c } = await tabletsOf(server, 'dup', 2);
    const [a, b] = two(tablets);
    const ma = await enroll(a, c, '13800000003', 'Zhang San');
    server.clock.now += 1000;
    const mb = await enroll(b, c, '13800000003', 'Zhang San');
    if (!ma || !mb) throw new Error('enrolment refused');
    await sell(b, c, mb.id, 1000, 0);
    await syncAll([a, b]);
    for (const t of [a, b]) {
      const viaA = await t.repos.members.get(ma.id);
      const viaB = await t.repos.members.get(mb.id);
      expect(viaA?.member.id).toBe(ma.id); // the earlier enrolment survives
      expect(viaB?.member.id).toBe(ma.id);
      expect(viaA?.stats.points).toBe(50 + 50 + 20); // both welcome bonuses and the sale's points
      expect((await t.repos.members.history(ma.id)).length).toBe(1);
      expect((await t.repos.members.search({ kind: 'phone', value: '13800000003' })).length).toBe(1);
    }
  });

  it('[C-S3] a pull never overwrites a profile edit still waiting in the outbox', async () => {
    const { tablets, c } = await tabletsOf(server, 'pending', 2);
    const [a, b] = two(tablets);
    const m = await enroll(a, c, '13800000004', 'Wang Wu');
    if (!m) throw new Error('enrolment refused');
    await syncAll([a, b]);
    expect(await editNotes(b, c, m.id, 'prefers size M')).toBe(true);
    expect(await b.engine.syncNow()).toBe(true);
    server.clock.now += 1000;
    expect(await editNotes(a, c, m.id, 'call after 6 pm')).toBe(true);
    // Pull only, the edit still waiting:
    const from = await a.store.cursor();
    const page = await createApiClient(a.transport).pull(from, 100);
    expect(page.changes.some((ch) => ch.entity === 'member' && ch.data.notes === 'prefers size M')).toBe(true);
    await a.store.applyPull(page.changes, page.cursor, from);
    expect((await a.repos.members.get(m.id))?.member.notes).toBe('call after 6 pm');
    await syncAll([a, b]);
    for (const t of [a, b]) expect((await t.repos.members.get(m.id))?.member.notes).toBe('call after 6 pm');
  });

  it('[S14][C-S10] a revoked device: the engine stops, calls onRevoked, and the store can be wiped', async () => {
    const { tablets, c } = await tabletsOf(server, 'revoked', 1);
    const [a] = tablets;
    if (!a) throw new Error('no tablet');
    await enroll(a, c, '13800000005', 'Zhao Liu');
    await revokeDevice(server.db, a.deviceId, server.clock.now);
    let revoked = 0;
    const engine = createSyncEngine({
      transport: a.transport, deviceId: a.deviceId, outbox: a.repos.outbox, store: a.store,
      onRevoked: async () => { revoked++; await a.store.wipe(); },
    });
    expect(await engine.syncNow()).toBe(false);
    expect(revoked).toBe(1);
    expect(engine.status()).toMatchObject({ state: 'revoked', nextAttemptAt: null });
    expect(await a.repos.members.byPhone('13800000005')).toBeNull();
    expect(await a.repos.outbox.count()).toBe(0);
    expect(await engine.syncNow()).toBe(false); // no retries after revocation
    expect(revoked).toBe(1);
  });

  it('[S2][C-S10] a too-old client gets a clear "outdated" state and no retries', async () => {
    const { tablets } = await tabletsOf(server, 'outdated', 1);
    const [a] = tablets;
    if (!a) throw new Error('no tablet');
    const old = createInjectTransport(server.app, { token: () => a.pairing.token, schemaVersion: 0 });
    const engine = createSyncEngine({ transport: old, deviceId: a.deviceId, outbox: a.repos.outbox, store: a.store });
    expect(await engine.syncNow()).toBe(false);
    expect(engine.status()).toMatchObject({ state: 'outdated', nextAttemptAt: null, error: { code: 'client_outdated' } });
  });

  it('[S8][C-S8] a mutation the server rejects is listed for a manager and leaves the outbox', async () => {
    const { tablets, c } = await tabletsOf(server, 'rejected', 1);
    const [a] = tablets;
    if (!a) throw new Error('no tablet');
    await sell(a, { ...c, storeId: 'no-such-store' }, null, 100, 0);
    await sell(a, c, null, 200, 0);
    expect(await a.engine.syncNow()).toBe(true);
    expect(await a.repos.outbox.count()).toBe(0);
    expect(a.engine.status().rejections).toEqual([expect.objectContaining({ kind: 'sale.record', code: 'unknown_store' })]);
  });

  it('[S8][C-S15] two offline tablets return the same sale: the second return is rejected, kept, its points cancelled, the queue goes on', async () => {
    const { tablets, c } = await tabletsOf(server, 'return-twice', 2);
    const [a, b] = two(tablets);
    const m = await enroll(a, c, '13800000009', 'Wei Dong');
    if (!m) throw new Error('enrolment refused');
    const saleId = await sell(a, c, m.id, 1000, 0); // two items of ¥10: 50 + 20 points
    await syncAll([a, b]);
    // Offline, A takes both items back and B one item of the same sale; A syncs first.
    expect(await giveBack(a, c, saleId, 2)).toBe(true);
    expect(await giveBack(b, c, saleId, 1)).toBe(true);
    const after = await sell(b, c, m.id, 300, 0); // a later sale on B must not be blocked
    expect(await a.engine.syncNow()).toBe(true);
    expect(await b.engine.syncNow()).toBe(true);
    await syncAll([a, b]);
    expect(b.engine.status().rejections).toEqual([expect.objectContaining({ kind: 'return.record', code: 'return_exceeds_sale' })]);
    expect(await b.repos.outbox.count()).toBe(0);
    const kept = await b.store.rejections();
    expect(kept).toEqual([expect.objectContaining({ kind: 'return.record', code: 'return_exceeds_sale', pointsUndone: [{ memberId: m.id, points: 10 }] })]);
    // The return B made stays as a fact, but counts for nothing: both tablets show the server's balance, 50 + 20 − 20 + 6.
    expect((await b.repos.members.returnsOf(saleId)).length).toBe(2);
    expect(await b.repos.members.sale(after)).not.toBeNull();
    for (const t of [a, b]) {
      const hit = await t.repos.members.get(m.id);
      expect(hit?.stats.points).toBe(56);
      expect((await t.repos.members.verifyStats(m.id)).ok).toBe(true);
    }
    // Recorded once: a second report of the same rejection (a lost answer, pushed again) changes nothing.
    await b.store.recordRejections([{ rejection: kept[0]!, mutation: { kind: 'audit.append', id: kept[0]!.mutationId, at: 0, entry: { id: 'x', at: 0, staffId: null, deviceId: b.deviceId, action: 'x', subjectId: null, detail: '' } }, seq: kept[0]!.seq }], b.deviceId);
    expect((await b.repos.members.get(m.id))?.stats.points).toBe(56);
    expect(await b.store.rejections()).toHaveLength(1);
  });

  it('[S12][C-S13] a new tablet downloads every member in pages, resumes after an interruption, then pulls from its pairing cursor', async () => {
    const { org, tablets, c } = await tabletsOf(server, 'boot', 1);
    const [a] = tablets;
    if (!a) throw new Error('no tablet');
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await enroll(a, c, `1380000010${i}`, `Member ${i}`));
    const first = made[0];
    if (!first) throw new Error('enrolment refused');
    await sell(a, c, first.id, 1500, 30);
    expect(await a.engine.syncNow()).toBe(true);

    const fresh = await pairedTablet(server, org, 'boot-new');
    let calls = 0;
    const flaky: Transport = { send: async (req) => { if (++calls === 2) throw new TransportError('offline'); return fresh.transport.send(req); } };
    const seen: number[] = [];
    const opts = { members: fresh.repos.members, store: fresh.store, pairingCursor: fresh.pairing.cursor, pageSize: 2, yieldToTill: async () => {}, onProgress: (p: { membersLoaded: number }) => seen.push(p.membersLoaded) };
    await expect(bootstrapMembers({ ...opts, transport: flaky })).rejects.toThrow(TransportError);
    expect(await fresh.repos.members.bootstrapProgress()).toMatchObject({ membersLoaded: 2, complete: false });
    const done = await bootstrapMembers({ ...opts, transport: fresh.transport });
    expect(done.membersLoaded).toBe(5);
    expect(seen).toEqual([2, 4, 5]);
    expect(await fresh.store.cursor()).toBe(fresh.pairing.cursor);

    // After pairing: a sale on the first tablet reaches the new one on top of the downloaded balance.
    await sell(a, c, first.id, 1000, 0);
    expect(await a.engine.syncNow()).toBe(true);
    expect(await fresh.engine.syncNow()).toBe(true);
    const hit = await fresh.repos.members.byPhone('13800000100');
    expect(hit?.stats.points).toBe((await a.repos.members.get(first.id))?.stats.points);
    expect((await fresh.repos.members.verifyStats(first.id)).ok).toBe(true);
  });

  it('[S13] pairing returns the token and ids and seeds the device; a used code is refused and an empty one never sent', async () => {
    const org = await newOrg(server, 'pairing');
    const { code } = await createPairCode(server.db, org.storeId, server.clock.now);
    const t = createInjectTransport(server.app, { token: () => null, schemaVersion: CURRENT_SCHEMA_VERSION });
    const p = await pairDevice('http://shop.example', code, '  Counter 2 ', t);
    expect(p).toMatchObject({ baseUrl: 'http://shop.example', orgId: org.orgId, storeId: org.storeId });
    expect(p.token.length).toBeGreaterThan(20);
    const repos = createMemoryRepositories();
    await seedFromPairing(repos, p.response);
    expect((await repos.staff.list()).map((s) => s.role)).toEqual(['owner']);
    expect((await repos.settings.get('store'))?.id).toBe(org.storeId);
    await expect(pairDevice('http://shop.example', code, 'Counter 3', t)).rejects.toMatchObject({ code: 'pair_code_invalid' });
    await expect(pairDevice('http://shop.example', ' ', 'Counter 3', t)).rejects.toThrow(RangeError);
  });
});
