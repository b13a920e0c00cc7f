import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAMME, validateProgramme } from '../../src/domain/programme';
import { withProgramme } from './fixtures';

function errorsOf(input: unknown) {
  const r = validateProgramme(input);
  return r.ok ? [] : r.errors;
}

describe('the programme settings', () => {
  it('[P1] the default programme (DOMAIN.md numbers) is valid', () => {
    const r = validateProgramme(DEFAULT_PROGRAMME);
    expect(r.ok).toBe(true);
    expect(DEFAULT_PROGRAMME.redemption).toMatchObject({ pointsPerUnit: 100, maxSharePct: 50 });
    expect(DEFAULT_PROGRAMME.tiers.map((t) => [t.minSpend, t.percentOff])).toEqual([[30_000, 5], [50_000, 10], [100_000, 2], [300_000, 5]]);
  });

  it.each([
    ['a negative earn rate', (p: typeof DEFAULT_PROGRAMME) => { p.earn.pointsPerUnit = -1; }, 'earn.pointsPerUnit', { code: 'min', limit: 0 }],
    ['a fractional earn rate', (p: typeof DEFAULT_PROGRAMME) => { p.earn.pointsPerUnit = 1.5; }, 'earn.pointsPerUnit', { code: 'whole' }],
    ['a redemption share above 100%', (p: typeof DEFAULT_PROGRAMME) => { p.redemption.maxSharePct = 120; }, 'redemption.maxSharePct', { code: 'max', limit: 100 }],
    ['a negative tier threshold', (p: typeof DEFAULT_PROGRAMME) => { p.tiers[1]!.minSpend = -5 as never; }, 'tiers[1].minSpend', { code: 'min', limit: 0 }],
    ['tiers listed out of order', (p: typeof DEFAULT_PROGRAMME) => { p.tiers[1]!.minSpend = 20_000 as never; }, 'tiers[1].minSpend', { code: 'tierOrder' }],
    ['two tiers starting at the same spend', (p: typeof DEFAULT_PROGRAMME) => { p.tiers[3]!.minSpend = 100_000 as never; }, 'tiers[3].minSpend', { code: 'tierSame' }],
    ['a higher tier giving less', (p: typeof DEFAULT_PROGRAMME) => { p.tiers[3]!.percentOff = 1; }, 'tiers[3].percentOff', { code: 'tierDiscount' }],
    ['a 100% tier discount', (p: typeof DEFAULT_PROGRAMME) => { p.tiers[0]!.percentOff = 100; }, 'tiers[0].percentOff', { code: 'max', limit: 99 }],
    ['an anniversary range backwards', (p: typeof DEFAULT_PROGRAMME) => { p.benefits.anniversary.fromYear = 3; p.benefits.anniversary.toYear = 2; }, 'benefits.anniversary.toYear', { code: 'yearOrder' }],
    ['a promotion that ends before it starts', (p: typeof DEFAULT_PROGRAMME) => {
      p.earn.promotions = [{ id: 'x', name: 'x', multiplierPct: 200, from: '2026-05-02', to: '2026-05-01', weekdays: [] }];
    }, 'earn.promotions[0].to', { code: 'dateOrder' }],
    ['a sale event that ends before it starts', (p: typeof DEFAULT_PROGRAMME) => {
      p.priceEvents = [{ id: 's', name: 's', percentOff: 10, from: '2026-05-02', to: '2026-05-01', weekdays: [] }];
    }, 'priceEvents[0].to', { code: 'dateOrder' }],
    ['a sale event giving 100% off', (p: typeof DEFAULT_PROGRAMME) => {
      p.priceEvents = [{ id: 's', name: 's', percentOff: 100, from: null, to: null, weekdays: [] }];
    }, 'priceEvents[0].percentOff', { code: 'max', limit: 99 }],
    ['an unknown stacking mode', (p: typeof DEFAULT_PROGRAMME) => { (p.stacking as { mode: string }).mode = 'everything'; }, 'stacking.mode', { code: 'other' }],
  ])('[P2] refuses %s, naming the setting and what is wrong with it', (_what, patch, path, why) => {
    const errs = errorsOf(withProgramme(patch));
    expect(errs.find((e) => e.path === path)).toMatchObject(why);
    expect(errs.every((e) => e.message.length > 0)).toBe(true);
  });

  it('[P4] refuses a redemption step not worth whole fen (5 points at 1,000 points per ¥1), and a minimum off the step', () => {
    expect(errorsOf(withProgramme((p) => { p.redemption.stepPoints = 5; p.redemption.minPoints = 5; p.redemption.pointsPerUnit = 1000; })).map((e) => [e.path, e.code]))
      .toEqual([['redemption.stepPoints', 'stepCents']]);
    expect(errorsOf(withProgramme((p) => { p.redemption.minPoints = 150; })).map((e) => [e.path, e.code])).toEqual([['redemption.minPoints', 'minStep']]);
  });

  it('[P2] refuses something that is not a programme at all', () => {
    expect(errorsOf(null).length).toBeGreaterThan(0);
    expect(errorsOf({ version: 1 }).map((e) => e.path)).toContain('earn');
  });

  it('[P3] a single-order ladder and a spend ladder are checked separately', () => {
    // ¥300/¥500 single-order tiers sit below the ¥1,000 spend tier in the list; that is not "unordered".
    expect(validateProgramme(withProgramme((p) => { p.tiers.reverse(); })).ok).toBe(false);
    expect(validateProgramme(withProgramme((p) => { p.tiers = [p.tiers[2]!, p.tiers[0]!, p.tiers[3]!, p.tiers[1]!]; })).ok).toBe(true);
  });
});
