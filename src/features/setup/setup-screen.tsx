/** First start: store name, currency, time zone, language, owner's name and PIN — or try the demo. */
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { hashPin, isValidPin } from '../../app/pin';
import { currentProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { useLang, useT } from '../../i18n/use-t';
import { browserZone, TimeZoneSelect } from '../../app/ui/time-zone-select';
import { defaultTemplate } from '../../domain/profile-template';
import { isTimeZone } from '../../domain/time';
import { createStore } from './create-store';
import type { SetupForm } from './create-store';
import { DEMO_CASHIER_PIN, demoProducts } from './demo-data';
import { addDemoHistory } from './demo-history';
import './setup.css';

const CURRENCIES = ['CNY', 'HKD', 'TWD', 'USD', 'EUR'];
export default function SetupScreen() {
  const t = useT();
  const services = useServices();
  const { lang, setLang } = useLang();
  const [storeName, setStoreName] = useState('');
  const [currency, setCurrency] = useState('CNY');
  const [timeZone, setTimeZone] = useState(browserZone);
  const [ownerName, setOwnerName] = useState('');
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const finish = async (form: SetupForm, demo: boolean) => {
    setBusy(true);
    try {
      const { repos, now, newId } = services;
      const { store, owner } = await createStore(repos, form, now(), newId);
      if (demo) {
        const products = demoProducts(newId);
        await repos.products.put(products);
        await repos.settings.set('profileTemplate', defaultTemplate('mother-and-baby'));
        // A cashier too, so the demo shows what a cashier may and may not do.
        const cashierId = newId();
        await repos.staff.put({
          id: cashierId, name: lang === 'en' ? 'Lily (cashier)' : '李丽（收银员）', role: 'cashier', ...(await hashPin(DEMO_CASHIER_PIN)),
          failedAttempts: 0, lockedUntil: null, active: true,
        });
        await addDemoHistory({
          repos, programme: currentProgramme(), store, staffIds: [owner.id, cashierId], deviceId: useSession.getState().deviceId, now: now(), newId,
        }, products);
      }
      useSession.getState().setStore(store);
      useSession.getState().signIn(owner);
    } catch (e) {
      setErrors({ form: t('error.generic', { message: e instanceof Error ? e.message : String(e) }) });
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!storeName.trim()) errs.storeName = t('setup.errorName');
    if (!ownerName.trim()) errs.ownerName = t('setup.errorName');
    if (!isTimeZone(timeZone)) errs.timeZone = t('setup.errorTimeZone');
    if (!isValidPin(pin)) errs.pin = t('setup.errorPin');
    else if (pin !== pin2) errs.pin2 = t('setup.errorPinMatch');
    setErrors(errs);
    if (Object.keys(errs).length === 0) void finish({ storeName, currency, timeZone, locale: lang, ownerName, ownerPin: pin }, false);
  };

  const demo = () => void finish({
    storeName: lang === 'en' ? 'Little Sprouts (demo)' : '小芽母婴店（演示）', currency: 'CNY', timeZone: 'Asia/Shanghai', locale: lang,
    ownerName: lang === 'en' ? 'Mei (owner)' : '王美（店主）', ownerPin: '1234',
  }, true);

  const field = (id: string, label: string, input: ReactNode) => (
    <label className="field" key={id}>
      <span>{label}</span>
      {input}
      {errors[id] && <span className="error" role="alert">{errors[id]}</span>}
    </label>
  );

  return (
    <main className="setup">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={submit} noValidate>
        {field('storeName', t('setup.storeName'), <input value={storeName} onChange={(e) => setStoreName(e.target.value)} />)}
        <div className="setup-row">
          {field('currency', t('setup.currency'), (
            <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {CURRENCIES.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          ))}
          {field('timeZone', t('setup.timeZone'), <TimeZoneSelect value={timeZone} onChange={setTimeZone} />)}
          {field('language', t('setup.language'), (
            <select value={lang} onChange={(e) => void setLang(e.target.value === 'en' ? 'en' : 'zh-CN')}>
              <option value="zh-CN">中文</option>
              <option value="en">English</option>
            </select>
          ))}
        </div>
        {field('ownerName', t('setup.ownerName'), <input value={ownerName} onChange={(e) => setOwnerName(e.target.value)} />)}
        <div className="setup-row">
          {field('pin', t('setup.ownerPin'), <input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} />)}
          {field('pin2', t('setup.ownerPinAgain'), <input type="password" inputMode="numeric" value={pin2} onChange={(e) => setPin2(e.target.value)} />)}
        </div>
        {errors.form && <p className="error" role="alert">{errors.form}</p>}
        <div className="actions">
          <button type="submit" className="btn btn-primary btn-big" disabled={busy}>{t('setup.start')}</button>
          <button type="button" className="btn btn-big" disabled={busy} onClick={demo}>{t('setup.demo')}</button>
        </div>
        <p className="muted">{t('setup.demoHint')}</p>
      </form>
    </main>
  );
}
