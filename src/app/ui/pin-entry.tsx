/**
 * Who-are-you chips, a PIN field and the keypad: the one PIN form behind staff sign-in and the
 * manager prompt. The hook checks the PIN with `checkStaffPin` (slow salted hash, lock-out) and turns
 * a refusal into the message shown under the field.
 */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { Role, Staff } from '../../domain/records';
import type { MessageKey } from '../../i18n/en';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { useServices } from '../services';
import { useSession } from '../session-store';
import { checkStaffPin } from '../staff-auth';
import { Keypad } from './keypad';

const MAX_PIN = 8;
export const MIN_PIN = 4;

export interface PinForm {
  staff: Staff[];
  who: string;
  choose: (id: string) => void;
  pin: string;
  setPin: (update: (pin: string) => string) => void;
  error: string;
  busy: boolean;
  /** Checks the PIN of the chosen staff member; calls `onOk` with them when it is right. */
  submit: (onOk: (s: Staff) => void) => Promise<void>;
}

/**
 * `eligible` picks who may appear (active staff, or managers only); `preselect` chooses the first
 * one at once (the manager prompt) or only when there is a single choice (sign-in).
 */
export function usePinForm(eligible: (s: Staff) => boolean, preselect: 'first' | 'only', requiredRole?: Role): PinForm {
  const t = useT();
  const { repos, now } = useServices();
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const [staff, setStaff] = useState<Staff[]>([]);
  const [who, setWho] = useState('');
  const [pin, setPinState] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void repos.staff.list().then((all) => {
      if (!live) return;
      const shown = all.filter(eligible);
      setStaff(shown);
      const first = shown[0];
      if (first && (preselect === 'first' || shown.length === 1)) setWho(first.id);
    });
    return () => { live = false; };
    // `eligible` is a filter chosen once per form; re-running on its identity would refetch each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [repos]);

  const submit = async (onOk: (s: Staff) => void) => {
    if (!who || busy) return;
    setBusy(true);
    const r = await checkStaffPin(repos, who, pin, now(), requiredRole);
    setBusy(false);
    setPinState('');
    if (r.ok) onOk(r.staff);
    else if (r.reason === 'wrong') setError(t('signin.wrong', { left: r.left }));
    else if (r.reason === 'locked') setError(t('signin.locked', { time: formatDateTime(r.until, timeZone, t.lang) }));
    else setError(t('manager.notAllowed'));
  };

  return {
    staff, who, pin, error, busy, submit,
    choose: (id) => { setWho(id); setError(''); },
    setPin: (update) => setPinState((p) => update(p).replace(/\D/g, '').slice(0, MAX_PIN)),
  };
}

interface PinEntryProps {
  form: PinForm;
  /** The accessible name of the staff chooser. */
  chooserLabel: string;
  showRoles?: boolean;
  onSubmit: () => void;
  formClassName?: string;
  /** The form's buttons (submit and, where there is one, cancel). */
  children: ReactNode;
}

export function PinEntry({ form: check, chooserLabel, showRoles, onSubmit, formClassName, children }: PinEntryProps) {
  const t = useT();
  return (
    <>
      <div className="choice-row" role="radiogroup" aria-label={chooserLabel}>
        {check.staff.map((s) => (
          <button key={s.id} type="button" role="radio" aria-checked={check.who === s.id}
            className={check.who === s.id ? 'chip chip-on' : 'chip'} onClick={() => check.choose(s.id)}>
            {s.name}{showRoles && <> <small>{t(`role.${s.role}` as MessageKey)}</small></>}
          </button>
        ))}
      </div>
      <form className={formClassName} onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
        <label className="field">
          <span>{t('signin.pin')}</span>
          <input type="password" inputMode="numeric" autoComplete="off" value={check.pin}
            onChange={(e) => { const v = e.target.value; check.setPin(() => v); }} />
        </label>
        <Keypad onKey={(d) => check.setPin((p) => p + d)} onBackspace={() => check.setPin((p) => p.slice(0, -1))}
          onClear={() => check.setPin(() => '')} />
        {check.error && <p className="error" role="alert">{check.error}</p>}
        {children}
      </form>
    </>
  );
}
