/**
 * The shape of a programme, checked with zod/mini (small in the till's bundle). Cross-setting
 * rules (tier order, redemption step in whole cents…) live in programme-rules.ts.
 */
import * as z from 'zod/mini';
import { prepaidSchema } from './prepaid/settings';

const whole = (min: number, max: number, what: string) =>
  z.number().check(
    z.int({ error: `${what} must be a whole number` }),
    z.minimum(min, { error: `${what} must be at least ${min}` }),
    z.maximum(max, { error: `${what} must be at most ${max}` }),
  );

const percent = (what: string, max = 100) => whole(0, max, what);
const money = (what: string) => whole(0, 1_000_000_000, what);
const date = z.nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date must be YYYY-MM-DD' })));
const id = z.string().check(z.minLength(1, { error: 'an id must not be empty' }));

const tier = z.object({
  id,
  name: z.string().check(z.minLength(1, { error: 'a tier needs a name' })),
  basis: z.enum(['rolling-spend', 'single-order']),
  minSpend: money('A tier threshold'),
  percentOff: percent('A tier discount', 99),
  earnMultiplierPct: whole(0, 1000, 'An earn multiplier'),
});

const promotion = z.object({
  id,
  name: z.string(),
  multiplierPct: whole(0, 1000, 'A promotion multiplier'),
  from: date,
  to: date,
  weekdays: z.array(whole(0, 6, 'A weekday')),
});

const priceEvent = z.object({
  id,
  name: z.string(),
  percentOff: whole(1, 99, 'A sale event discount'),
  from: date,
  to: date,
  weekdays: z.array(whole(0, 6, 'A weekday')),
});

const reward = z.object({
  id,
  name: z.string().check(z.minLength(1, { error: 'a reward needs a name' })),
  productId: z.nullable(z.string()),
  points: whole(1, 100_000_000, 'A reward price in points'),
  percentOff: whole(1, 100, 'A reward discount'),
});

export const programmeSchema = z.object({
  version: whole(1, Number.MAX_SAFE_INTEGER, 'The version'),
  currency: z.string().check(z.length(3, { error: 'a currency is a 3-letter code' })),
  earn: z.object({
    pointsPerUnit: whole(0, 1000, 'The earn rate'),
    spendUnit: z.optional(whole(1, 100_000_000, 'The spend that earns points')),
    rounding: z.literal('floor'),
    noEarnCategories: z.array(z.string()),
    noEarnProducts: z.array(z.string()),
    promotions: z.array(promotion),
    maxLineQty: whole(1, 1_000_000, 'The largest quantity'),
  }),
  bonus: z.object({
    enroll: whole(0, 1_000_000, 'The enrolment bonus'),
    review: whole(0, 1_000_000, 'The review bonus'),
    manualMax: whole(0, 100_000_000, 'The largest manual bonus'),
  }),
  tiers: z.array(tier),
  tierRules: z.object({
    windowMonths: whole(1, 120, 'The tier window'),
    reevaluate: z.enum(['monthly', 'quarterly', 'yearly']),
  }),
  redemption: z.object({
    enabled: z.boolean(),
    pointsPerUnit: whole(1, 1_000_000, 'Points per currency unit'),
    minPoints: whole(0, 100_000_000, 'The minimum redemption'),
    stepPoints: whole(1, 100_000_000, 'The redemption step'),
    maxSharePct: percent('The largest share of an order paid with points'),
    catalogue: z.array(reward),
    unsynced: z.optional(z.object({
      afterHours: whole(0, 24 * 365, 'The hours without sync'),
      capPoints: whole(0, 100_000_000, 'The offline redemption cap'),
    })),
  }),
  benefits: z.object({
    birthday: z.object({ enabled: z.boolean(), percentOff: percent('The birthday discount', 99), companions: z.boolean() }),
    anniversary: z.object({
      enabled: z.boolean(),
      percentOff: percent('The anniversary discount', 99),
      fromYear: whole(1, 100, 'The first anniversary year'),
      toYear: whole(1, 100, 'The last anniversary year'),
      validDays: whole(1, 3660, 'The coupon validity'),
    }),
    cashback: z.object({
      enabled: z.boolean(),
      percent: percent('The cashback rate'),
      thresholdMonthly: money('The cashback threshold'),
      validDays: whole(1, 3660, 'The coupon validity'),
    }),
    referral: z.object({ enabled: z.boolean(), percent: percent('The referral reward') }),
  }),
  coupons: z.object({ defaultValidDays: whole(1, 3660, 'The coupon validity') }),
  stacking: z.object({ mode: z.enum(['best-single', 'stack']) }),
  priceEvents: z.optional(z.array(priceEvent)),
  expiry: z.object({ mode: z.enum(['never', 'months', 'year-end']), months: whole(1, 600, 'The expiry period') }),
  returns: z.object({ windowDays: whole(0, 365, 'The return window') }),
  value: z.optional(z.object({
    marginPct: percent('The profit margin'),
    expectedYearsTenths: whole(1, 1000, 'The expected years as a customer'),
  })),
  grades: z.optional(z.object({
    A: whole(1, 1000, 'A grade threshold'), B: whole(1, 1000, 'A grade threshold'), C: whole(1, 1000, 'A grade threshold'),
    D: whole(1, 1000, 'A grade threshold'), E: whole(1, 1000, 'A grade threshold'),
  })),
  prepaid: z.optional(prepaidSchema),
});
