/**
 * One seeded simulation run: several tablets do a few hundred cashier actions while syncing through
 * a faulty network and crashing now and then; then the network heals and everyone syncs to the end.
 * Everything random comes from the seed, so a failing seed replays exactly.
 */
import { NO_FAULTS, type FaultRates } from '../../../src/sync/fault-transport';
import { editNotes, enroll, giveBack, sell, type Ctx } from './actions';
import { convergenceProblems } from './checks';
import { rng } from './prng';
import { ids } from './records';
import { newOrg, pair, type SimServer } from './server';
import { Tablet } from './tablet';

export interface SimResult {
  problems: string[];
  sales: number;
  faults: Record<string, number>;
  crashes: number;
  /** Server exceptions by kind: duplicate phones merged, overdrafts booked. */
  exceptions: Record<string, number>;
  /** Mutations the server rejected (returns beyond the sale, made on two offline tablets). */
  rejected: number;
}

const FAULTS: FaultRates = { dropRequest: 0.1, dropResponse: 0.1, duplicate: 0.1, reorder: 0.1, delay: 0.1 };
const PHONES = Array.from({ length: 10 }, (_, i) => `139000000${String(i).padStart(2, '0')}`);

export async function runSimulation(server: SimServer, seed: number, steps: number, tabletCount = 3): Promise<SimResult> {
  const r = rng(seed);
  const org = await newOrg(server, `sim-${seed}`);
  const tablets: Tablet[] = [];
  for (let i = 0; i < tabletCount; i++) {
    const t = new Tablet(`sim-${seed}-${i}-${org.orgId}`, await pair(server, org, `Till ${i}`), server, r.next, FAULTS);
    await t.open();
    await t.store.initCursor(t.pairing.cursor);
    tablets.push(t);
  }
  const c: Ctx = { id: ids(`s${seed}`), storeId: org.storeId, staffId: org.ownerId, now: () => server.clock.now };
  const sales: string[] = [];
  const ownSales = new Map<Tablet, string[]>();
  let crashes = 0;
  try {
    for (let step = 0; step < steps; step++) {
      server.clock.now += r.int(1_000, 60_000);
      const t = r.pick(tablets);
      const members = (await t.db.members.toCollection().primaryKeys());
      const roll = r.next();
      if (roll < 0.12) {
        await enroll(t, c, r.pick(PHONES), r.pick(['Wang Fang', 'Li Na', 'Zhang Wei', 'Liu Yang']));
      } else if (roll < 0.5) {
        const memberId = members.length > 0 && r.chance(0.85) ? r.pick(members) : null;
        const id = await sell(t, c, memberId, r.int(50, 3000), r.chance(0.4) ? r.int(1, 120) : 0);
        sales.push(id);
        ownSales.set(t, [...(ownSales.get(t) ?? []), id]);
      } else if (roll < 0.6) {
        // Mostly a sale of this tablet; sometimes one pulled from another, which may be returned there too.
        const pool = r.chance(0.5) ? ownSales.get(t) ?? [] : sales.slice(-4);
        if (pool.length > 0) {
          const saleId = r.pick(pool);
          await giveBack(t, c, saleId, r.chance(0.5) ? 2 : 1);
          // Now and then the customer takes the same receipt to another till before the two have synced:
          // together they return more than was sold, and the server rejects the later push (C-S15).
          if (r.chance(0.3)) {
            const other = r.pick(tablets.filter((x) => x !== t));
            if (other?.online) await other.engine.syncNow();
            if (other) await giveBack(other, c, saleId, 2);
          }
        }
      } else if (roll < 0.68) {
        if (members.length > 0) await editNotes(t, c, r.pick(members), `note ${step}`);
      } else if (roll < 0.9) {
        if (t.online) await t.engine.syncNow();
      } else if (roll < 0.95) {
        t.online = !t.online;
      } else {
        // Power loss: either right after a local commit (before its push), or inside a pull before the cursor write.
        crashes++;
        if (r.chance(0.5) && t.online) {
          t.crashInPull = true;
          await t.engine.syncNow();
          t.crashInPull = false;
        }
        await t.crash();
      }
    }
    // The network heals; everyone syncs until nothing moves.
    for (const t of tablets) {
      t.transport.rates = { ...NO_FAULTS };
      await t.transport.flush();
    }
    for (let round = 0; round < 4; round++) for (const t of tablets) await t.engine.syncNow();
    const faults: Record<string, number> = {};
    for (const t of tablets) for (const [k, v] of Object.entries(t.transport.counts)) faults[k] = (faults[k] ?? 0) + v;
    const ex = await server.db.query<{ kind: string; n: number }>('SELECT kind, COUNT(*)::int AS n FROM exceptions WHERE org_id = $1 GROUP BY kind', [org.orgId]);
    const exceptions = Object.fromEntries(ex.map((e) => [e.kind, Number(e.n)]));
    const [rej] = await server.db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM rejections WHERE org_id = $1', [org.orgId]);
    return { problems: await convergenceProblems(server, org, tablets, sales), sales: sales.length, faults, crashes, exceptions, rejected: Number(rej?.n ?? 0) };
  } finally {
    for (const t of tablets) await t.destroy();
  }
}
