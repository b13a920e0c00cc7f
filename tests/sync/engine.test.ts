import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, sell, type Ctx } from './sim/actions';
import { ids } from './sim/records';
import { newOrg, pair, startServer, type SimServer } from './sim/server';
import { Tablet } from './sim/tablet';
import { mulberry32 } from './sim/prng';

let server: SimServer;
beforeAll(async () => { server = await startServer(); }, 60_000);
afterAll(async () => { await server.close(); });

async function twoTablets(name: string) {
  const org = await newOrg(server, name);
  const tablets: Tablet[] = [];
  for (const n of ['a', 'b']) {
    const t = new Tablet(`${name}-${n}-${Math.random()}`, await pair(server, org, `Till ${n}`), server, mulberry32(1));
    await t.open();
    await t.store.initCursor(t.pairing.cursor);
    tablets.push(t);
  }
  const c: Ctx = { id: ids(name), storeId: org.storeId, staffId: org.ownerId, now: () => server.clock.now };
  return { org, tablets: tablets as [Tablet, Tablet], c };
}

describe('client engine, two tablets', () => {
  it('[S4][C-S8][C-S9] a member and a sale made on one tablet reach the other with the same balance', async () => {
    const { tablets: [a, b], c } = await twoTablets('plain');
    const m = await enroll(a, c, '13800000001', 'Li Lei');
    expect(m).not.toBeNull();
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
});
