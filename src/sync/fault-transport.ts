/**
 * A transport that misbehaves on purpose, for the deterministic simulation. Driven only by the
 * seeded `random` it is given, so a seed replays the same faults in the same order.
 *
 * Faults, each with its own probability:
 *  - dropRequest:  the request never reaches the server; the caller gets a TransportError.
 *  - dropResponse: the server applies the request, the answer is lost (the dangerous one).
 *  - duplicate:    the server receives the request twice; the caller sees the second answer.
 *  - reorder:      the request is held back (the caller times out) and delivered later, before
 *                  some later request, so the server sees requests out of order.
 *  - delay:        the answer comes after `delay()` (the simulation's clock decides what a wait is).
 */
import { TransportError, type SyncRequest, type SyncResponse, type Transport } from './transport';

export type Random = () => number;

export interface FaultRates {
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  reorder: number;
  delay: number;
}

export const NO_FAULTS: FaultRates = { dropRequest: 0, dropResponse: 0, duplicate: 0, reorder: 0, delay: 0 };

export interface FaultyTransport extends Transport {
  rates: FaultRates;
  /** Delivers every held request now (their answers are lost, as after a timeout). */
  flush(): Promise<void>;
  /** How many of each fault happened, for the simulation's report. */
  readonly counts: Record<keyof FaultRates, number>;
}

export function createFaultyTransport(inner: Transport, random: Random, rates: FaultRates, delay: () => Promise<void> = async () => {}): FaultyTransport {
  const held: SyncRequest[] = [];
  const counts: Record<keyof FaultRates, number> = { dropRequest: 0, dropResponse: 0, duplicate: 0, reorder: 0, delay: 0 };
  const t: FaultyTransport = {
    rates,
    counts,
    async flush() {
      while (held.length > 0) {
        const r = held.shift();
        if (r) await inner.send(r);
      }
    },
    async send(req): Promise<SyncResponse> {
      // A held request overtakes nothing: it is delivered before this one, late.
      if (held.length > 0 && random() < 0.5) {
        const late = held.shift();
        if (late) await inner.send(late);
      }
      const roll = (p: number, k: keyof FaultRates) => {
        const hit = random() < p;
        if (hit) counts[k]++;
        return hit;
      };
      if (roll(t.rates.dropRequest, 'dropRequest')) throw new TransportError('request dropped', 'dropped');
      if (roll(t.rates.reorder, 'reorder')) {
        held.push(req);
        throw new TransportError('request held back', 'timeout');
      }
      if (roll(t.rates.delay, 'delay')) await delay();
      let res = await inner.send(req);
      if (roll(t.rates.duplicate, 'duplicate')) res = await inner.send(req);
      if (roll(t.rates.dropResponse, 'dropResponse')) throw new TransportError('response dropped after the server answered', 'dropped');
      return res;
    },
  };
  return t;
}
