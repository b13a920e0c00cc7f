/**
 * The loyalty programme as data: a store owner's settings, validated and versioned. Every sale
 * records the version that priced it. Defaults come from DOMAIN.md (docs/loyalty-spec.md, P rules).
 * Amounts are cents, percentages whole percents (30 = 30% off = 7折), multipliers percents (200 = double).
 */
import type { Cents } from './money';
import type { LocalDate } from './records';
import { programmeSchema } from './programme-schema';
import { checkProgrammeRules } from './programme-rules';
import type { PrepaidSettings } from './prepaid/settings';

export type TierBasis = 'rolling-spend' | 'single-order';

export interface TierDef {
  id: string;
  name: string;
  basis: TierBasis;
  /** Rolling-window spend, or one order's size, that qualifies. */
  minSpend: Cents;
  percentOff: number;
  /** Earn multiplier in percent (100 = normal). */
  earnMultiplierPct: number;
}

export interface Promotion {
  id: string;
  name: string;
  /** Earn multiplier in percent (200 = double points). */
  multiplierPct: number;
  from: LocalDate | null;
  to: LocalDate | null;
  /** 0 = Sunday … 6 = Saturday; empty = every day. */
  weekdays: number[];
}

/** A store sale event: a percentage off everything on its dates/weekdays (a price promotion, not points). */
export interface PriceEvent {
  id: string;
  name: string;
  percentOff: number;
  from: LocalDate | null;
  to: LocalDate | null;
  weekdays: number[];
}

export interface RewardItem {
  id: string;
  name: string;
  productId: string | null;
  points: number;
  /** 100 = the item free for the points; 50 = the item at 50% off. */
  percentOff: number;
}

export type StackingMode = 'best-single' | 'stack';

/** [G1] Minimum purchases in the last 30 days for each grade (A highest); each needs more than the next. */
export interface GradeThresholds { A: number; B: number; C: number; D: number; E: number }

export interface Programme {
  version: number;
  currency: string;
  earn: {
    /** Points per whole currency unit (¥1) of eligible spend — or per `spendUnit` when set. */
    pointsPerUnit: number;
    /** The spend that earns `pointsPerUnit`, in cents (absent = 100, ¥1). 1 point per ¥10: pointsPerUnit 1, spendUnit 1000. */
    spendUnit?: number;
    rounding: 'floor';
    noEarnCategories: string[];
    noEarnProducts: string[];
    promotions: Promotion[];
    /** Largest quantity on one line the till accepts (guards against a mistyped 1000000). */
    maxLineQty: number;
  };
  bonus: { enroll: number; review: number; manualMax: number };
  tiers: TierDef[];
  tierRules: { windowMonths: number; reevaluate: 'monthly' | 'quarterly' | 'yearly' };
  redemption: {
    enabled: boolean;
    /** Points that make one currency unit (100 points = ¥1). */
    pointsPerUnit: number;
    minPoints: number;
    stepPoints: number;
    maxSharePct: number;
    catalogue: RewardItem[];
    /** [R7] A device that has not synced for `afterHours` may use at most `capPoints` per sale (bounds offline overdrafts). Absent = no cap. */
    unsynced?: { afterHours: number; capPoints: number };
  };
  benefits: {
    birthday: { enabled: boolean; percentOff: number; companions: boolean };
    anniversary: { enabled: boolean; percentOff: number; fromYear: number; toYear: number; validDays: number };
    cashback: { enabled: boolean; percent: number; thresholdMonthly: Cents; validDays: number };
    referral: { enabled: boolean; percent: number };
  };
  coupons: { defaultValidDays: number };
  stacking: { mode: StackingMode };
  /** Store sale events; they compete or stack with tier and coupons under `stacking` (K4). Absent = none. */
  priceEvents?: PriceEvent[];
  expiry: { mode: 'never' | 'months' | 'year-end'; months: number };
  returns: { windowDays: number };
  /** [G1] Grade thresholds; absent = DOMAIN.md's 15 / 10 / 5 / 3 / 1 (segments.ts DEFAULT_GRADE_THRESHOLDS). */
  grades?: GradeThresholds;
  /** [G5] The owner's assumptions for lifetime value: profit margin on sales, years a member is expected to stay (tenths). Absent = 30%, 2.5 years. */
  value?: { marginPct: number; expectedYearsTenths: number };
  /** Stored value and service packages (docs/prepaid-spec.md); absent = DEFAULT_PREPAID: no plans, no package types. */
  prepaid?: PrepaidSettings;
}

