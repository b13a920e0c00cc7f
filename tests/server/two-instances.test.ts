// Two server instances on one PostgreSQL (docs/sync-protocol.md S5): concurrent pushes through
// both, pulls through both, and no pull ever misses a change committed out of order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/server/storage/db';
import { openPostgres } from '../../src/server/storage/pg-db';
import { migrate } from '../../src/server/storage/migrations';
import { buildServer } from '../../src/server/app';
import type { Mutation } from '../../src/sync/protocol';
import { api, enroll, freshPostgresUrl, member, orgWithDevice, pairAnother, pullAll, saleMutation, T0 } from './support';

describe('two instances on one PostgreSQL', () => {
  let dbs: Db[] = [];
  let apps: FastifyInstance[] = [];
  beforeAll(async () => {
    const url = await freshPostgresUrl();
    dbs = [openPostgres(url), openPostgres(url)];
    await Promise.all(dbs.map((d) => migrate(d))); // both start together: migrations must not race
    apps = await Promise.all(dbs.map((db) => buildServer({ db, now: () => T0, limits: { pairPerMinute: 1000 } })));
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    for (const d of dbs) await d.close();
  });

  it('[S5] concurrent pushes through two instances: every pull sees every change once, in order', async () => {
    const [app0, app1] = apps as [FastifyInstance, FastifyInstance];
    const [db0] = dbs as [Db];
    const first = await orgWithDevice(app0, db0);
    const devices = [first, ...(await Promise.all([1, 2, 3].map(() => pairAnother(app1, db0, first.storeId))))];
    const SALES = 15;
    const pushes = devices.map(async (d, i) => {
      const m = member(d.storeId, { phone: `1350000000${i}` });
      await api(apps[i % 2] as FastifyInstance, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }]);
      for (let k = 0; k < SALES; k++) {
        const mutation: Mutation = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 100 + k, earn: 1 });
        // Alternate instances per push, as a load balancer would.
        const r = await api(apps[(i + k) % 2] as FastifyInstance, d.token).push(d.deviceId, [{ seq: k + 2, mutation }]);
        expect(r.statusCode).toBe(200);
      }
    });
    const seen: number[] = [];
    let cursor = first.cursor;
    let stop = false;
    const pullers = (async () => {
      let turn = 0;
      while (!stop) {
        const page = await pullAll(apps[turn++ % 2] as FastifyInstance, first.token, cursor, 4);
        seen.push(...page.changes.map((c) => c.seq));
        cursor = page.cursor;
      }
    })();
    await Promise.all(pushes);
    stop = true;
    await pullers;
    seen.push(...(await pullAll(app1, first.token, cursor)).changes.map((c) => c.seq));
    const all = await pullAll(app0, first.token, first.cursor);
    expect(all.changes).toHaveLength(devices.length * (1 + SALES * 2));
    expect(seen).toEqual(all.changes.map((c) => c.seq));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
