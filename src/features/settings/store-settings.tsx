/**
 * The store's own details after setup: its name (printed on receipts) and time zone (which decides
 * business dates, birthdays and due dates). The currency stays as set up: amounts already recorded are
 * in it. On a paired till the store comes from the server, so it is shown and not edited here.
 */
import { useState } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { useSyncState } from '../../app/sync/sync-state';
import { TimeZoneSelect } from '../../app/ui/time-zone-select';
import { toast } from '../../app/ui/toast';
import { isTimeZone } from '../../domain/time';
import { useT } from '../../i18n/use-t';

export function StoreSettings() {
  const t = useT();
  const { repos, newId, now } = useServices();
  const store = useSession((s) => s.store);
  const staffId = useSession((s) => s.staff?.id ?? null);
  const deviceId = useSession((s) => s.deviceId);
  const paired = useSyncState((s) => s.paired);
  const [name, setName] = useState(store?.name ?? '');
  const [timeZone, setTimeZone] = useState(store?.timeZone ?? '');
  const [errors, setErrors] = useState<{ name?: string; timeZone?: string }>({});
  if (!store) return null;

  const save = async () => {
    const errs: typeof errors = {};
    if (!name.trim()) errs.name = t('setup.errorName');
    if (!isTimeZone(timeZone)) errs.timeZone = t('setup.errorTimeZone');
    setErrors(errs);
    if (errs.name || errs.timeZone) return;
    const next = { ...store, name: name.trim(), timeZone };
    await repos.settings.set('store', next, {
      id: newId(), at: now(), staffId, deviceId, action: 'settings', subjectId: store.id,
      detail: timeZone === store.timeZone ? 'store name' : `store timeZone=${timeZone}`,
    });
    useSession.getState().setStore(next);
    toast(t('settings.storeSaved'));
  };

  return (
    <form className="settings-block" aria-label={t('settings.store')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{t('settings.store')}</h2>
      {paired ? <p className="muted">{t('settings.storeFromServer', { name: store.name, timeZone: store.timeZone })}</p> : (
        <>
          <label className="field">
            <span>{t('setup.storeName')}</span>
            <input value={name} aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? 'store-name-error' : undefined}
              onChange={(e) => setName(e.target.value)} />
          </label>
          {errors.name && <p id="store-name-error" className="error" role="alert">{errors.name}</p>}
          <label className="field">
            <span>{t('setup.timeZone')}</span>
            <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
          </label>
          {errors.timeZone && <p className="error" role="alert">{errors.timeZone}</p>}
          <p className="muted">{t('settings.currencyFixed', { currency: store.currency })}</p>
          <button type="submit" className="btn btn-primary">{t('common.save')}</button>
        </>
      )}
    </form>
  );
}
