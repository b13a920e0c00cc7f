// Push and pull (docs/sync-protocol.md S4-S8), run against PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import type { Mutation, PushResponse } from '../../src/sync/protocol';
import { api, backends, enroll, member, orgWithDevice, pairAnother, pullAll, saleMutation, T0, serverOn } from './support';

describe.each(backends)('push and pull on $name', (backend) => {
  const server = serverOn(backend);

  it('[S4] applies a batch and acknowledges it through its last seq', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId);
    const r = await api(server.app, d.token).push(d.deviceId, [
      { seq: 1, mutation: enroll(m) },
      { seq: 2, mutation: saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 12_000, earn: 120 }) },
    ]);
    expect(r.statusCode).toBe(200);
    expect(r.json<PushResponse>()).toEqual({ ackedThrough: 2, rejected: [] });
    const { changes } = await pullAll(server.app, d.token, d.cursor);
    expect(changes.map((c) => c.entity)).toEqual(['member', 'sale', 'ledger']);
  });

  it('[S4] the same batch pushed twice is applied once', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId);
    const batch = [
      { seq: 1, mutation: enroll(m) },
      { seq: 2, mutation: saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 5_000, earn: 50 }) },
    ];
    const first = await api(server.app, d.token).push(d.deviceId, batch);
    const again = await api(server.app, d.token).push(d.deviceId, batch);
    expect(first.json()).toEqual({ ackedThrough: 2, rejected: [] });
    expect(again.json()).toEqual({ ackedThrough: 2, rejected: [] });
    const { changes } = await pullAll(server.app, d.token, d.cursor);
    expect(changes.filter((c) => c.entity === 'sale')).toHaveLength(1);
    const page = (await api(server.app, d.token).get('/api/members')).json<{ members: { stats: { points: number; visits: number } }[] }>();
    expect(page.members[0]?.stats).toMatchObject({ points: 50, visits: 1 });
  });

  it('[S12] a members page says which feed position its totals include, so a new tablet does not count a sale twice', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId);
    await api(server.app, d.token).push(d.deviceId, [
      { seq: 1, mutation: enroll(m) },
      { seq: 2, mutation: saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 8_000, earn: 80 }) },
    ]);
    const { changes } = await pullAll(server.app, d.token, d.cursor);
    const lastSeq = Math.max(...changes.map((c) => c.seq));
    const page = (await api(server.app, d.token).get('/api/members')).json<{ asOf: string; members: { stats: { points: number } }[] }>();
    expect(page.members[0]?.stats.points).toBe(80);
    expect(Number(page.asOf)).toBe(lastSeq);
  });

  it('[S4] refuses a gap with the seq it expects, and writes nothing of the batch', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId);
    await api(server.app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }]);
    const r = await api(server.app, d.token).push(d.deviceId, [
      { seq: 2, mutation: saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 100 }) },
      { seq: 4, mutation: saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 100 }) },
    ]);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'seq_gap', expectedSeq: 3 });
    const { changes } = await pullAll(server.app, d.token, d.cursor);
    expect(changes.map((c) => c.entity)).toEqual(['member']);
  });

  it('[S6] refuses the same mutation id with another payload', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId);
    const mut = enroll(m);
    await api(server.app, d.token).push(d.deviceId, [{ seq: 1, mutation: mut }]);
    const changed = { ...mut, member: { ...m, notes: 'changed' } } as Mutation;
    const same = await api(server.app, d.token).push(d.deviceId, [{ seq: 1, mutation: changed }]);
    expect(same.statusCode).toBe(409);
    expect(same.json()).toMatchObject({ code: 'mutation_conflict' });
    const renumbered = await api(server.app, d.token).push(d.deviceId, [{ seq: 2, mutation: changed }]);
    expect(renumbered.statusCode).toBe(409);
    expect(renumbered.json()).toMatchObject({ code: 'mutation_conflict' });
  });

  it('[S8] a mutation that breaks the rules is recorded as rejected and does not block the queue', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId);
    const bad = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: 'no-such-member', total: 100 });
    const broken = { kind: 'sale.record', id: 'mut-broken', at: T0, sale: { id: 'x' }, ledger: [], coupons: [] };
    const joined = enroll(m);
    const r = await api(server.app, d.token).push(d.deviceId, [
      { seq: 1, mutation: bad },
      { seq: 2, mutation: broken },
      { seq: 3, mutation: joined },
    ]);
    expect(r.statusCode).toBe(200);
    const body = r.json<PushResponse>();
    expect(body.ackedThrough).toBe(3);
    expect(body.rejected.map((x) => [x.seq, x.code])).toEqual([[1, 'unknown_member'], [2, 'invalid_mutation']]);
    const list = (await api(server.app, d.token).get('/api/rejections')).json<{ rejections: { mutationId: string }[] }>();
    expect(list.rejections.map((x) => x.mutationId).sort()).toEqual([bad.id, 'mut-broken'].sort());
    const { changes } = await pullAll(server.app, d.token, d.cursor);
    expect(changes.map((c) => c.entity)).toEqual(['member']);
    // The answer was lost and the device pushes the batch again: it hears of the rejections again, and nothing is applied twice.
    const again = (await api(server.app, d.token).push(d.deviceId, [{ seq: 1, mutation: bad }, { seq: 2, mutation: broken }, { seq: 3, mutation: joined }])).json<PushResponse>();
    expect(again.ackedThrough).toBe(3);
    expect(again.rejected.map((x) => [x.seq, x.code, x.mutationId])).toEqual([[1, 'unknown_member', bad.id], [2, 'invalid_mutation', 'mut-broken']]);
    expect((await pullAll(server.app, d.token, d.cursor)).changes.map((c) => c.entity)).toEqual(['member']);
  });

  it('[S5] pull pages through every change in order, with a cursor the server assigns', async () => {
    const d = await orgWithDevice(server.app, server.db);
    const m = member(d.storeId);
    const batch = [{ seq: 1, mutation: enroll(m) as Mutation }];
    for (let i = 0; i < 24; i++) batch.push({ seq: i + 2, mutation: saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 100, earn: 1 }) });
    await api(server.app, d.token).push(d.deviceId, batch);
    const { changes, cursor } = await pullAll(server.app, d.token, d.cursor, 7);
    expect(changes).toHaveLength(1 + 24 * 2);
    const seqs = changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(Number(cursor)).toBe(seqs[seqs.length - 1]);
    const after = (await api(server.app, d.token).get(`/api/pull?cursor=${cursor}`)).json();
    expect(after).toEqual({ changes: [], cursor, more: false });
  });

  it('[S5] concurrent pushes from several devices: every pull sees every change exactly once', async () => {
    const a = await orgWithDevice(server.app, server.db);
    const others = [await pairAnother(server.app, server.db, a.storeId), await pairAnother(server.app, server.db, a.storeId)];
    const devices = [a, ...others];
    const seen: number[] = [];
    let cursor = a.cursor;
    const pushes = devices.map(async (d) => {
      const m = member(d.storeId, { phone: `1390000000${devices.indexOf(d)}` });
      let seq = 1;
      await api(server.app, d.token).push(d.deviceId, [{ seq: seq++, mutation: enroll(m) }]);
      for (let i = 0; i < 6; i++) {
        await api(server.app, d.token).push(d.deviceId, [{ seq: seq++, mutation: saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 100, earn: 1 }) }]);
      }
    });
    const puller = (async () => {
      for (let i = 0; i < 10; i++) {
        const page = await pullAll(server.app, a.token, cursor, 5);
        seen.push(...page.changes.map((c) => c.seq));
        cursor = page.cursor;
      }
    })();
    await Promise.all([...pushes, puller]);
    const rest = await pullAll(server.app, a.token, cursor);
    seen.push(...rest.changes.map((c) => c.seq));
    const all = await pullAll(server.app, a.token, a.cursor);
    expect(all.changes).toHaveLength(3 * (1 + 6 * 2));
    expect(seen).toEqual(all.changes.map((c) => c.seq));
  });
});
