/** Device and store settings a manager changes at the till: receipt paper width, the cashier's discount limit, the sync server. */
import { useEffect, useState } from 'react';
import { useDevice } from '../../app/device';
import { useServices } from '../../app/services';
import { DEFAULT_DISCOUNT_LIMIT_PCT, discountLimitPct } from '../../app/settings-keys';
import { useT } from '../../i18n/use-t';
import { SyncPanel } from './sync-panel';
import { IdleLockSetting } from '../../app/ui/idle-lock-setting';

export default function SettingsScreen() {
  const t = useT();
  const { repos } = useServices();
  const paper = useDevice((s) => s.settings.paper);
  const update = useDevice((s) => s.update);
  const [limit, setLimit] = useState(String(DEFAULT_DISCOUNT_LIMIT_PCT));
  useEffect(() => { void discountLimitPct(repos).then((n) => setLimit(String(n))); }, [repos]);
  return (
    <section aria-label={t('settings.title')}>
      <h1>{t('settings.title')}</h1>
      <div className="choice-row" role="radiogroup" aria-label={t('settings.paper')}>
        {(['58', '80'] as const).map((p) => (
          <button key={p} type="button" role="radio" aria-checked={paper === p} className={paper === p ? 'chip chip-on' : 'chip'}
            onClick={() => update({ paper: p })}>{t(p === '58' ? 'settings.paper58' : 'settings.paper80')}</button>
        ))}
      </div>
      <label className="field">
        <span>{t('settings.discountLimit')}</span>
        <input inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value.replace(/\D/g, ''))}
          onBlur={() => { const n = Number(limit); if (n >= 0 && n <= 100) void repos.settings.set('discountLimitPct', n); }} />
      </label>
      <IdleLockSetting />
      <SyncPanel />
    </section>
  );
}
