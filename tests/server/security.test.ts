// Tenancy, authentication, pairing and bad input (docs/sync-protocol.md S1-S3, S13, S14, S17).
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/server/storage/db';
import { buildServer } from '../../src/server/app';
import { addStaff, createOrg, createPairCode, revokeDevice } from '../../src/server/tenancy';
import { PROTOCOL_HEADER, SCHEMA_HEADER, type PairResponse } from '../../src/sync/protocol';
import { api, backends, enroll, member, orgWithDevice, pullAll, saleMutation, T0, VERSION_HEADERS } from './support';

async function countRows(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['members', 'sales', 'ledger', 'mutations', 'changes', 'rejections', 'devices']) {
    const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    out[t] = r?.n ?? -1;
  }
  return out;
}

describe.each(backends)('security on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;
  const logLines: string[] = [];
  beforeAll(async () => {
    ({ db, cleanup } = await backend.open());
    const stream = new Writable({ write(chunk: Buffer, _enc, cb) { logLines.push(chunk.toString()); cb(); } });
    app = await buildServer({ db, now: () => T0, limits: { pairPerMinute: 1000, bodyLimitBytes: 64 * 1024 }, logger: { level: 'trace', stream } });
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('[S1] one organisation never sees another organisation\'s members or changes', async () => {
    const a = await orgWithDevice(app, db, 'Shop A');
    const b = await orgWithDevice(app, db, 'Shop B');
    const ma = member(a.storeId, { phone: '13700000001' });
    await api(app, a.token).push(a.deviceId, [{ seq: 1, mutation: enroll(ma) }]);
    const pulled = await pullAll(app, b.token, '0');
    expect(pulled.changes.map((c) => c.entity)).toEqual(['staff']); // only B's own owner
    const page = (await api(app, b.token).get('/api/members')).json<{ members: unknown[] }>();
    expect(page.members).toEqual([]);
    // B pushing a sale for A's member, in A's store, is rejected: those ids do not exist for B.
    const r = await api(app, b.token).push(b.deviceId, [
      { seq: 1, mutation: saleMutation({ storeId: a.storeId, deviceId: b.deviceId, memberId: ma.id, total: 100 }) },
      { seq: 2, mutation: saleMutation({ storeId: b.storeId, deviceId: b.deviceId, memberId: ma.id, total: 100 }) },
    ]);
    expect(r.json<{ rejected: { code: string }[] }>().rejected.map((x) => x.code)).toEqual(['unknown_store', 'unknown_member']);
    expect((await api(app, b.token).get('/api/exceptions')).json()).toEqual({ exceptions: [] });
    const aSales = await pullAll(app, a.token, a.cursor);
    expect(aSales.changes.map((c) => c.entity)).toEqual(['member']);
  });

  it('[S1] a device cannot push as another organisation\'s device', async () => {
    const a = await orgWithDevice(app, db, 'Shop A');
    const b = await orgWithDevice(app, db, 'Shop B');
    const before = await countRows(db);
    const r = await api(app, b.token).push(a.deviceId, [{ seq: 1, mutation: enroll(member(a.storeId, { phone: '13700000002' })) }]);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'forbidden' });
    expect(await countRows(db)).toEqual(before);
  });

  it('[S14][S21] a device revoked with no handover (a stolen tablet) gets 401 device_revoked and writes nothing', async () => {
    const d = await orgWithDevice(app, db);
    expect(await revokeDevice(db, d.deviceId, T0, { handover: false })).toBe(true);
    const before = await countRows(db);
    const r = await api(app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(member(d.storeId, { phone: '13700000003' })) }]);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'device_revoked' });
    expect((await api(app, d.token).get('/api/pull')).statusCode).toBe(401);
    expect(await countRows(db)).toEqual(before);
  });

  it('[S14] an unknown token gets 401 unauthorized', async () => {
    const r = await api(app, 'x'.repeat(43)).get('/api/pull');
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('[S13] a pairing code works once; a replay is refused and pairs nothing', async () => {
    const org = await createOrg(db, { name: 'Pair', ownerName: 'Li', ownerPin: '4321', now: T0 });
    const { code } = await createPairCode(db, org.storeId, T0);
    const first = await app.inject({ method: 'POST', url: '/api/pair', headers: VERSION_HEADERS, payload: { code, deviceName: 'Till 1' } });
    expect(first.statusCode).toBe(200);
    const paired = first.json<PairResponse>();
    expect(paired.staff).toHaveLength(1);
    expect(paired.staff[0]).toMatchObject({ role: 'owner', pinIterations: 100_000 });
    expect(JSON.stringify(paired)).not.toContain('4321');
    const [stored] = await db.query<{ token_hash: string }>('SELECT token_hash FROM devices WHERE id = $1', [paired.deviceId]);
    expect(stored?.token_hash).not.toBe(paired.token);
    const before = await countRows(db);
    const replay = await app.inject({ method: 'POST', url: '/api/pair', headers: VERSION_HEADERS, payload: { code, deviceName: 'Till 2' } });
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ code: 'pair_code_invalid' });
    expect(await countRows(db)).toEqual(before);
  });

  it('[S13] an expired pairing code is refused', async () => {
    const org = await createOrg(db, { name: 'Old', ownerName: 'Li', ownerPin: '4321', now: T0 });
    const { code } = await createPairCode(db, org.storeId, T0 - 16 * 60 * 1000);
    const r = await app.inject({ method: 'POST', url: '/api/pair', headers: VERSION_HEADERS, payload: { code, deviceName: 'Till' } });
    expect(r.json()).toMatchObject({ code: 'pair_code_invalid' });
  });

  it('[S3] malformed JSON, wrong types and oversized bodies get a 4xx { code, message } and write nothing', async () => {
    const d = await orgWithDevice(app, db);
    const before = await countRows(db);
    const headers = { ...VERSION_HEADERS, authorization: `Bearer ${d.token}`, 'content-type': 'application/json' };
    const malformed = await app.inject({ method: 'POST', url: '/api/push', headers, payload: '{"deviceId": "x", "batch": [' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'invalid_json' });
    const wrongTypes = await api(app, d.token).push(d.deviceId, [{ seq: 'one', mutation: enroll(member(d.storeId)) } as never]);
    expect(wrongTypes.statusCode).toBe(400);
    expect(wrongTypes.json()).toMatchObject({ code: 'invalid_request' });
    const unknownKind = await api(app, d.token).push(d.deviceId, [{ seq: 1, mutation: { kind: 'points.mint', id: 'x', at: T0 } }]);
    expect(unknownKind.statusCode).toBe(400);
    const huge = await api(app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(member(d.storeId, { notes: 'x'.repeat(70_000) })) }]);
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'body_too_large' });
    const badCursor = await api(app, d.token).get('/api/pull?cursor=-1');
    expect(badCursor.json()).toMatchObject({ code: 'invalid_request' });
    for (const r of [malformed, wrongTypes, unknownKind, huge, badCursor]) expect(typeof r.json().message).toBe('string');
    expect(await countRows(db)).toEqual(before);
  });

  it('[S2] a client that is too old gets 426 client_outdated', async () => {
    const d = await orgWithDevice(app, db);
    const old = await app.inject({ method: 'GET', url: '/api/pull', headers: { authorization: `Bearer ${d.token}`, [PROTOCOL_HEADER]: '0', [SCHEMA_HEADER]: '1' } });
    expect(old.statusCode).toBe(426);
    expect(old.json()).toMatchObject({ code: 'client_outdated' });
    const none = await app.inject({ method: 'GET', url: '/api/pull', headers: { authorization: `Bearer ${d.token}` } });
    expect(none.statusCode).toBe(426);
  });

  it('[S17] no phone numbers or names reach the log', async () => {
    const d = await orgWithDevice(app, db);
    const m = member(d.storeId, { phone: '13912349876', name: '欧阳娜娜', nameKey: '欧阳娜娜' });
    await api(app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }]);
    await api(app, d.token).push(d.deviceId, [{ seq: 3, mutation: enroll(m) }]);
    await api(app, d.token).push(d.deviceId, [{ seq: 2, mutation: { kind: 'member.upsert', id: 'bad', at: T0, member: { phone: '13912349876' } } }]);
    await api(app, d.token).get('/api/members');
    await pullAll(app, d.token, '0');
    const log = logLines.join('');
    expect(log).toContain('/api/push'); // the log is on, and records requests
    expect(log).not.toContain('13912349876');
    expect(log).not.toContain('欧阳娜娜');
    expect(log).not.toContain('Owner Wang');
    expect(log).not.toContain(d.token);
  });

  it('[S3] the OpenAPI document is generated from the request schemas', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = r.json<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/pair', '/api/push', '/api/pull', '/api/members', '/api/programme']));
    expect(Object.keys(doc.paths['/api/push']?.post?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(['deviceId', 'batch', 'pending']);
  });

  it('[S20] rejections and exceptions need a manager or owner with their PIN; a cashier, a wrong PIN or the bare device get 403', async () => {
    const d = await orgWithDevice(app, db);
    const cashier = await addStaff(db, d.orgId, { name: 'Cashier Li', role: 'cashier', pin: '55556666' });
    const manager = await addStaff(db, d.orgId, { name: 'Manager Zhao', role: 'manager', pin: '86420975' });
    const other = await orgWithDevice(app, db, 'Shop B');
    for (const url of ['/api/rejections', '/api/exceptions']) {
      const refused = [
        await api(app, d.token).getAs(url, null),
        await api(app, d.token).getAs(url, { staffId: cashier, pin: '55556666' }),
        await api(app, d.token).getAs(url, { staffId: manager, pin: '00000000' }),
        await api(app, d.token).getAs(url, { staffId: other.ownerId, pin: '1234' }), // another organisation's owner
      ];
      for (const r of refused) {
        expect(r.statusCode, url).toBe(403);
        expect(r.json<{ code: string; message: string }>()).toMatchObject({ code: 'forbidden', message: expect.any(String) });
      }
      const ok = await api(app, d.token).getAs(url, { staffId: manager, pin: '86420975' });
      expect(ok.statusCode, url).toBe(200);
      expect((await api(app, d.token).getAs(url, { staffId: d.ownerId, pin: '1234' })).statusCode).toBe(200);
    }
    expect(logLines.join('')).not.toContain('86420975');
  });

  describe('forged forwarding headers', () => {
    const ATTACKER = '203.0.113.66';
    const VICTIM = '198.51.100.7';
    const bad = (a: FastifyInstance, from: string, forwarded: string) => a.inject({
      method: 'GET', url: '/api/pull', remoteAddress: from,
      headers: { ...VERSION_HEADERS, authorization: `Bearer ${'x'.repeat(43)}`, 'x-forwarded-for': forwarded },
    });
    async function strict<T>(opts: { trustProxy?: string[] }, run: (a: FastifyInstance) => Promise<T>): Promise<T> {
      const a = await buildServer({ db, now: () => T0, logger: false, limits: { pairPerMinute: 2, authFailuresPerMinute: 3 }, ...opts });
      try { return await run(a); } finally { await a.close(); }
    }

    it('[S13] a new X-Forwarded-For on every try does not escape the failed-token limit', async () => {
      await strict({}, async (a) => {
        for (let i = 0; i < 3; i++) expect((await bad(a, ATTACKER, `10.9.0.${i}`)).statusCode).toBe(401);
        const r = await bad(a, ATTACKER, '10.9.0.99');
        expect(r.statusCode).toBe(429);
        expect(r.json()).toMatchObject({ code: 'rate_limited' });
      });
    });

    it('[S13] a forged X-Forwarded-For naming a tablet\'s address does not lock that tablet out', async () => {
      await strict({}, async (a) => {
        const d = await orgWithDevice(app, db);
        for (let i = 0; i < 5; i++) await bad(a, ATTACKER, VICTIM);
        const r = await a.inject({ method: 'GET', url: '/api/pull?cursor=0', remoteAddress: VICTIM, headers: { ...VERSION_HEADERS, authorization: `Bearer ${d.token}` } });
        expect(r.statusCode).toBe(200);
      });
    });

    it('[S13] pairing codes cannot be guessed faster by forging X-Forwarded-For', async () => {
      await strict({}, async (a) => {
        const tries = [];
        for (let i = 0; i < 4; i++) {
          tries.push((await a.inject({ method: 'POST', url: '/api/pair', remoteAddress: ATTACKER, headers: { ...VERSION_HEADERS, 'x-forwarded-for': `10.8.0.${i}` },
            payload: { code: `000000000${i}`, deviceName: 'Guess' } })).statusCode);
        }
        expect(tries).toEqual([400, 400, 429, 429]);
      });
    });

    it('[S13] behind a proxy named in TRUST_PROXY, each client it forwards is limited on its own; others\' headers are still ignored', async () => {
      await strict({ trustProxy: ['192.0.2.10'] }, async (a) => {
        for (let i = 0; i < 3; i++) expect((await bad(a, '192.0.2.10', ATTACKER)).statusCode).toBe(401);
        expect((await bad(a, '192.0.2.10', ATTACKER)).statusCode).toBe(429);
        expect((await bad(a, '192.0.2.10', VICTIM)).statusCode).toBe(401); // another client behind the proxy
        for (let i = 0; i < 3; i++) await bad(a, '203.0.113.5', `10.7.0.${i}`); // not the proxy: keyed by its own address
        expect((await bad(a, '203.0.113.5', '10.7.0.9')).statusCode).toBe(429);
      });
    });
  });

  it('[S14][S20] revoking a device and the other admin operations are not device endpoints: a device token gets 403', async () => {
    const admin = await buildServer({ db, now: () => T0, logger: false, adminSecret: 'a-long-admin-secret' });
    try {
      const d = await orgWithDevice(admin, db);
      for (const cmd of ['revoke-device', 'pair-code', 'backup']) {
        const r = await admin.inject({ method: 'POST', url: `/api/admin/${cmd}`, headers: { ...VERSION_HEADERS, authorization: `Bearer ${d.token}` }, payload: { device: d.deviceId } });
        expect(r.statusCode, cmd).toBe(403);
        expect(r.json<{ code: string }>().code).toBe('forbidden');
      }
      expect((await api(admin, d.token).get('/api/pull?cursor=0')).statusCode).toBe(200); // the device still works: nothing was revoked
    } finally {
      await admin.close();
    }
  });
});
