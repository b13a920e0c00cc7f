/**
 * One seeded simulation run: several tablets do a few dozen cashier actions while syncing through
 * a faulty network and crashing now and then; then the network heals and everyone syncs to the end.
 * Syncs run in the background as the till runs them (never awaited by the cashier), so two tablets'
 * pushes are at the server at once, and a delayed request waits while later ones go first (network.ts).
 * Everything random comes from the seed, so a failing seed replays exactly.
 */
import { DbError } from '../../../src/db/errors';
import { NO_FAULTS, type FaultRates } from '../../../src/sync/fault-transport';
import { enroll, giveBack, sell, type Ctx } from './actions';
import { editProfile, issueOnBoth, ProfileModel, purchaseRefused } from './actions-member';
import { convergenceProblems } from './checks';
import { memberProblems } from './checks-members';
import { Network } from './network';
import { rng, type Rng } from './prng';
import { ids } from './records';
import { newOrg, pair, type SimServer } from './server';
import { Tablet } from './tablet';

export interface SimResult {
  problems: string[];
  sales: number;
  /** Network faults, and what else the run exercised (server crashes, overlapping pushes, edits, coupons twice). */
  faults: Record<string, number>;
  crashes: number;
  /** Server exceptions by kind: duplicate phones merged, overdrafts booked. */
  exceptions: Record<string, number>;
  /** Mutations the server rejected (returns beyond the sale, made on two offline tablets). */
  rejected: number;
}

const FAULTS: FaultRates = { dropRequest: 0.1, dropResponse: 0.1, duplicate: 0.1, reorder: 0.1, delay: 0.15 };
const PHONES = Array.from({ length: 10 }, (_, i) => `139000000${String(i).padStart(2, '0')}`);

/** The tablets' background syncs: at most one in flight per tablet, as the engine coalesces them. */
class Syncs {
  readonly running = new Map<Tablet, Promise<void>>();
  /** What went wrong along the way (a sync that threw, a checkout that refused), reported with the end state's problems. */
  readonly errors: string[] = [];
  constructor(private readonly network: Network) {}

  start(t: Tablet, force = false): void {
    if ((!t.online && !force) || this.running.has(t)) return;
    const p = t.engine.syncNow().then(() => {}, (e: unknown) => { this.errors.push(`${t.name}: sync threw ${String(e)}`); })
      .finally(() => this.running.delete(t));
    this.running.set(t, p);
  }

  /** Waits for the syncs of `only` (or all), letting delayed requests go so none waits forever. */
  async settle(only?: Tablet): Promise<void> {
    for (;;) {
      const ps = only ? [this.running.get(only)].filter((p) => p !== undefined) : [...this.running.values()];
      if (ps.length === 0) return;
      this.network.release(true);
      await Promise.race([Promise.all(ps), new Promise((r) => setImmediate(r))]);
    }
  }
}

export async function runSimulation(server: SimServer, seed: number, steps: number, tabletCount = 3): Promise<SimResult> {
  const r = rng(seed);
  const org = await newOrg(server, `sim-${seed}`);
  const network = new Network(server);
  const tablets: Tablet[] = [];
  for (let i = 0; i < tabletCount; i++) {
    const t = new Tablet(`sim-${seed}-${i}-${org.orgId}`, await pair(server, org, `Till ${i}`), server, r.next, FAULTS, network);
    await t.open();
    await t.store.initCursor(t.pairing.cursor);
    tablets.push(t);
  }
  const c: Ctx = { id: ids(`s${seed}`), storeId: org.storeId, staffId: org.ownerId, now: () => server.clock.now };
  const run: Run = { r, c, tablets, network, syncs: new Syncs(network), model: new ProfileModel(), sales: [], ownSales: new Map(), crashes: 0, done: {} };
  try {
    for (let step = 0; step < steps; step++) await oneStep(run);
    // The network heals; everyone syncs until nothing moves.
    await run.syncs.settle();
    network.crashNextPush = false;
    for (const t of tablets) {
      t.transport.rates = { ...NO_FAULTS };
      await t.transport.flush();
    }
    for (let round = 0; round < 4; round++) {
      for (const t of tablets) run.syncs.start(t, true);
      await run.syncs.settle();
    }
    const faults: Record<string, number> = { ...run.done, serverCrash: network.serverCrashes, overlappingPushes: network.overlappingPushes, delayOvertaken: network.overtaken };
    for (const t of tablets) for (const [k, v] of Object.entries(t.transport.counts)) faults[k] = (faults[k] ?? 0) + v;
    const ex = await server.db.query<{ kind: string; n: number }>('SELECT kind, COUNT(*)::int AS n FROM exceptions WHERE org_id = $1 GROUP BY kind', [org.orgId]);
    const exceptions = Object.fromEntries(ex.map((e) => [e.kind, Number(e.n)]));
    const [used] = await server.db.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM coupons WHERE org_id = $1 AND data->>'usedSaleId' IS NOT NULL", [org.orgId]);
    faults.couponUsed = Number(used?.n ?? 0);
    const [rej] = await server.db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM rejections WHERE org_id = $1', [org.orgId]);
    const problems = [...run.syncs.errors, ...await convergenceProblems(server, org, tablets, run.sales), ...await memberProblems(server, org, tablets, run.model)];
    return { problems, sales: run.sales.length, faults, crashes: run.crashes, exceptions, rejected: Number(rej?.n ?? 0) };
  } finally {
    await run.syncs.settle();
    for (const t of tablets) await t.destroy();
  }
}

