/** N paired tablets of a fresh organisation on the shared in-process server, each with its cursor at pairing. */
import type { Ctx } from './actions';
import { mulberry32 } from './prng';
import { ids } from './records';
import { newOrg, pair, type SimOrg, type SimServer } from './server';
import { Tablet } from './tablet';

let runs = 0;

export async function pairedTablet(server: SimServer, org: SimOrg, name: string): Promise<Tablet> {
  const t = new Tablet(`${name}-${++runs}-${org.orgId}`, await pair(server, org, name), server, mulberry32(runs));
  await t.open();
  return t;
}

export async function tabletsOf(server: SimServer, name: string, n: number): Promise<{ org: SimOrg; tablets: Tablet[]; c: Ctx }> {
  const org = await newOrg(server, name);
  const tablets: Tablet[] = [];
  for (let i = 0; i < n; i++) {
    const t = await pairedTablet(server, org, `${name}-${i}`);
    await t.store.initCursor(t.pairing.cursor);
    tablets.push(t);
  }
  return { org, tablets, c: { id: ids(`${name}${runs}`), storeId: org.storeId, staffId: org.ownerId, now: () => server.clock.now } };
}

export function two(ts: Tablet[]): [Tablet, Tablet] {
  const [a, b] = ts;
  if (!a || !b) throw new Error('two tablets expected');
  return [a, b];
}
