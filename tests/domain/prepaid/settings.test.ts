// Prepaid settings in the programme: defaults that change nothing, refusals that name the setting (docs/prepaid-spec.md).
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMME, validateProgramme } from '../../../src/domain/programme';
import { DEFAULT_PREPAID, prepaidOf, type PrepaidSettings, type PackageType } from '../../../src/domain/prepaid/settings';

const plan = (id: string, pay: number, bonus: number) => ({ id, name: id, pay, bonus });
const foot: PackageType = {
  id: 'foot10', name: '足疗10次卡', kind: 'visits', serviceIds: ['foot60'], visits: 10, price: 98_000 as PackageType['price'],
  expiry: { mode: 'days', days: 365 }, perDayLimit: 1,
};
function withPrepaid(change: (p: PrepaidSettings) => void): unknown {
  const prepaid = structuredClone(DEFAULT_PREPAID);
  change(prepaid);
  return { ...DEFAULT_PROGRAMME, prepaid };
}
const errorsOf = (input: unknown) => {
  const r = validateProgramme(input);
  return r.ok ? [] : r.errors.map((e) => `${e.path} ${e.code}`);
};

describe('prepaid settings', () => {
  it('[V2] a programme without prepaid settings validates as before: no plans, no package types, top-ups earn no points and count for no tier', () => {
    const r = validateProgramme(DEFAULT_PROGRAMME);
    expect(r.ok).toBe(true);
    const p = prepaidOf(DEFAULT_PROGRAMME);
    expect(p.storedValue.plans).toEqual([]);
    expect(p.packages.types).toEqual([]);
    expect(p.storedValue.topUpEarnsPoints).toBe(false);
    expect(p.storedValue.topUpCountsForTier).toBe(false);
    expect(p.storedValue.drawRule).toBe('proportional');
  });

  it('[V8] plans 200 → +50 and 500 → +150 with a ¥50 minimum are saved as the owner typed them', () => {
    const input = withPrepaid((p) => {
      p.storedValue.minTopUp = 5_000 as never;
      p.storedValue.plans = [plan('a', 20_000, 5_000), plan('b', 50_000, 15_000)] as never;
      p.packages.types = [foot];
    });
    const r = validateProgramme(input);
    expect(r.ok && r.programme.prepaid?.storedValue.plans.map((x) => [x.pay, x.bonus])).toEqual([[20_000, 5_000], [50_000, 15_000]]);
  });

  it('[V8] two plans at one amount, a larger top-up with less bonus, a plan under the minimum, a fen fraction: each refused naming its setting', () => {
    expect(errorsOf(withPrepaid((p) => { p.storedValue.plans = [plan('a', 20_000, 5_000), plan('b', 20_000, 6_000)] as never; })))
      .toEqual(['prepaid.storedValue.plans[1].pay planSame']);
    expect(errorsOf(withPrepaid((p) => { p.storedValue.plans = [plan('b', 50_000, 1_000), plan('a', 20_000, 5_000)] as never; })))
      .toEqual(['prepaid.storedValue.plans[0].bonus planBonus']);
    expect(errorsOf(withPrepaid((p) => { p.storedValue.minTopUp = 10_000 as never; p.storedValue.plans = [plan('a', 5_000, 500)] as never; })))
      .toEqual(['prepaid.storedValue.plans[0].pay planBelowMin']);
    expect(errorsOf(withPrepaid((p) => { p.storedValue.plans = [plan('a', 200.5, 50)] as never; })))
      .toEqual(['prepaid.storedValue.plans[0].pay whole']);
    expect(errorsOf(withPrepaid((p) => { p.storedValue.drawRule = 'bonusFirst' as never; })))
      .toEqual(['prepaid.storedValue.drawRule other']);
  });
});
