/** Rules that relate one setting to another; each error names the setting (docs/loyalty-spec.md P rules). */
import type { Programme, SettingError } from './programme';
import { isLocalDate } from './time';
import { checkPrepaidRules } from './prepaid/settings';

export function checkProgrammeRules(p: Programme): SettingError[] {
  const errors: SettingError[] = [];
  const seen = new Set<string>();
  p.tiers.forEach((t, i) => {
    if (seen.has(t.id)) errors.push({ path: `tiers[${i}].id`, code: 'duplicate', message: `tier id "${t.id}" is used twice` });
    seen.add(t.id);
  });
  // [P3] Within one basis, tiers climb: each needs more spend than the one before, and gives no less.
  for (const basis of ['rolling-spend', 'single-order'] as const) {
    let prev: { i: number; minSpend: number; percentOff: number } | null = null;
    p.tiers.forEach((t, i) => {
      if (t.basis !== basis) return;
      if (prev && t.minSpend <= prev.minSpend) {
        errors.push({
          path: `tiers[${i}].minSpend`,
          code: t.minSpend === prev.minSpend ? 'tierSame' : 'tierOrder',
          message: t.minSpend === prev.minSpend
            ? `overlaps tiers[${prev.i}]: two tiers start at the same spend`
            : `must be higher than tiers[${prev.i}].minSpend: list tiers from lowest to highest`,
        });
      } else if (prev && t.percentOff < prev.percentOff) {
        errors.push({ path: `tiers[${i}].percentOff`, code: 'tierDiscount', message: `a higher tier must not give less than tiers[${prev.i}]` });
      }
      prev = { i, minSpend: t.minSpend, percentOff: t.percentOff };
    });
  }
  // [P4] A redemption step must be worth whole cents, and the minimum must be on the step.
  const r = p.redemption;
  if ((r.stepPoints * 100) % r.pointsPerUnit !== 0) {
    errors.push({ path: 'redemption.stepPoints', code: 'stepCents', message: 'a step must be worth a whole number of cents' });
  }
  if (r.minPoints % r.stepPoints !== 0) {
    errors.push({ path: 'redemption.minPoints', code: 'minStep', message: 'the minimum must be a multiple of the step' });
  }
  const a = p.benefits.anniversary;
  if (a.toYear < a.fromYear) errors.push({ path: 'benefits.anniversary.toYear', code: 'yearOrder', message: 'must not be before fromYear' });
  const checkDates = (list: ReadonlyArray<{ from: string | null; to: string | null }>, at: string) => list.forEach((pr, i) => {
    for (const k of ['from', 'to'] as const) {
      const v = pr[k];
      if (v !== null && !isLocalDate(v)) errors.push({ path: `${at}[${i}].${k}`, code: 'date', message: 'not a real date' });
    }
    if (pr.from && pr.to && pr.from > pr.to) errors.push({ path: `${at}[${i}].to`, code: 'dateOrder', message: 'ends before it starts' });
  });
  // [G1] Grades climb: A needs more purchases than B, B than C, and so on.
  if (p.grades) {
    const order = ['A', 'B', 'C', 'D', 'E'] as const;
    for (let i = 1; i < order.length; i++) {
      const g = order[i]!;
      const above = order[i - 1]!;
      if (p.grades[g] >= p.grades[above]) {
        errors.push({ path: `grades.${g}`, code: 'gradeOrder', message: `must be fewer purchases than grade ${above}` });
      }
    }
  }
  checkDates(p.earn.promotions, 'earn.promotions');
  checkDates(p.priceEvents ?? [], 'priceEvents');
  if (p.prepaid) errors.push(...checkPrepaidRules(p.prepaid));
  return errors;
}
