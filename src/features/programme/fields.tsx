/** One setting: its label, the input, and under it the reason it was refused (loyalty-spec P2, P7). */
import type { T } from '../../i18n/use-t';
import { errorText } from './error-text';
import type { FieldError } from './programme-form';

/** `programme-err-tiers-1--minSpend` from 'tiers[1].minSpend': an id for aria-describedby. */
export const errorId = (path: string): string => `programme-err-${path.replace(/[^A-Za-z0-9]/g, '-')}`;

interface TextFieldProps {
  t: T;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error: FieldError | undefined;
  path: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
}

export function TextField({ t, label, value, onChange, error, path, inputMode = 'numeric' }: TextFieldProps) {
  return (
    <div>
      <label className="field">
        <span>{label}</span>
        <input type="text" inputMode={inputMode} value={value} aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId(path) : undefined} onChange={(e) => onChange(e.target.value)} />
      </label>
      {error && <p className="field-error" id={errorId(path)} role="alert">{errorText(t, error)}</p>}
    </div>
  );
}

export function CheckField({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="programme-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
