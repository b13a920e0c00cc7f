/** The words for a refused setting (loyalty-spec P2–P4), in the till's language, from the error's code. */
import { centsToInput } from '../../i18n/format';
import type { T } from '../../i18n/use-t';
import type { FieldError } from './programme-form';

/** Settings entered as money: the engine's limits are in fen, the owner types yuan. */
const MONEY = /(minSpend|spendUnit|thresholdMonthly)$/;

export function errorText(t: T, e: FieldError): string {
  if (e.code === 'min' || e.code === 'max') {
    const n = e.limit ?? 0;
    const shown = MONEY.test(e.path) ? centsToInput(n) : n;
    return e.code === 'max' ? t('programme.error.max', { max: shown }) : t('programme.error.min', { min: shown });
  }
  if (e.code === 'other') return t('programme.error.other', { detail: e.message });
  return t(`programme.error.${e.code}`);
}
