/** The cashier's line-discount limit in percent (0–100); above it a manager's PIN is asked (UI-D1). */
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import { DEFAULT_DISCOUNT_LIMIT_PCT, discountLimitPct } from '../../app/settings-keys';
import { useT } from '../../i18n/use-t';

export function DiscountLimitSetting() {
  const t = useT();
  const { repos } = useServices();
  const [text, setText] = useState(String(DEFAULT_DISCOUNT_LIMIT_PCT));
  const [error, setError] = useState(false);
  useEffect(() => { void discountLimitPct(repos).then((n) => setText(String(n))); }, [repos]);
  const save = () => {
    const n = Number(text);
    const ok = /^\d+$/.test(text) && n <= 100;
    setError(!ok);
    if (ok) void repos.settings.set('discountLimitPct', n);
  };
  return (
    <>
      <label className="field">
        <span>{t('settings.discountLimit')}</span>
        <input inputMode="numeric" value={text} aria-invalid={error || undefined} aria-describedby={error ? 'discount-limit-error' : undefined}
          onChange={(e) => setText(e.target.value.trim())} onBlur={save} />
      </label>
      {error && <p id="discount-limit-error" className="error" role="alert">{t('settings.discountLimitInvalid')}</p>}
    </>
  );
}
