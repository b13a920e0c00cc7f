/**
 * The programme screen's form: the programme's settings as the owner types them (money as decimal
 * yuan, points and percents as whole numbers, multipliers as "1.5"), turned back into the integer
 * settings and checked by the engine's own validateProgramme (loyalty-spec P2–P4, P7). Every error
 * is keyed by the setting's path ('tiers[1].minSpend'), which is also the field it is shown at.
 * Settings the screen does not show (store sale events, returns…) are kept as they were.
 */
import type { Cents } from '../../domain/money';
import { parseAmount } from '../../domain/money';
import type { Programme, SettingErrorCode, StackingMode, TierBasis } from '../../domain/programme';
import { gradeThresholds, valueSettings } from '../../domain/segments';
import { validateProgramme } from '../../domain/programme';
import { centsToInput } from '../../i18n/format';

export interface TierForm { id: string; name: string; basis: TierBasis; minSpend: string; percentOff: string; multiplier: string }

/** A catalogue reward (loyalty-spec R6) as typed: `productId` '' is "any item". */
export interface RewardForm { id: string; name: string; productId: string; points: string; percentOff: string }

/** A points promotion (E4) as typed: multiplier "2" (double points), dates '' for open-ended, weekdays 0 = Sunday. */
export interface PromotionForm { id: string; name: string; multiplier: string; from: string; to: string; weekdays: number[] }

export type ExpiryMode = Programme['expiry']['mode'];

export interface ProgrammeForm {
  earnPoints: string;
  spendUnit: string;
  noEarnCategories: string;
  enrollBonus: string;
  tiers: TierForm[];
  rewards: RewardForm[];
  redeemEnabled: boolean;
  redeemPointsPerUnit: string;
  redeemMin: string;
  redeemStep: string;
  redeemMaxShare: string;
  offlineCap: boolean;
  offlineAfterHours: string;
  offlineCapPoints: string;
  birthdayEnabled: boolean;
  birthdayPercent: string;
  birthdayCompanions: boolean;
  anniversaryEnabled: boolean;
  anniversaryPercent: string;
  anniversaryFrom: string;
  anniversaryTo: string;
  anniversaryDays: string;
  cashbackEnabled: boolean;
  cashbackPercent: string;
  cashbackThreshold: string;
  cashbackDays: string;
  referralEnabled: boolean;
  referralPercent: string;
  couponDays: string;
  gradeA: string;
  gradeB: string;
  gradeC: string;
  gradeD: string;
  gradeE: string;
  promotions: PromotionForm[];
  expiryMode: ExpiryMode;
  expiryMonths: string;
  stacking: StackingMode;
  marginPct: string;
  expectedYears: string;
}

/** Why a typed value was refused before the engine saw it (i18n keys programme.error.*). */
export type InputProblem = 'money' | 'whole' | 'multiplier' | 'tenths';

/** A refused field: a typing problem, or the engine's code for the setting (with its limit for min/max). */
export interface FieldError { path: string; code: InputProblem | SettingErrorCode; limit?: number; message: string }

export type FormResult = { ok: true; programme: Programme } | { ok: false; errors: FieldError[] };

const multiplierText = (pct: number): string => String(pct / 100);

