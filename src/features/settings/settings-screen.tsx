/** Store and device settings a manager changes at the till: the store's name and time zone, receipt paper, the cashier's discount limit, the idle lock, the sync server. */
import { useDevice } from '../../app/device';
import { useT } from '../../i18n/use-t';
import { SyncPanel } from './sync-panel';
import { IdleLockSetting } from '../../app/ui/idle-lock-setting';
import { DiscountLimitSetting } from './discount-limit-setting';
import { ShopTypeSetting } from './shop-type-setting';
import { StoreSettings } from './store-settings';

export default function SettingsScreen() {
  const t = useT();
  const paper = useDevice((s) => s.settings.paper);
  const update = useDevice((s) => s.update);
  return (
    <section aria-label={t('settings.title')}>
      <h1>{t('settings.title')}</h1>
      <StoreSettings />
      <ShopTypeSetting />
      <h2 id="paper-label">{t('settings.paper')}</h2>
      <div className="choice-row" role="radiogroup" aria-labelledby="paper-label">
        {(['58', '80'] as const).map((p) => (
          <button key={p} type="button" role="radio" aria-checked={paper === p} className={paper === p ? 'chip chip-on' : 'chip'}
            onClick={() => update({ paper: p })}>{t(p === '58' ? 'settings.paper58' : 'settings.paper80')}</button>
        ))}
      </div>
      <DiscountLimitSetting />
      <IdleLockSetting />
      <SyncPanel />
    </section>
  );
}
