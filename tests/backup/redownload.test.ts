// [SH5] A paired till whose browser cleared its database downloads everything again from the server:
// the store, the staff (PIN hashes and roles: they can sign in), every programme version and the active
// one, the members with their points, and the outbox sequence, so its next sale is not taken for a
// duplicate of one the server already holds. Real server in-process (PGlite), real Dexie (fake-indexeddb).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { migrate } from '../../src/server/storage/migrations';
import { openPglite, type PgliteDb } from '../../src/server/storage/pglite-db';
import { addStaff, createOrg, createPairCode, listStaff } from '../../src/server/tenancy';
import { CURRENT_SCHEMA_VERSION, RegularsDb } from '../../src/db/database';
import { createDexieRepositories } from '../../src/db/dexie-repositories';
import { DexieSyncStore } from '../../src/db/dexie-sync-store';
import { createMemoryRepositories } from '../../src/db/memory-repositories';
import type { Repositories } from '../../src/db/repositories';
import { zeroStats } from '../../src/db/write-rules';
import { DEFAULT_PROGRAMME } from '../../src/domain/programme';
import { checkStaffPin } from '../../src/app/staff-auth';
import { bootstrapMembers } from '../../src/sync/bootstrap';
import { createSyncEngine } from '../../src/sync/engine';
import { pairDevice, seedFromPairing, type Pairing } from '../../src/sync/pairing';
import { createInjectTransport, type Transport } from '../../src/sync/transport';
import { ledgerEntry, newMember } from '../sync/sim/records';

const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);
let db: PgliteDb;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  app = await buildServer({ db, logger: false, now: () => T0 });
}, 120_000);
afterAll(async () => {
  await app.close();
  await db.close();
});

interface Till { db: RegularsDb; repos: Repositories; store: DexieSyncStore }

async function openTill(name: string): Promise<Till> {
  const tdb = new RegularsDb(name);
  await tdb.open();
  return { db: tdb, repos: createDexieRepositories(tdb), store: new DexieSyncStore(tdb) };
}

/** An owner's programme version saved on the server (as PUT /api/programme stores it). */
async function serverProgramme(orgId: string, version: number, pointsPerUnit: number): Promise<void> {
  const config = { ...DEFAULT_PROGRAMME, version, name: `v${version}`, earn: { ...DEFAULT_PROGRAMME.earn, pointsPerUnit } };
  await db.query('INSERT INTO programmes (org_id, version, config, created_at, created_by) VALUES ($1, $2, $3::jsonb, $4, NULL)',
    [orgId, version, JSON.stringify(config), T0 + version]);
}

/** Enrols a member with a 50-point welcome bonus on the till (writer: facts and outbox row together). */
async function enroll(t: Till, deviceId: string, storeId: string, id: string, phone: string): Promise<void> {
  const m = newMember({ id, phone, name: `Member ${id}`, storeId, deviceId, at: T0 });
  // As the till books it (domain/enrollment.ts): reason 'enroll', on the member it welcomes (S22).
  const bonus = { ...ledgerEntry({ id: `${id}-bonus`, memberId: id, kind: 'bonus', pts: 50, at: T0, sourceId: id, deviceId }), reason: 'enroll' };
  await t.repos.writer.enroll({ member: m, stats: zeroStats(id), ledger: [bonus], coupons: [], opId: `${id}-op` });
}

async function push(t: Till, p: Pairing, transport: Transport): Promise<void> {
  const engine = createSyncEngine({ transport, deviceId: p.deviceId, outbox: t.repos.outbox, store: t.store });
  expect(await engine.syncNow()).toBe(true);
  engine.stop();
  expect(await t.repos.outbox.count(), 'everything reached the server').toBe(0);
}

