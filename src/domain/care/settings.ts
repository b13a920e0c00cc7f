/**
 * The store's care settings: a validated configuration with the defaults from DOMAIN.md
 * ("Follow-up and care", "Benefits calendar"). Rule C1 in docs/care-spec.md. Checked with zod/mini,
 * like the programme (programme-schema.ts), so the settings screen's lazy chunk stays small.
 */
import * as z from 'zod/mini';
import type { Cents } from '../money';

/** The range every day count may take, and the settings editor's bounds for each field. */
export const DAYS_MAX = 3660;
export const MAX_YEARS = 100;
export const BUDGET_MAX = 100_000_000;

const whole = (min: number, max: number) =>
  z.number().check(
    z.int({ error: `must be a whole number from ${min} to ${max}` }),
    z.minimum(min, { error: `must be at least ${min}` }),
    z.maximum(max, { error: `must be at most ${max}` }),
  );
const days = (fallback: number, min = 0) => z._default(whole(min, DAYS_MAX), fallback);

const schema = z.object({
  /** Follow-up after the first purchase, due between these many days after it. */
  followUp: z.prefault(z.object({ fromDays: days(7), toDays: days(30) }), {}),
  /** Bought again within `withinDays` of the first purchase → a new-arrival invitation for `windowDays`. */
  repeatInvite: z.prefault(z.object({ withinDays: days(30), windowDays: days(14) }), {}),
  /** Shown from `leadDays` before the birthday until `graceDays` after. */
  birthday: z.prefault(z.object({ leadDays: days(7), graceDays: days(3) }), {}),
  anniversary: z.prefault(z.object({ leadDays: days(7), graceDays: days(7), maxYears: z._default(whole(1, MAX_YEARS), 30) }), {}),
  /** Points expiring within `withinDays` (at least `minPoints` of them). */
  pointsExpiring: z.prefault(z.object({ withinDays: days(30), minPoints: z._default(whole(1, 1_000_000_000), 1) }), {}),
  /** VIPs not seen for `afterDays`; the task stays open `windowDays`. */
  winBack: z.prefault(z.object({ afterDays: days(60, 1), windowDays: days(30) }), {}),
  /** A complaint is followed up from `afterDays` after it for `windowDays`. */
  complaint: z.prefault(z.object({ afterDays: days(1), windowDays: days(7) }), {}),
  /** Holiday greetings from `leadDays` before; holidays meant for everyone go to VIPs only unless 'all'. */
  holiday: z.prefault(z.object({ leadDays: days(3), audience: z._default(z.enum(['vip', 'all']), 'vip') }), {}),
  /** Tiers that count as VIP; null: any member with a tier. */
  vipTierIds: z._default(z.nullable(z.array(z.string().check(z.minLength(1)))), null),
  /** Yearly care budget per member in cents (DOMAIN.md: ¥300 a person a year). */
  yearlyBudget: z._default(whole(0, BUDGET_MAX), 30_000),
  /** 'warn': a gift over budget is recorded with a warning; 'refuse': it is refused. */
  overBudget: z._default(z.enum(['warn', 'refuse']), 'warn'),
});

export type CareSettings = Omit<z.infer<typeof schema>, 'yearlyBudget'> & { yearlyBudget: Cents };

export interface CareSettingsIssue {
  /** Dotted path of the setting, e.g. 'followUp.fromDays'. */
  path: string;
  message: string;
}

export class CareSettingsError extends Error {
  readonly issues: string[];
  constructor(readonly fields: CareSettingsIssue[]) {
    const issues = fields.map((f) => `${f.path || '(root)'}: ${f.message}`);
    super(`Invalid care settings: ${issues.join('; ')}`);
    this.issues = issues;
    this.name = 'CareSettingsError';
  }
}

/** Windows whose start must not be after their end. */
const WINDOWS: [keyof CareSettings, string, string][] = [['followUp', 'fromDays', 'toDays']];

/** [C1] Validates a stored or edited configuration, filling in defaults; throws CareSettingsError listing every problem. */
export function parseCareSettings(input: unknown): CareSettings {
  const r = schema.safeParse(input ?? {});
  if (!r.success) {
    throw new CareSettingsError(r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  }
  const problems: CareSettingsIssue[] = [];
  for (const [key, from, to] of WINDOWS) {
    const w = r.data[key] as unknown as Record<string, number>;
    if ((w[from] ?? 0) > (w[to] ?? 0)) problems.push({ path: String(key), message: `${from} must not be after ${to}` });
  }
  if (problems.length > 0) throw new CareSettingsError(problems);
  return { ...r.data, yearlyBudget: r.data.yearlyBudget as Cents };
}

export const DEFAULT_CARE_SETTINGS: CareSettings = parseCareSettings({});