interface Run {
  r: Rng; c: Ctx; tablets: Tablet[]; network: Network; syncs: Syncs; model: ProfileModel;
  sales: string[]; ownSales: Map<Tablet, string[]>; crashes: number; done: Record<string, number>;
}

const count = (run: Run, k: string) => { run.done[k] = (run.done[k] ?? 0) + 1; };

async function recordSale(run: Run, t: Tablet, memberId: string | null, unit: number, redeem: number, useCoupon = false): Promise<void> {
  let id: string;
  try {
    id = await sell(t, run.c, memberId, unit, redeem, undefined, useCoupon);
  } catch (e) {
    // A background pull changed the member since the till read them (points taken elsewhere): the
    // writer refuses the stale sale and writes nothing (D7, D9); the cashier would try again.
    if (e instanceof DbError) return;
    throw e;
  }
  run.sales.push(id);
  run.ownSales.set(t, [...(run.ownSales.get(t) ?? []), id]);
}

async function oneStep(run: Run): Promise<void> {
  const { r, c, tablets, syncs, network, model } = run;
  network.server.clock.now += r.int(1_000, 60_000);
  if (r.chance(0.5)) network.release();
  const t = r.pick(tablets);
  const other = r.pick(tablets.filter((x) => x !== t));
  const members = await t.db.members.toCollection().primaryKeys();
  const roll = r.next();
  if (roll < 0.1) {
    // Some have their birthday this month (June): their birthday coupon is due today (B9).
    await enroll(t, c, r.pick(PHONES), r.pick(['Wang Fang', 'Li Na', 'Zhang Wei', 'Liu Yang']), r.pick([null, '--06-15', '1988-06-20', '--03-02']));
  } else if (roll < 0.42) {
    const memberId = members.length > 0 && r.chance(0.85) ? r.pick(members) : null;
    // Now and then a big sale, so members climb tiers (C-S20).
    await recordSale(run, t, memberId, r.chance(0.1) ? r.int(20_000, 60_000) : r.int(50, 3000), r.chance(0.4) ? r.int(1, 120) : 0, r.chance(0.4));
  } else if (roll < 0.5) {
    // Mostly a sale of this tablet; sometimes one pulled from another, which may be returned there too.
    const pool = r.chance(0.5) ? run.ownSales.get(t) ?? [] : run.sales.slice(-4);
    if (pool.length > 0) {
      const saleId = r.pick(pool);
      await giveBack(t, c, saleId, r.chance(0.5) ? 2 : 1);
      // Now and then the customer takes the same receipt to another till before the two have synced:
      // together they return more than was sold, and the server rejects the later push (C-S15).
      if (r.chance(0.3)) {
        syncs.start(other);
        await syncs.settle(other);
        await giveBack(other, c, saleId, 2);
      }
    }
  } else if (roll < 0.6) {
    if (members.length > 0 && await editProfile(t, c, r, r.pick(members), model)) count(run, 'profileEdit');
  } else if (roll < 0.64) {
    if (members.length > 0 && await issueOnBoth(t, other, c, r.pick(members)) > 0) count(run, 'couponIssue');
  } else if (roll < 0.67) {
    // Two tablets redeem the whole balance before they sync (an overdraft), then the member buys again.
    if (members.length > 0) {
      const m = r.pick(members);
      // Each pays with the whole balance it shows (a sale worth just that, so it earns nothing back).
      for (const x of [t, other]) {
        const pts = (await x.repos.members.get(m))?.stats.points ?? 0;
        if (pts > 0) await recordSale(run, x, m, Math.ceil(pts / 2), pts);
      }
      for (const x of [t, other]) syncs.start(x);
      await syncs.settle();
      const refused = await purchaseRefused(t, m, c.now());
      if (refused) syncs.errors.push(refused);
      await recordSale(run, t, m, r.int(50, 3000), 0);
      count(run, 'overdraftThenBuy');
    }
  } else if (roll < 0.85) {
    // The till syncs in the background; often another tablet's sync is at the server at the same time.
    syncs.start(t);
    if (r.chance(0.5)) syncs.start(other);
  } else if (roll < 0.88) {
    // The server process dies: after applying the next push, before answering it; or now, between requests.
    if (r.chance(0.5)) network.crashNextPush = true;
    else { await syncs.settle(); await network.restartServer(); }
  } else if (roll < 0.93) {
    t.online = !t.online;
  } else {
    // Power loss: either right after a local commit (before its push), or inside a pull before the cursor write.
    run.crashes++;
    await syncs.settle(t);
    if (r.chance(0.5) && t.online) {
      t.crashInPull = true;
      syncs.start(t);
      await syncs.settle(t);
      t.crashInPull = false;
    }
    await t.crash();
  }
}
