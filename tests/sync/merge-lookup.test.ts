/**
 * [C-S5a] After two tablets enrolled the same customer and the server merged them (S11), the card
 * number on the losing member's receipts, and the phone, find the surviving member at the counter of
 * every tablet: the two that made the enrolments, and one paired after the merge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tablet } from './sim/tablet';
import { bootstrapMembers } from '../../src/sync/bootstrap';
import { enroll } from './sim/actions';
import { startServer, type SimServer } from './sim/server';
import { pairedTablet, tabletsOf, two } from './sim/setup';

let server: SimServer;
beforeAll(async () => { server = await startServer(); }, 120_000);
afterAll(async () => { await server.close(); });

/** What the counter lists for what the cashier typed: name and points of each member found. */
async function found(t: Tablet, kind: 'card' | 'phone', value: string): Promise<{ name: string; points: number; id: string }[]> {
  const hits = await t.repos.members.search({ kind, value }, 10);
  return hits.map((h) => ({ id: h.member.id, name: h.member.name, points: h.stats.points }));
}

describe('lookups after a merge', () => {
  it('[C-S5a] the loser\'s card and phone find the survivor on both tablets and on a tablet paired later', async () => {
    const { org, tablets, c } = await tabletsOf(server, 'alias', 2);
    const [a, b] = two(tablets);
    // Offline from each other, both tablets enrol the same customer (B a moment later): one phone twice.
    const first = await enroll(a, c, '13800000301', 'Li Na');
    server.clock.now += 60_000;
    const second = await enroll(b, c, '13800000301', 'Li N.');
    if (!first || !second) throw new Error('enrolment refused');
    expect(await a.engine.syncNow()).toBe(true);
    expect(await b.engine.syncNow()).toBe(true);
    expect(await a.engine.syncNow()).toBe(true);

    const late = await pairedTablet(server, org, 'alias-late');
    await bootstrapMembers({ transport: late.transport, members: late.repos.members, store: late.store, pairingCursor: late.pairing.cursor, now: () => server.clock.now, yieldToTill: async () => {} });
    expect(await late.engine.syncNow()).toBe(true);

    // The survivor holds both welcome bonuses; every tablet finds exactly them by either card, or the phone.
    const survivor = [{ id: first.id, name: 'Li Na', points: 100 }];
    for (const t of [a, b, late]) {
      expect(await found(t, 'card', second.cardNo)).toEqual(survivor);
      expect(await found(t, 'card', first.cardNo)).toEqual(survivor);
      expect(await found(t, 'phone', '13800000301')).toEqual(survivor);
      expect((await t.repos.members.byCard(second.cardNo))?.member.id).toBe(first.id);
    }
  });
});
