/**
 * How long points last (loyalty-spec L3) and how order discounts combine (K1, K2): the two settings
 * that are choices rather than numbers.
 */
import type { StackingMode } from '../../domain/programme';
import type { T } from '../../i18n/use-t';
import { TextField } from './fields';
import type { ExpiryMode, FieldError, ProgrammeForm } from './programme-form';

interface Props {
  t: T;
  form: Pick<ProgrammeForm, 'expiryMode' | 'expiryMonths' | 'stacking'>;
  errors: Map<string, FieldError>;
  onChange: (patch: Partial<ProgrammeForm>) => void;
}

const EXPIRY: ExpiryMode[] = ['months', 'year-end', 'never'];
const STACKING: StackingMode[] = ['best-single', 'stack'];

export function RuleFields({ t, form, errors, onChange }: Props) {
  return (
    <>
      <fieldset>
        <legend>{t('programme.section.expiry')}</legend>
        <div className="programme-grid">
          <label className="field">
            <span>{t('programme.expiryMode')}</span>
            <select value={form.expiryMode} onChange={(e) => onChange({ expiryMode: e.target.value as ExpiryMode })}>
              {EXPIRY.map((m) => <option key={m} value={m}>{t(`programme.expiry.${m}`)}</option>)}
            </select>
          </label>
          {form.expiryMode === 'months' && (
            <TextField t={t} label={t('programme.expiryMonths')} value={form.expiryMonths} path="expiry.months"
              error={errors.get('expiry.months')} onChange={(v) => onChange({ expiryMonths: v })} />
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('programme.section.stacking')}</legend>
        <label className="field">
          <span>{t('programme.stacking')}</span>
          <select value={form.stacking} onChange={(e) => onChange({ stacking: e.target.value as StackingMode })}>
            {STACKING.map((m) => <option key={m} value={m}>{t(`programme.stacking.${m}`)}</option>)}
          </select>
        </label>
        <p className="muted">{t(`programme.stacking.${form.stacking}.help`)}</p>
      </fieldset>
    </>
  );
}
