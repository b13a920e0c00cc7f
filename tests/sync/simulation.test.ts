/**
 * The deterministic simulation (issue #4): many seeds, each a few hundred actions on three tablets
 * against the real server through a faulty network, with crashes. Replay one seed with
 * `SIM_SEED=123 npx vitest run tests/sync`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulation } from './sim/run';
import { startServer, type SimServer } from './sim/server';

const ONE = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : null;
const SEEDS = ONE !== null ? [ONE] : Array.from({ length: Number(process.env.SIM_SEEDS ?? 30) }, (_, i) => i + 1);
const STEPS = Number(process.env.SIM_STEPS ?? 200);

let server: SimServer;
beforeAll(async () => { server = await startServer(); }, 60_000);
afterAll(async () => { await server.close(); });

describe('simulation', () => {
  it.each(SEEDS)('[S4][S5][S6][S7][S10][S11][C-S1][C-S3][C-S4][C-S8] seed %i: every sale once everywhere, every balance the sum of its entries, no outbox left', async (seed) => {
    const result = await runSimulation(server, seed, STEPS);
    if (result.problems.length > 0) {
      console.error(`Simulation seed ${seed} failed; replay with SIM_SEED=${seed} npx vitest run tests/sync\n${result.problems.slice(0, 20).join('\n')}`);
    }
    expect(result.problems).toEqual([]);
    expect(result.sales).toBeGreaterThan(0);
  }, 60_000);
});
