// Poison input (docs/sync-protocol.md S23, S8, S4): whatever a client sends ends as a clear 4xx or the
// rejection of that one mutation; nothing of it is written and the tablet's later batches go through.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/storage/db';
import { readChanges } from '../../src/server/sync/change-feed';
import { createPairCode } from '../../src/server/tenancy';
import { PULL_PAGE_BYTES, type Mutation, type PushResponse } from '../../src/sync/protocol';
import { api, backends, enroll, entry, member, orgWithDevice, pullAll, saleMutation, serverOn, T0, VERSION_HEADERS, type Paired } from './support';

async function countRows(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['members', 'sales', 'ledger', 'mutations', 'changes', 'rejections', 'devices', 'member_stats']) {
    const [r] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`);
    out[t] = r?.n ?? -1;
  }
  return out;
}

const audit = (deviceId: string, id: string): Mutation => ({
  kind: 'audit.append', id: `mut-${id}`, at: T0, entry: { id, at: T0, staffId: null, deviceId, action: 'override', subjectId: null, detail: 'ok' },
});

describe.each(backends)('poison input on $name', (backend) => {
  const s = serverOn(backend);

  /** Pushes `bad` at seq 1 with a good mutation after it, then a later batch: both good ones go through, nothing of `bad` is kept. */
  async function rejectedAlone(d: Paired, bad: Mutation | Record<string, unknown>): Promise<PushResponse['rejected'][number]> {
    const before = await countRows(s.db);
    const r = await api(s.app, d.token).push(d.deviceId, [{ seq: 1, mutation: bad }, { seq: 2, mutation: audit(d.deviceId, 'a-after') }]);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<PushResponse>();
    expect(body.ackedThrough).toBe(2);
    expect(body.rejected.map((x) => x.seq)).toEqual([1]);
    const later = await api(s.app, d.token).push(d.deviceId, [{ seq: 3, mutation: audit(d.deviceId, 'a-later') }]);
    expect(later.json()).toEqual({ ackedThrough: 3, rejected: [] });
    const { changes } = await pullAll(s.app, d.token, d.cursor);
    expect(changes.map((c) => c.id)).toEqual(['a-after', 'a-later']);
    const after = await countRows(s.db);
    expect(after).toEqual({ ...before, mutations: before.mutations! + 3, changes: before.changes! + 2, rejections: before.rejections! + 1 });
    // The manager's sync issues screen lists it (C-S15).
    const list = (await api(s.app, d.token).get('/api/rejections')).json<{ rejections: { seq: number; code: string }[] }>();
    expect(list.rejections.map((x) => [x.seq, x.code])).toEqual([[1, body.rejected[0]!.code]]);
    return body.rejected[0]!;
  }

  it('[S23] a NUL in a member\'s name is rejected (invalid_text), nothing written, the mutations after it go through', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const r = await rejectedAlone(d, enroll(member(d.storeId, { name: '张\u0000三' })));
    expect(r).toMatchObject({ code: 'invalid_text', message: expect.stringContaining('member.name') });
  });

  it('[S23] a lone surrogate (half an emoji) in a name, a note or a profile key is rejected (invalid_text)', async () => {
    for (const over of [{ name: 'Ann \ud83d' }, { notes: '\udc00' }, { profile: { ['size\ud800']: 'M' } }]) {
      const d = await orgWithDevice(s.app, s.db);
      expect((await rejectedAlone(d, enroll(member(d.storeId, over)))).code).toBe('invalid_text');
    }
  });

  it('[S23] a NUL in a mutation id or a pairing device name is a clear 400 and writes nothing', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const before = await countRows(s.db);
    const r = await api(s.app, d.token).push(d.deviceId, [{ seq: 1, mutation: { ...audit(d.deviceId, 'x'), id: 'mut\u0000' } }]);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('batch.0.mutation.id') });
    const { code } = await createPairCode(s.db, d.storeId, T0);
    const pair = (deviceName: string) => s.app.inject({ method: 'POST', url: '/api/pair', headers: VERSION_HEADERS, payload: { code, deviceName } });
    for (const name of ['Till\u0000', 'Till \ud800']) {
      const p = await pair(name);
      expect(p.statusCode).toBe(400);
      expect(p.json()).toMatchObject({ code: 'invalid_request' });
    }
    expect(await countRows(s.db)).toEqual(before);
    expect((await pair('Till 2')).statusCode).toBe(200); // the code was not used up
    expect((await api(s.app, d.token).get('/api/members?after=%00')).statusCode).toBe(400);
  });

  it('[S23] a member sale timed beyond the Date range, or a year ahead, is rejected; so is businessDate 2026-13-45', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const m = member(d.storeId);
    expect((await api(s.app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }])).statusCode).toBe(200);
    const sale = (p: { at?: number; businessDate?: string }) => {
      const x = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 1_000, earn: 10, programmeVersion: 1, at: p.at }) as Mutation & { kind: 'sale.record' };
      return { ...x, sale: { ...x.sale, businessDate: p.businessDate ?? x.sale.businessDate } };
    };
    const r = await api(s.app, d.token).push(d.deviceId, [
      { seq: 2, mutation: sale({ at: 8.64e15 + 1 }) },
      { seq: 3, mutation: sale({ at: T0 + 365 * 86_400_000 }) },
      { seq: 4, mutation: sale({ businessDate: '2026-13-45' }) },
      { seq: 5, mutation: sale({ at: T0 + 3_600_000, businessDate: '2026-06-02' }) }, // an hour ahead: a tablet's clock, accepted
      { seq: 6, mutation: sale({ businessDate: '2027-06-01' }) },
    ]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<PushResponse>().rejected.map((x) => [x.seq, x.code])).toEqual([[2, 'out_of_range'], [3, 'time_ahead'], [4, 'invalid_date'], [6, 'time_ahead']]);
    const { changes } = await pullAll(s.app, d.token, d.cursor);
    expect(changes.filter((c) => c.entity === 'sale').map((c) => c.data.businessDate)).toEqual(['2026-06-02']);
    const [stats] = await s.db.query<{ points: number; visits: number }>('SELECT points, visits FROM member_stats WHERE member_id = $1', [m.id]);
    expect(stats).toEqual({ points: 10, visits: 1 });
  });

  it('[S23] points past PostgreSQL\'s int8 are rejected (out_of_range) and the balance stays what it was', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const m = member(d.storeId);
    const earned = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 1_000, earn: 10, programmeVersion: 1 });
    expect((await api(s.app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: earned }])).json()).toEqual({ ackedThrough: 2, rejected: [] });
    // 2^53 − 1 points an entry: 1,025 of them pass 2^63.
    const huge = (n: number): Mutation => ({ kind: 'ledger.append', id: `la-${n}`, at: T0, entries: Array.from({ length: 500 }, () => entry(m.id, 'bonus', Number.MAX_SAFE_INTEGER, null, d.deviceId)) });
    const r = await api(s.app, d.token).push(d.deviceId, [3, 4, 5].map((seq) => ({ seq, mutation: huge(seq) })).concat({ seq: 6, mutation: audit(d.deviceId, 'a-after') }));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<PushResponse>().rejected.map((x) => [x.seq, x.code])).toEqual([[3, 'out_of_range'], [4, 'out_of_range'], [5, 'out_of_range']]);
    const [stats] = await s.db.query<{ points: number }>('SELECT points FROM member_stats WHERE member_id = $1', [m.id]);
    expect(stats?.points).toBe(10);
  });

  it('[S23] a body nested 20,000 levels deep is 400 invalid_request, writes nothing, and the next push goes through', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const before = await countRows(s.db);
    const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const payload = `{"deviceId":${JSON.stringify(d.deviceId)},"batch":[{"seq":1,"mutation":{"kind":"audit.append","id":"m-deep","at":${T0},"entry":${deep}}}]}`;
    const headers = { ...VERSION_HEADERS, authorization: `Bearer ${d.token}`, 'content-type': 'application/json' };
    const r = await s.app.inject({ method: 'POST', url: '/api/push', headers, payload });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('nested deeper') });
    expect(await countRows(s.db)).toEqual(before);
    const ok = await api(s.app, d.token).push(d.deviceId, [{ seq: 1, mutation: audit(d.deviceId, 'a-1') }]);
    expect(ok.json()).toEqual({ ackedThrough: 1, rejected: [] });
  });

  it('[S23] a record with a field the protocol does not name (1 MB of it) is rejected (unknown_field), never stored or sent', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const m = { ...member(d.storeId), extra: 'x'.repeat(1_000_000) };
    const r = await rejectedAlone(d, enroll(m));
    expect(r).toMatchObject({ code: 'unknown_field', message: expect.stringContaining('member') });
    const [row] = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM members WHERE id = $1', [m.id]);
    expect(row?.n).toBe(0);
  });

  it('[S4][S6] two different mutations under one new seq in a batch are refused (409 mutation_conflict), nothing written', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const before = await countRows(s.db);
    const a = audit(d.deviceId, 'a-1'), b = audit(d.deviceId, 'a-2');
    const r = await api(s.app, d.token).push(d.deviceId, [{ seq: 1, mutation: a }, { seq: 1, mutation: b }]);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'mutation_conflict', message: expect.stringContaining('seq 1') });
    expect(await countRows(s.db)).toEqual(before);
    // The same mutation twice under its seq is the same outbox row sent twice: applied once.
    const twice = await api(s.app, d.token).push(d.deviceId, [{ seq: 1, mutation: a }, { seq: 1, mutation: a }, { seq: 2, mutation: b }]);
    expect(twice.json()).toEqual({ ackedThrough: 2, rejected: [] });
    expect((await pullAll(s.app, d.token, d.cursor)).changes.map((c) => c.id)).toEqual(['a-1', 'a-2']);
  });

  it('[S23] a pull page stops once its changes reach PULL_PAGE_BYTES, with at least one change, and pages through them all', async () => {
    const d = await orgWithDevice(s.app, s.db);
    // The largest member the schemas allow is about 110 KB: 30 of them are over 3 MB.
    const profile = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`field${i}`, 'x'.repeat(1000)]));
    const big = Array.from({ length: 30 }, (_, i) => member(d.storeId, { phone: `1370000${String(i).padStart(4, '0')}`, notes: 'n'.repeat(4000), profile }));
    for (let i = 0; i < 30; i += 10) {
      const r = await api(s.app, d.token).push(d.deviceId, big.slice(i, i + 10).map((m, j) => ({ seq: i + j + 1, mutation: enroll(m) })));
      expect(r.json(), r.body).toEqual({ ackedThrough: i + 10, rejected: [] });
    }
    const first = await api(s.app, d.token).get(`/api/pull?cursor=${d.cursor}&limit=1000`);
    const page = first.json<{ changes: { id: string }[]; more: boolean }>();
    expect(page.more).toBe(true);
    expect(page.changes.length).toBeGreaterThan(1);
    expect(page.changes.length).toBeLessThan(30);
    expect(first.body.length).toBeLessThan(PULL_PAGE_BYTES + 200_000);
    expect((await pullAll(s.app, d.token, d.cursor, 1000)).changes.map((c) => c.id)).toEqual(big.map((m) => m.id));
    // A budget smaller than one change still gives one change a page.
    const orgId = d.orgId;
    const one = await readChanges(s.db, orgId, Number(d.cursor), 1000, 1);
    expect(one.changes.map((c) => c.id)).toEqual([big[0]!.id]);
    expect(one.more).toBe(true);
  });
});
