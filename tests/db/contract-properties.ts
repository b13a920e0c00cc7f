// Contract, as a property: any run of checkouts, adjustments and failed writes keeps every kept total
// equal to its ledger and the outbox gapless (D1, D2, D7), on every implementation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DbError } from '../../src/db/errors';
import { entry, member, sale, stats } from './fixtures';
import { useHarness, type HarnessFactory } from './contract';

type Op =
  | { kind: 'sale'; who: number; price: number; redeem: number; earn: number }
  | { kind: 'adjust'; who: number; pts: number }
  | { kind: 'crash' }; // the next write fails inside its transaction

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('sale' as const), who: fc.nat(2), price: fc.integer({ min: 1, max: 50_000 }), redeem: fc.nat(300), earn: fc.nat(500) }),
  fc.record({ kind: fc.constant('adjust' as const), who: fc.nat(2), pts: fc.integer({ min: -300, max: 300 }) }),
  fc.constant({ kind: 'crash' as const }),
);

export function propertyContract(make: HarnessFactory): void {
  describe('properties', () => {
    const ctx = useHarness(make);

    it('[D1][D2][D7] after any run of writes, some refused and some crashed, totals equal the ledger and seqs have no gaps', async () => {
      let run = 0;
      await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        run += 1;
        const r = ctx.r;
        const ids = [0, 1, 2].map((i) => `run${run}-m${i}`);
        for (const [i, id] of ids.entries()) {
          const m = member({ id, name: `P${i}`, phone: `15${String(run).padStart(5, '0')}000${i}` });
          await r.writer.enroll({ member: m, stats: stats(id), ledger: [], coupons: [], opId: `${id}-op` });
        }
        const model = ids.map(() => ({ points: 0, spend: 0, visits: 0 }));
        let written = 0;
        let crashPending = false;
        let attempt = 0;
        const startSeq = await r.outbox.nextSeq();
        for (const o of ops) {
          if (o.kind === 'crash') {
            if (!crashPending) ctx.h.failNextWrite('outbox', new Error('crash'));
            crashPending = true;
            continue;
          }
          const id = ids[o.who] ?? '';
          const mm = model[o.who];
          if (!mm) continue;
          const delta = o.kind === 'sale' ? o.earn - o.redeem : o.pts;
          const refused = delta < 0 && mm.points + delta < 0;
          try {
            if (o.kind === 'sale') {
              await r.writer.commitSale({ sale: sale(id, o.price), ledger: [entry(id, -o.redeem), entry(id, o.earn)], couponsIssued: [] });
            } else {
              await r.writer.appendLedger({ entries: [entry(id, o.pts, { kind: 'adjustment' })], opId: `adj-${run}-${++attempt}` });
            }
            expect(refused || crashPending).toBe(false);
            mm.points += delta;
            if (o.kind === 'sale') { mm.spend += o.price; mm.visits += 1; }
            written += 1;
          } catch (e) {
            expect(e).toBeInstanceOf(DbError);
            if (!refused) {
              expect(crashPending).toBe(true);
              crashPending = false;
            }
          }
        }
        for (const [i, id] of ids.entries()) {
          const hit = await r.members.get(id);
          expect(hit?.stats).toMatchObject({ points: model[i]?.points, lifetimeSpend: model[i]?.spend, visits: model[i]?.visits });
          expect((await r.members.verifyStats(id)).ok).toBe(true);
        }
        expect(await r.outbox.nextSeq()).toBe(startSeq + written);
        const seqs = (await r.outbox.peek(10_000)).map((x) => x.seq);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
        if (crashPending) {
          // Leave no armed failure for the next run: a harmless write consumes it.
          await r.writer.appendLedger({ entries: [entry(ids[0] ?? '', 0)], opId: `drain-${run}` }).catch(() => undefined);
        }
      }), { numRuns: 30, seed: 20261122 });
    });
  });
}