export const DEFAULT_PROGRAMME: Programme = {
  version: 1,
  currency: 'CNY',
  earn: { pointsPerUnit: 1, rounding: 'floor', noEarnCategories: [], noEarnProducts: [], promotions: [], maxLineQty: 9999 },
  bonus: { enroll: 100, review: 50, manualMax: 10_000 },
  tiers: [
    { id: 'regular', name: 'Regular', basis: 'single-order', minSpend: 30_000 as Cents, percentOff: 5, earnMultiplierPct: 100 },
    { id: 'senior', name: 'Senior', basis: 'single-order', minSpend: 50_000 as Cents, percentOff: 10, earnMultiplierPct: 100 },
    { id: 'silver', name: 'Silver', basis: 'rolling-spend', minSpend: 100_000 as Cents, percentOff: 2, earnMultiplierPct: 100 },
    { id: 'gold', name: 'Gold', basis: 'rolling-spend', minSpend: 300_000 as Cents, percentOff: 5, earnMultiplierPct: 150 },
  ],
  tierRules: { windowMonths: 12, reevaluate: 'monthly' },
  redemption: { enabled: true, pointsPerUnit: 100, minPoints: 100, stepPoints: 100, maxSharePct: 50, catalogue: [] },
  benefits: {
    birthday: { enabled: true, percentOff: 30, companions: true },
    anniversary: { enabled: true, percentOff: 30, fromYear: 1, toYear: 5, validDays: 30 },
    cashback: { enabled: true, percent: 1, thresholdMonthly: 100_000 as Cents, validDays: 30 },
    referral: { enabled: true, percent: 1 },
  },
  coupons: { defaultValidDays: 30 },
  stacking: { mode: 'best-single' },
  expiry: { mode: 'months', months: 24 },
  returns: { windowDays: 7 },
};

/**
 * What is wrong with a setting, as a code a screen can word in its language (loyalty-spec P2–P4);
 * `limit` goes with 'min' and 'max'. `message` is the English text, for logs and the server's answers.
 */
export type SettingErrorCode =
  | 'duplicate' | 'tierSame' | 'tierOrder' | 'tierDiscount' | 'stepCents' | 'minStep' | 'yearOrder'
  | 'date' | 'dateOrder' | 'gradeOrder' | 'name' | 'whole' | 'min' | 'max' | 'other'
  | 'planSame' | 'planBonus' | 'planBelowMin' | 'packageServices' | 'packageVisits';
export interface SettingError { path: string; code: SettingErrorCode; limit?: number; message: string }

/** The code of a shape error from the schema: number limits carry their limit; an empty tier name is 'name'. */
function codeOfIssue(i: { code: string; origin?: string; expected?: string; minimum?: unknown; maximum?: unknown; path: readonly PropertyKey[] }): Pick<SettingError, 'code' | 'limit'> {
  if (i.code === 'invalid_type' && i.expected === 'int') return { code: 'whole' };
  if (i.origin === 'number' && i.code === 'too_small') return { code: 'min', limit: Number(i.minimum) };
  if (i.origin === 'number' && i.code === 'too_big') return { code: 'max', limit: Number(i.maximum) };
  if (i.origin === 'string' && i.code === 'too_small' && i.path[i.path.length - 1] === 'name') return { code: 'name' };
  return { code: 'other' };
}

export type ProgrammeResult = { ok: true; programme: Programme } | { ok: false; errors: SettingError[] };

/** 'tiers[1].minSpend' from ['tiers', 1, 'minSpend']. */
export function settingPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

/** [P1–P9] Checks shape and types, then the rules that relate settings to each other. */
export function validateProgramme(input: unknown): ProgrammeResult {
  const parsed = programmeSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => ({ path: settingPath(i.path), ...codeOfIssue(i), message: i.message })),
    };
  }
  const programme = parsed.data as Programme;
  const errors = checkProgrammeRules(programme);
  return errors.length ? { ok: false, errors } : { ok: true, programme };
}
