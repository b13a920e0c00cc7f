/**
 * Prepaid settings, part of the programme (docs/prepaid-spec.md): top-up plans and the rules of
 * stored value (储值, 充值送), and the owner's package types (次卡, 通卡, 月卡). Absent from a
 * programme = DEFAULT_PREPAID: no plans, no package types, nothing changes for an existing shop.
 */
import * as z from 'zod/mini';
import type { Cents } from '../money';
import type { LocalDate } from '../records';
import type { SettingError } from '../programme';
import { isLocalDate } from '../time';

/** [V1] Pay at least `pay` in one top-up, get `bonus` on the card on top (200 → +50). */
export interface TopUpPlan { id: string; name: string; pay: Cents; bonus: Cents }

/** [V4] How a payment from stored value draws on principal and bonus. */
export type DrawRule = 'proportional' | 'principalFirst';

export interface StoredValueSettings {
  plans: TopUpPlan[];
  /** The smallest top-up the till accepts, in cents (0 = any amount above zero). */
  minTopUp: Cents;
  drawRule: DrawRule;
  /** Whether the part of a sale paid from stored value earns points. */
  earnOnStoredValue: boolean;
  /** [V2] Whether a top-up itself earns points / counts toward a tier: off by default (DOMAIN.md keeps money and points apart). */
  topUpEarnsPoints: boolean;
  topUpCountsForTier: boolean;
  /** [V7] What one tablet may spend from one member's card while offline, in cents. */
  offlineCapPerMember: Cents;
  /** Whether spending stored value asks for the member's PIN. */
  pinRequired: boolean;
}

/** [PK1] Visits of one service; a pool of visits across listed services; unlimited visits within the period. */
export type PackageKind = 'visits' | 'pool' | 'unlimited';
export type PackageExpiry = { mode: 'date'; date: LocalDate } | { mode: 'days'; days: number };

export interface PackageType {
  id: string;
  name: string;
  kind: PackageKind;
  /** The services it covers: exactly one for 'visits', one or more for 'pool' and 'unlimited'. */
  serviceIds: string[];
  /** Visits sold; 0 for 'unlimited'. */
  visits: number;
  price: Cents;
  expiry: PackageExpiry;
  /** At most this many visits a day (null = no limit). */
  perDayLimit: number | null;
}

export interface PackageSettings {
  types: PackageType[];
  /** [PK6] Percent of the pro-rata refund kept by the shop when a package is refunded. */
  refundFeePct: number;
}

export interface PrepaidSettings { storedValue: StoredValueSettings; packages: PackageSettings }

export const DEFAULT_PREPAID: PrepaidSettings = {
  storedValue: {
    plans: [], minTopUp: 0 as Cents, drawRule: 'proportional', earnOnStoredValue: true,
    topUpEarnsPoints: false, topUpCountsForTier: false, offlineCapPerMember: 50_000 as Cents, pinRequired: false,
  },
  packages: { types: [], refundFeePct: 0 },
};

const whole = (min: number, max: number, what: string) =>
  z.number().check(
    z.int({ error: `${what} must be a whole number` }),
    z.minimum(min, { error: `${what} must be at least ${min}` }),
    z.maximum(max, { error: `${what} must be at most ${max}` }),
  );
const money = (what: string) => whole(0, 1_000_000_000, what);
const id = z.string().check(z.minLength(1, { error: 'an id must not be empty' }));
const name = z.string().check(z.minLength(1, { error: 'needs a name' }));

export const prepaidSchema = z.object({
  storedValue: z.object({
    plans: z.array(z.object({ id, name, pay: whole(1, 1_000_000_000, 'A plan amount'), bonus: money('A plan bonus') })),
    minTopUp: money('The minimum top-up'),
    drawRule: z.enum(['proportional', 'principalFirst']),
    earnOnStoredValue: z.boolean(),
    topUpEarnsPoints: z.boolean(),
    topUpCountsForTier: z.boolean(),
    offlineCapPerMember: money('The offline spending cap'),
    pinRequired: z.boolean(),
  }),
  packages: z.object({
    types: z.array(z.object({
      id, name,
      kind: z.enum(['visits', 'pool', 'unlimited']),
      serviceIds: z.array(id),
      visits: whole(0, 10_000, 'The number of visits'),
      price: money('A package price'),
      expiry: z.union([
        z.object({ mode: z.literal('date'), date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date must be YYYY-MM-DD' })) }),
        z.object({ mode: z.literal('days'), days: whole(1, 3660, 'The package validity') }),
      ]),
      perDayLimit: z.nullable(whole(1, 100, 'The visits a day')),
    })),
    refundFeePct: whole(0, 100, 'The refund fee'),
  }),
});

/** [V8][PK1] Rules between prepaid settings; each error names the setting (path under `prepaid.`). */
export function checkPrepaidRules(p: PrepaidSettings): SettingError[] {
  const errors: SettingError[] = [];
  const sv = p.storedValue;
  const planIds = new Set<string>();
  const sorted = sv.plans.map((plan, i) => ({ plan, i })).sort((a, b) => a.plan.pay - b.plan.pay || a.i - b.i);
  sv.plans.forEach((plan, i) => {
    const at = `prepaid.storedValue.plans[${i}]`;
    if (planIds.has(plan.id)) errors.push({ path: `${at}.id`, code: 'duplicate', message: `plan id "${plan.id}" is used twice` });
    planIds.add(plan.id);
    if (plan.pay < sv.minTopUp) errors.push({ path: `${at}.pay`, code: 'planBelowMin', message: 'a plan must not ask for less than the minimum top-up' });
  });
  sorted.forEach(({ plan, i }, k) => {
    const prev = sorted[k - 1];
    if (!prev) return;
    if (plan.pay === prev.plan.pay) {
      errors.push({ path: `prepaid.storedValue.plans[${i}].pay`, code: 'planSame', message: `plans[${prev.i}] starts at the same amount` });
    } else if (plan.bonus < prev.plan.bonus) {
      errors.push({ path: `prepaid.storedValue.plans[${i}].bonus`, code: 'planBonus', message: `a larger top-up must not give less bonus than plans[${prev.i}]` });
    }
  });
  const typeIds = new Set<string>();
  p.packages.types.forEach((t, i) => {
    const at = `prepaid.packages.types[${i}]`;
    if (typeIds.has(t.id)) errors.push({ path: `${at}.id`, code: 'duplicate', message: `package id "${t.id}" is used twice` });
    typeIds.add(t.id);
    const services = new Set(t.serviceIds).size;
    if (t.kind === 'visits' ? services !== 1 : services < 1 || services !== t.serviceIds.length) {
      errors.push({ path: `${at}.serviceIds`, code: 'packageServices', message: t.kind === 'visits' ? 'a visits card covers exactly one service' : 'list each covered service once, at least one' });
    }
    if ((t.kind === 'unlimited') !== (t.visits === 0)) {
      errors.push({ path: `${at}.visits`, code: 'packageVisits', message: t.kind === 'unlimited' ? 'an unlimited card sells no number of visits (0)' : 'a card sells at least one visit' });
    }
    if (t.expiry.mode === 'date' && !isLocalDate(t.expiry.date)) {
      errors.push({ path: `${at}.expiry.date`, code: 'date', message: 'not a real date' });
    }
  });
  return errors;
}

/** The programme's prepaid settings, or the defaults that change nothing. */
export function prepaidOf(programme: { prepaid?: PrepaidSettings }): PrepaidSettings {
  return programme.prepaid ?? DEFAULT_PREPAID;
}
