/**
 * A mutation's content, checked before the push's transaction (S8, S23): its schema (strict objects,
 * the text rule, ranges, calendar dates), a profile's clock stamps (S9), then its times against the server's clock: no instant of
 * the mutation more than MAX_AHEAD_MS (a day) ahead of it, no business date after the day that
 * instant can be in any zone. A mutation that fails is rejected with a code and a line a manager can
 * read; nothing of it is written, and the batch goes on.
 */
import { MAX_AHEAD_MS, notTooFarAhead } from '../../domain/input-rules';
import type { Mutation, RejectionCode } from '../../sync/protocol';
import { MutationRejected } from '../errors';
import { checkClocks } from './members';
import { firstIssue, mutationSchema, rejectionCode } from './mutation-schemas';

export type Checked = { ok: true; m: Mutation } | { ok: false; code: RejectionCode; message: string };

/** The instants and business dates a mutation states, with where they are (for the message). */
function timesOf(m: Mutation): { instants: [string, number | null][]; dates: [string, string][] } {
  const ledger = (path: string, entries: readonly { at: number }[]) => entries.map((e, i): [string, number] => [`${path}.${i}.at`, e.at]);
  const coupons = (path: string, cs: readonly { issuedAt: number; usedAt: number | null }[]) =>
    cs.flatMap((c, i): [string, number | null][] => [[`${path}.${i}.issuedAt`, c.issuedAt], [`${path}.${i}.usedAt`, c.usedAt]]);
  const instants: [string, number | null][] = [['at', m.at]];
  const dates: [string, string][] = [];
  switch (m.kind) {
    case 'member.upsert':
      instants.push(['member.enrolledAt', m.member.enrolledAt], ['member.consentAt', m.member.consentAt]);
      dates.push(['member.enrolledOn', m.member.enrolledOn]);
      break;
    case 'sale.record':
      instants.push(['sale.at', m.sale.at], ...ledger('ledger', m.ledger), ...coupons('coupons', m.coupons));
      dates.push(['sale.businessDate', m.sale.businessDate]);
      break;
    case 'return.record':
      instants.push(['ret.at', m.ret.at], ...ledger('ledger', m.ledger));
      dates.push(['ret.businessDate', m.ret.businessDate]);
      break;
    case 'ledger.append': instants.push(...ledger('entries', m.entries)); break;
    case 'coupon.issue': instants.push(...coupons('coupons', m.coupons)); break;
    case 'task.update': instants.push(['task.doneAt', m.task.doneAt], ['task.complaint.at', m.task.complaint?.at ?? null]); break;
    case 'audit.append': instants.push(['entry.at', m.entry.at]); break;
  }
  return { instants, dates };
}

/** The UTC date 'YYYY-MM-DD' of an instant. */
const utcDate = (t: number) => new Date(t).toISOString().slice(0, 10);
/** The furthest any zone is ahead of UTC (Kiribati, +14 h). */
const FURTHEST_ZONE_MS = 14 * 60 * 60 * 1000;

export function checkContent(mutation: unknown, now: number): Checked {
  const p = mutationSchema.safeParse(mutation);
  if (!p.success) return { ok: false, code: rejectionCode(p.error), message: firstIssue(p.error) };
  const m = p.data as Mutation;
  if (m.kind === 'member.upsert') {
    // S9's own rule for clock stamps (5 minutes, `clock_ahead`) speaks first: it is the more precise.
    try {
      checkClocks(m.member, now);
    } catch (e) {
      if (e instanceof MutationRejected) return { ok: false, code: e.code, message: e.message };
      throw e;
    }
  }
  const { instants, dates } = timesOf(m);
  for (const [path, at] of instants) {
    if (at !== null && !notTooFarAhead(at, now)) {
      return { ok: false, code: 'time_ahead', message: `${path}: more than ${MAX_AHEAD_MS / 3_600_000} hours ahead of the server's clock` };
    }
  }
  const lastDay = utcDate(now + MAX_AHEAD_MS + FURTHEST_ZONE_MS);
  for (const [path, day] of dates) {
    if (day > lastDay) return { ok: false, code: 'time_ahead', message: `${path}: a day that has not come yet` };
  }
  return { ok: true, m };
}
