/**
 * The manager PIN prompt. Any screen calls `askManager(reason)` and awaits the approving manager
 * (or null when cancelled); the prompt itself is mounted once by the shell. Used for manual points
 * adjustments, returns outside the window, line discounts above the limit, exports and programme changes.
 */
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { Staff } from '../../domain/records';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';
import { formatDateTime } from '../../i18n/format';
import { useServices } from '../services';
import { hasRole } from '../session-store';
import type { SignedIn } from '../session-store';
import { useSession } from '../session-store';
import { checkStaffPin } from '../staff-auth';
import { Dialog } from './dialog';
import { Keypad } from './keypad';

export type ManagerReason = 'adjust' | 'returnLate' | 'discount' | 'export' | 'programme';

interface PromptState {
  request: { reason: ManagerReason; resolve: (m: SignedIn | null) => void } | null;
}

export const useManagerPrompt = create<PromptState>()(() => ({ request: null }));

export function askManager(reason: ManagerReason): Promise<SignedIn | null> {
  return new Promise((resolve) => {
    useManagerPrompt.getState().request?.resolve(null);
    useManagerPrompt.setState({ request: { reason, resolve } });
  });
}

function finish(m: SignedIn | null) {
  const req = useManagerPrompt.getState().request;
  useManagerPrompt.setState({ request: null });
  req?.resolve(m);
}

export function ManagerPinPrompt() {
  const request = useManagerPrompt((s) => s.request);
  if (!request) return null;
  return <PromptBody reason={request.reason} />;
}

function PromptBody({ reason }: { reason: ManagerReason }) {
  const t = useT();
  const { repos, now } = useServices();
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const [managers, setManagers] = useState<Staff[]>([]);
  const [who, setWho] = useState<string>('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void repos.staff.list().then((all) => {
      if (!live) return;
      const m = all.filter((s) => s.active && hasRole(s.role, 'manager'));
      setManagers(m);
      if (m[0]) setWho(m[0].id);
    });
    return () => { live = false; };
  }, [repos]);

  const approve = async () => {
    if (!who || busy) return;
    setBusy(true);
    const r = await checkStaffPin(repos, who, pin, now(), 'manager');
    setBusy(false);
    setPin('');
    if (r.ok) finish({ id: r.staff.id, name: r.staff.name, role: r.staff.role });
    else if (r.reason === 'wrong') setError(t('signin.wrong', { left: r.left }));
    else if (r.reason === 'locked') setError(t('signin.locked', { time: formatDateTime(r.until, timeZone, t.lang) }));
    else setError(t('manager.notAllowed'));
  };

  return (
    <Dialog title={t('manager.title')} onClose={() => finish(null)}>
      <p>{t('manager.reason', { reason: t(`manager.reason.${reason}` as MessageKey) })}</p>
      <div className="choice-row" role="radiogroup" aria-label={t('role.manager')}>
        {managers.map((m) => (
          <button key={m.id} type="button" role="radio" aria-checked={who === m.id}
            className={who === m.id ? 'chip chip-on' : 'chip'} onClick={() => setWho(m.id)}>{m.name}</button>
        ))}
      </div>
      <form onSubmit={(e) => { e.preventDefault(); void approve(); }}>
        <label className="field">
          <span>{t('signin.pin')}</span>
          <input type="password" inputMode="numeric" autoComplete="off" value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))} />
        </label>
        <Keypad onKey={(d) => setPin((p) => (p + d).slice(0, 8))} onBackspace={() => setPin((p) => p.slice(0, -1))} onClear={() => setPin('')} />
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" className="btn" onClick={() => finish(null)}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={busy || pin.length < 4}>{t('manager.approve')}</button>
        </div>
      </form>
    </Dialog>
  );
}
