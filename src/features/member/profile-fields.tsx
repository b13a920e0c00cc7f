/**
 * The template's optional profile fields as form inputs (the enrolment's "more" part and the member
 * card's profile editor): a label from `profile.field.<key>` (a key the owner made up is shown as is),
 * a date picker for dates, a numeric keyboard for numbers, the error at its field.
 */
import type { ProfileField, ProfileFieldError } from '../../domain/profile-template';
import type { MessageKey } from '../../i18n/en';
import { hasKey } from '../../i18n/i18n';
import { useT } from '../../i18n/use-t';

export function fieldLabel(t: ReturnType<typeof useT>, key: string): string {
  const k = `profile.field.${key}`;
  return hasKey(t.lang, k) ? t(k as MessageKey) : key;
}

export function profileErrorText(t: ReturnType<typeof useT>, e: ProfileFieldError): string {
  if (e.code === 'profile.date') return t('profile.errorDate');
  if (e.code === 'profile.number') return t('profile.errorNumber', { min: e.min, max: e.max });
  if (e.code === 'text.invalid') return t('input.text.invalid');
  return t('profile.errorLong', { max: e.max });
}

interface Props {
  fields: ProfileField[];
  values: Record<string, string>;
  errors: Record<string, string>;
  onChange: (key: string, value: string) => void;
}

export function ProfileFields({ fields, values, errors, onChange }: Props) {
  const t = useT();
  return (
    <div className="profile-fields">
      {fields.map((f) => {
        const err = errors[f.key];
        return (
          <label key={f.key} className="field">
            <span>{fieldLabel(t, f.key)} <small className="muted">({t('common.optional')})</small></span>
            <input type={f.kind === 'date' ? 'date' : 'text'} inputMode={f.kind === 'number' ? 'numeric' : undefined}
              value={values[f.key] ?? ''} aria-invalid={!!err} onChange={(e) => onChange(f.key, e.target.value)} />
            {err && <span className="error" role="alert">{err}</span>}
          </label>
        );
      })}
    </div>
  );
}
