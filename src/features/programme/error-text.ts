/** The words for a refused setting (loyalty-spec P2–P4), in the till's language, from the engine's error. */
import type { MessageKey } from '../../i18n/en';
import { centsToInput } from '../../i18n/format';
import type { T } from '../../i18n/use-t';
import type { FieldError } from './programme-form';

/** Settings entered as money: the engine's limits are in fen, the owner types yuan. */
const MONEY = /(minSpend|spendUnit|thresholdMonthly)$/;

const BY_MESSAGE: [RegExp, MessageKey][] = [
  [/overlaps/, 'programme.error.tierSame'],
  [/must be higher than/, 'programme.error.tierOrder'],
  [/must not give less/, 'programme.error.tierDiscount'],
  [/whole number of cents/, 'programme.error.stepCents'],
  [/multiple of the step/, 'programme.error.minStep'],
  [/must not be before/, 'programme.error.yearOrder'],
  [/needs a name/, 'programme.error.name'],
  [/used twice/, 'programme.error.duplicate'],
  [/whole number/, 'programme.error.whole'],
];

export function errorText(t: T, e: FieldError): string {
  if (e.problem) return t(`programme.error.${e.problem}`);
  for (const [re, key] of BY_MESSAGE) if (re.test(e.message)) return t(key);
  const limit = /must be at (most|least) (\d+)/.exec(e.message);
  if (limit?.[2]) {
    const n = Number(limit[2]);
    const shown = MONEY.test(e.path) ? centsToInput(n) : n;
    return limit[1] === 'most' ? t('programme.error.max', { max: shown }) : t('programme.error.min', { min: shown });
  }
  return t('programme.error.other', { detail: e.message });
}
