/**
 * The store's care settings: a validated configuration with the defaults from DOMAIN.md
 * ("Follow-up and care", "Benefits calendar"). Rule C1 in docs/care-spec.md.
 */
import { z } from 'zod';
import type { Cents } from '../money';

const days = z.number().int().min(0).max(3660);
const window = (from: number, to: number) => z.object({ fromDays: days.default(from), toDays: days.default(to) });

const schema = z.object({
  /** Follow-up after the first purchase, due between these many days after it. */
  followUp: window(7, 30).prefault({}),
  /** Bought again within `withinDays` of the first purchase → a new-arrival invitation for `windowDays`. */
  repeatInvite: z.object({ withinDays: days.default(30), windowDays: days.default(14) }).prefault({}),
  /** Shown from `leadDays` before the birthday until `graceDays` after. */
  birthday: z.object({ leadDays: days.default(7), graceDays: days.default(3) }).prefault({}),
  anniversary: z.object({
    leadDays: days.default(7), graceDays: days.default(7), maxYears: z.number().int().min(1).max(100).default(30),
  }).prefault({}),
  /** Points expiring within `withinDays` (at least `minPoints` of them). */
  pointsExpiring: z.object({ withinDays: days.default(30), minPoints: z.number().int().min(1).default(1) }).prefault({}),
  /** VIPs not seen for `afterDays`; the task stays open `windowDays`. */
  winBack: z.object({ afterDays: z.number().int().min(1).max(3660).default(60), windowDays: days.default(30) }).prefault({}),
  /** A complaint is followed up from `afterDays` after it for `windowDays`. */
  complaint: z.object({ afterDays: days.default(1), windowDays: days.default(7) }).prefault({}),
  /** Holiday greetings from `leadDays` before; holidays meant for everyone go to VIPs only unless 'all'. */
  holiday: z.object({ leadDays: days.default(3), audience: z.enum(['vip', 'all']).default('vip') }).prefault({}),
  /** Tiers that count as VIP; null: any member with a tier. */
  vipTierIds: z.array(z.string().min(1)).nullable().default(null),
  /** Yearly care budget per member in cents (DOMAIN.md: ¥300 a person a year). */
  yearlyBudget: z.number().int().min(0).default(30_000),
  /** 'warn': a gift over budget is recorded with a warning; 'refuse': it is refused. */
  overBudget: z.enum(['warn', 'refuse']).default('warn'),
}).superRefine((s, ctx) => {
  if (s.followUp.fromDays > s.followUp.toDays) {
    ctx.addIssue({ code: 'custom', path: ['followUp'], message: 'fromDays must not be after toDays' });
  }
});

export type CareSettings = Omit<z.infer<typeof schema>, 'yearlyBudget'> & { yearlyBudget: Cents };

export class CareSettingsError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid care settings: ${issues.join('; ')}`);
    this.name = 'CareSettingsError';
  }
}

/** [C1] Validates a stored or edited configuration, filling in defaults; throws CareSettingsError. */
export function parseCareSettings(input: unknown): CareSettings {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    throw new CareSettingsError(r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return { ...r.data, yearlyBudget: r.data.yearlyBudget as Cents };
}

export const DEFAULT_CARE_SETTINGS: CareSettings = parseCareSettings({});