describe('re-download after eviction', () => {
  it('[SH5][S12a] an evicted paired till gets back store, staff with PINs and roles, programme versions, members, and continues its outbox seqs', async () => {
    const org = await createOrg(db, { name: 'Tea House', ownerName: 'Wang', ownerPin: '2468', now: T0 });
    const cashierId = await addStaff(db, org.orgId, { name: 'Li', role: 'cashier', pin: '1357' });
    await serverProgramme(org.orgId, 1, 1);
    const { code } = await createPairCode(db, org.storeId, T0);
    const pairing = await pairDevice('http://server', code, 'Front till', createInjectTransport(app, { token: () => null, schemaVersion: CURRENT_SCHEMA_VERSION }));
    const transport = createInjectTransport(app, { token: () => pairing.token, schemaVersion: CURRENT_SCHEMA_VERSION });
    const name = `regulars-${pairing.orgId}-${pairing.deviceId}`;

    // The till as paired: seeded from the pairing answer, members downloaded, three members enrolled and pushed.
    let till = await openTill(name);
    await seedFromPairing(till.repos, pairing.response);
    await bootstrapMembers({ transport, members: till.repos.members, setup: till.repos, store: till.store, pairingCursor: pairing.cursor, yieldToTill: async () => {} });
    for (const i of [1, 2, 3]) await enroll(till, pairing.deviceId, org.storeId, `m${i}`, `1380000000${i}`);
    await push(till, pairing, transport);
    const sentSeqs = (await till.repos.outbox.nextSeq()) - 1;
    const held = await db.query<{ last_seq: number }>('SELECT last_seq FROM devices WHERE id = $1', [pairing.deviceId]);
    expect(Number(held[0]?.last_seq), 'the server holds every seq the till sent').toBe(sentSeqs);
    // After pairing the owner adds a manager and a programme version: the till learns of them only from the server.
    const managerId = await addStaff(db, org.orgId, { name: 'Zhao', role: 'manager', pin: '8642' });
    await serverProgramme(org.orgId, 2, 2);

    // The browser clears the till's database; the pairing (kept apart, in idb-keyval) survives.
    till.db.close();
    await till.db.delete();
    till = await openTill(name);
    expect(await till.repos.staff.list()).toEqual([]);

    await bootstrapMembers({ transport, members: till.repos.members, setup: till.repos, store: till.store, pairingCursor: pairing.cursor, yieldToTill: async () => {} });

    const store = await till.repos.settings.get('store');
    expect(store).toMatchObject({ id: org.storeId, name: 'Tea House' });
    const onServer = await listStaff(db, org.orgId);
    const local = await till.repos.staff.list();
    expect(local.map((s) => ({ id: s.id, role: s.role, pinHash: s.pinHash, pinSalt: s.pinSalt })).sort((a, b) => a.id.localeCompare(b.id)))
      .toEqual(onServer.map((s) => ({ id: s.id, role: s.role, pinHash: s.pinHash, pinSalt: s.pinSalt })).sort((a, b) => a.id.localeCompare(b.id)));
    expect(local.map((s) => s.role).sort()).toEqual(['cashier', 'manager', 'owner']);
    // Staff can sign in with their PINs, and a wrong PIN is still refused.
    expect(await checkStaffPin(till.repos, cashierId, '1357', T0)).toMatchObject({ ok: true });
    expect(await checkStaffPin(till.repos, managerId, '8642', T0, 'manager')).toMatchObject({ ok: true });
    expect(await checkStaffPin(till.repos, org.ownerId, '0000', T0)).toMatchObject({ ok: false, reason: 'wrong' });
    expect(await till.repos.programmes.versions()).toEqual([1, 2]);
    expect(await till.repos.settings.get('activeProgrammeVersion')).toBe(2);
    expect((await till.repos.programmes.get(2))?.config).toMatchObject({ earn: { pointsPerUnit: 2 } });
    for (const i of [1, 2, 3]) expect((await till.repos.members.byPhone(`1380000000${i}`))?.stats.points).toBe(50);

    // The next write continues after the server's last seq: the server applies it (not a duplicate).
    expect(await till.repos.outbox.nextSeq()).toBe(sentSeqs + 1);
    // Receipts are numbered on after every seq the till sent (each sale was one), so none repeats.
    expect(await till.repos.settings.get('receiptCounter')).toBe(sentSeqs);
    await enroll(till, pairing.deviceId, org.storeId, 'm4', '13800000004');
    await push(till, pairing, transport);
    const m4 = await db.query<{ id: string }>('SELECT id FROM members WHERE org_id = $1 AND id = $2', [org.orgId, 'm4']);
    expect(m4, 'the sale after the re-download reached the server').toHaveLength(1);
    till.db.close();
  });

  it('[SH5] the outbox counter only moves forward, and never while changes wait', async () => {
    const repos = createMemoryRepositories();
    await repos.outbox.continueAfter(7);
    expect(await repos.outbox.nextSeq()).toBe(8);
    await repos.outbox.continueAfter(3);
    expect(await repos.outbox.nextSeq(), 'never lowered').toBe(8);
    await repos.writer.enroll({ member: newMember({ id: 'x', phone: '13800000009', name: 'X', storeId: 's', deviceId: 'd', at: T0 }), stats: zeroStats('x'), ledger: [], coupons: [], opId: 'op' });
    await expect(repos.outbox.continueAfter(20)).rejects.toThrow(/wait/);
    expect(await repos.outbox.nextSeq()).toBe(9);
    await expect(repos.outbox.continueAfter(-1)).rejects.toThrow();
  });
});
