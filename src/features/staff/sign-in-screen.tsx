/** Staff sign-in: pick who you are (big buttons), type the PIN (keypad or keyboard). Lock-out after 5 wrong PINs. */
import { useEffect, useState } from 'react';
import type { Staff } from '../../domain/records';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { checkStaffPin } from '../../app/staff-auth';
import { Keypad } from '../../app/ui/keypad';
import type { MessageKey } from '../../i18n/en';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import './staff.css';

export default function SignInScreen() {
  const t = useT();
  const { repos, now } = useServices();
  const store = useSession((s) => s.store);
  const signIn = useSession((s) => s.signIn);
  const [staff, setStaff] = useState<Staff[]>([]);
  const [who, setWho] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void repos.staff.list().then((all) => {
      if (!live) return;
      const active = all.filter((s) => s.active);
      setStaff(active);
      if (active.length === 1 && active[0]) setWho(active[0].id);
    });
    return () => { live = false; };
  }, [repos]);

  const submit = async () => {
    if (!who || busy) return;
    setBusy(true);
    const r = await checkStaffPin(repos, who, pin, now());
    setBusy(false);
    setPin('');
    if (r.ok) signIn(r.staff);
    else if (r.reason === 'wrong') setError(t('signin.wrong', { left: r.left }));
    else if (r.reason === 'locked') setError(t('signin.locked', { time: formatDateTime(r.until, store?.timeZone ?? 'Asia/Shanghai', t.lang) }));
    else setError(t('manager.notAllowed'));
  };

  return (
    <main className="signin">
      <h1>{store?.name ?? t('app.name')}</h1>
      <h2>{t('signin.who')}</h2>
      <div className="choice-row" role="radiogroup" aria-label={t('signin.who')}>
        {staff.map((s) => (
          <button key={s.id} type="button" role="radio" aria-checked={who === s.id} className={who === s.id ? 'chip chip-on' : 'chip'}
            onClick={() => { setWho(s.id); setError(''); }}>
            {s.name} <small>{t(`role.${s.role}` as MessageKey)}</small>
          </button>
        ))}
      </div>
      <form className="signin-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label className="field">
          <span>{t('signin.pin')}</span>
          <input type="password" inputMode="numeric" autoComplete="off" value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))} />
        </label>
        <Keypad onKey={(d) => setPin((p) => (p + d).slice(0, 8))} onBackspace={() => setPin((p) => p.slice(0, -1))} onClear={() => setPin('')} />
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="btn btn-primary btn-big" disabled={!who || pin.length < 4 || busy}>{t('signin.submit')}</button>
      </form>
    </main>
  );
}