export function toForm(p: Programme): ProgrammeForm {
  const r = p.redemption;
  const b = p.benefits;
  const g = gradeThresholds(p);
  return {
    earnPoints: String(p.earn.pointsPerUnit),
    spendUnit: centsToInput(p.earn.spendUnit ?? 100),
    noEarnCategories: p.earn.noEarnCategories.join(', '),
    enrollBonus: String(p.bonus.enroll),
    tiers: p.tiers.map((t) => ({
      id: t.id, name: t.name, basis: t.basis, minSpend: centsToInput(t.minSpend), percentOff: String(t.percentOff), multiplier: multiplierText(t.earnMultiplierPct),
    })),
    rewards: r.catalogue.map((x) => ({ id: x.id, name: x.name, productId: x.productId ?? '', points: String(x.points), percentOff: String(x.percentOff) })),
    redeemEnabled: r.enabled,
    redeemPointsPerUnit: String(r.pointsPerUnit),
    redeemMin: String(r.minPoints),
    redeemStep: String(r.stepPoints),
    redeemMaxShare: String(r.maxSharePct),
    offlineCap: r.unsynced !== undefined,
    offlineAfterHours: String(r.unsynced?.afterHours ?? 24),
    offlineCapPoints: String(r.unsynced?.capPoints ?? 500),
    birthdayEnabled: b.birthday.enabled,
    birthdayPercent: String(b.birthday.percentOff),
    birthdayCompanions: b.birthday.companions,
    anniversaryEnabled: b.anniversary.enabled,
    anniversaryPercent: String(b.anniversary.percentOff),
    anniversaryFrom: String(b.anniversary.fromYear),
    anniversaryTo: String(b.anniversary.toYear),
    anniversaryDays: String(b.anniversary.validDays),
    cashbackEnabled: b.cashback.enabled,
    cashbackPercent: String(b.cashback.percent),
    cashbackThreshold: centsToInput(b.cashback.thresholdMonthly),
    cashbackDays: String(b.cashback.validDays),
    referralEnabled: b.referral.enabled,
    referralPercent: String(b.referral.percent),
    couponDays: String(p.coupons.defaultValidDays),
    gradeA: String(g.A), gradeB: String(g.B), gradeC: String(g.C), gradeD: String(g.D), gradeE: String(g.E),
    promotions: p.earn.promotions.map((x) => ({
      id: x.id, name: x.name, multiplier: multiplierText(x.multiplierPct), from: x.from ?? '', to: x.to ?? '', weekdays: [...x.weekdays],
    })),
    expiryMode: p.expiry.mode,
    expiryMonths: String(p.expiry.months),
    stacking: p.stacking.mode,
    marginPct: String(valueSettings(p).marginPct),
    expectedYears: String(valueSettings(p).expectedYearsTenths / 10),
  };
}

/** Collects the typing problems; each parser returns NaN after recording one, so the shape stays whole. */
class Reader {
  readonly errors: FieldError[] = [];
  whole(text: string, path: string): number {
    const t = text.trim().replace(/,/g, '');
    if (/^\d{1,12}$/.test(t)) return Number(t);
    this.errors.push({ path, code: 'whole', message: 'not a whole number' });
    return Number.NaN;
  }
  money(text: string, path: string): Cents {
    const c = parseAmount(text);
    if (c !== null && c >= 0) return c;
    this.errors.push({ path, code: 'money', message: 'not an amount' });
    return Number.NaN as Cents;
  }
  /** "2.5" → 25 (tenths); at most one decimal. */
  tenths(text: string, path: string): number {
    const m = /^(\d{1,3})(?:\.(\d))?$/.exec(text.trim());
    if (m) return Number(m[1]) * 10 + Number(m[2] ?? '0');
    this.errors.push({ path, code: 'tenths', message: 'not a number of years' });
    return Number.NaN;
  }
  /** "1.5" → 150 (percent); at most two decimals. */
  multiplier(text: string, path: string): number {
    const m = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text.trim());
    if (m) return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
    this.errors.push({ path, code: 'multiplier', message: 'not a multiplier' });
    return Number.NaN;
  }
}

function categories(text: string): string[] {
  return [...new Set(text.split(/[,，、\n]/).map((s) => s.trim()).filter((s) => s !== ''))];
}

/** The form as a programme (version `version`), checked by the engine; nothing is saved here. */
export function fromForm(f: ProgrammeForm, base: Programme, version: number): FormResult {
  const rd = new Reader();
  const unsynced = f.offlineCap
    ? { afterHours: rd.whole(f.offlineAfterHours, 'redemption.unsynced.afterHours'), capPoints: rd.whole(f.offlineCapPoints, 'redemption.unsynced.capPoints') }
    : undefined;
  const { unsynced: _dropped, ...redemptionRest } = base.redemption;
  const programme: Programme = {
    ...base,
    version,
    earn: {
      ...base.earn,
      pointsPerUnit: rd.whole(f.earnPoints, 'earn.pointsPerUnit'),
      spendUnit: rd.money(f.spendUnit, 'earn.spendUnit'),
      noEarnCategories: categories(f.noEarnCategories),
      promotions: f.promotions.map((x, i) => {
        const name = x.name.trim();
        if (name === '') rd.errors.push({ path: `earn.promotions[${i}].name`, code: 'name', message: 'a promotion needs a name' });
        return {
          id: x.id, name, multiplierPct: rd.multiplier(x.multiplier, `earn.promotions[${i}].multiplierPct`),
          from: x.from.trim() === '' ? null : x.from.trim(), to: x.to.trim() === '' ? null : x.to.trim(), weekdays: [...x.weekdays].sort((a, b) => a - b),
        };
      }),
    },
    bonus: { ...base.bonus, enroll: rd.whole(f.enrollBonus, 'bonus.enroll') },
    tiers: f.tiers.map((t, i) => ({
      id: t.id,
      name: t.name.trim(),
      basis: t.basis,
      minSpend: rd.money(t.minSpend, `tiers[${i}].minSpend`),
      percentOff: rd.whole(t.percentOff, `tiers[${i}].percentOff`),
      earnMultiplierPct: rd.multiplier(t.multiplier, `tiers[${i}].earnMultiplierPct`),
    })),
    redemption: {
      ...redemptionRest,
      enabled: f.redeemEnabled,
      pointsPerUnit: rd.whole(f.redeemPointsPerUnit, 'redemption.pointsPerUnit'),
      minPoints: rd.whole(f.redeemMin, 'redemption.minPoints'),
      stepPoints: rd.whole(f.redeemStep, 'redemption.stepPoints'),
      maxSharePct: rd.whole(f.redeemMaxShare, 'redemption.maxSharePct'),
      catalogue: f.rewards.map((x, i) => ({
        id: x.id, name: x.name.trim(), productId: x.productId === '' ? null : x.productId,
        points: rd.whole(x.points, `redemption.catalogue[${i}].points`), percentOff: rd.whole(x.percentOff, `redemption.catalogue[${i}].percentOff`),
      })),
      ...(unsynced ? { unsynced } : {}),
    },
    benefits: {
      birthday: { enabled: f.birthdayEnabled, percentOff: rd.whole(f.birthdayPercent, 'benefits.birthday.percentOff'), companions: f.birthdayCompanions },
      anniversary: {
        enabled: f.anniversaryEnabled,
        percentOff: rd.whole(f.anniversaryPercent, 'benefits.anniversary.percentOff'),
        fromYear: rd.whole(f.anniversaryFrom, 'benefits.anniversary.fromYear'),
        toYear: rd.whole(f.anniversaryTo, 'benefits.anniversary.toYear'),
        validDays: rd.whole(f.anniversaryDays, 'benefits.anniversary.validDays'),
      },
      cashback: {
        enabled: f.cashbackEnabled,
        percent: rd.whole(f.cashbackPercent, 'benefits.cashback.percent'),
        thresholdMonthly: rd.money(f.cashbackThreshold, 'benefits.cashback.thresholdMonthly'),
        validDays: rd.whole(f.cashbackDays, 'benefits.cashback.validDays'),
      },
      referral: { enabled: f.referralEnabled, percent: rd.whole(f.referralPercent, 'benefits.referral.percent') },
    },
    coupons: { ...base.coupons, defaultValidDays: rd.whole(f.couponDays, 'coupons.defaultValidDays') },
    expiry: { mode: f.expiryMode, months: rd.whole(f.expiryMonths, 'expiry.months') },
    stacking: { mode: f.stacking },
    value: { marginPct: rd.whole(f.marginPct, 'value.marginPct'), expectedYearsTenths: rd.tenths(f.expectedYears, 'value.expectedYearsTenths') },
    grades: {
      A: rd.whole(f.gradeA, 'grades.A'), B: rd.whole(f.gradeB, 'grades.B'), C: rd.whole(f.gradeC, 'grades.C'),
      D: rd.whole(f.gradeD, 'grades.D'), E: rd.whole(f.gradeE, 'grades.E'),
    },
  };
  if (rd.errors.length > 0) return { ok: false, errors: rd.errors };
  const checked = validateProgramme(programme);
  return checked.ok ? checked : { ok: false, errors: checked.errors };
}

/** The first error of each field: what the screen shows under it. */
export function errorsByPath(errors: readonly FieldError[]): Map<string, FieldError> {
  const out = new Map<string, FieldError>();
  for (const e of errors) if (!out.has(e.path)) out.set(e.path, e);
  return out;
}
