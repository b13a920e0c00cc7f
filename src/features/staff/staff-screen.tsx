/**
 * The owner's staff list: add a cashier or manager with a PIN, change a role, set a new PIN for
 * someone who forgot theirs (which also lifts a lock-out), deactivate someone who left and take them
 * back. Every change is in the audit list. On a paired till the staff come from the server
 * (`npm run admin -- add-staff` adds one): a new PIN, a role or a state is the owner's change on the
 * server (UI-S1, sync-protocol S25; staff-on-server.ts), needing the network, and comes back with the
 * pull; lifting a lock-out only concerns this tablet and stays local.
 */
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { hashPin, isLocked, isValidPin } from '../../app/pin';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { useSyncState } from '../../app/sync/sync-state';
import { toast } from '../../app/ui/toast';
import type { Role, Staff } from '../../domain/records';
import type { StaffPatch } from '../../sync/api-client';
import type { MessageKey } from '../../i18n/en';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { changeStaffOnServer, staffChangeErrorText } from './staff-on-server';
import './staff.css';

const ROLES: Role[] = ['cashier', 'manager', 'owner'];

export default function StaffScreen() {
  const t = useT();
  const { repos, newId, now, sync } = useServices();
  const me = useSession((s) => s.staff);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const deviceId = useSession((s) => s.deviceId);
  // The runtime knows at once; the sync state follows when it publishes (and a screen test may set it alone).
  const paired = useSyncState((s) => s.paired) || (sync?.isPaired() ?? false);
  const staff = useLiveQuery(() => repos.staff.list(), [repos], []);
  const [resetting, setResetting] = useState<string | null>(null);
  const [problem, setProblem] = useState('');

  /** Saves a changed staff member and records who changed what (ids and roles only, never names). */
  const save = async (next: Staff, detail: string) => {
    await repos.staff.put(next, { id: newId(), at: now(), staffId: me?.id ?? null, deviceId, action: 'staff', subjectId: next.id, detail });
  };
  /**
   * A PIN, role or state change: on a paired till the owner's, on the server (true once it is made there);
   * otherwise this tablet's own row. False when nothing changed (the prompt cancelled, or `problem` says why).
   */
  const change = async (s: Staff, patch: StaffPatch, next: () => Promise<Staff>, detail: string): Promise<boolean> => {
    setProblem('');
    if (paired) {
      if (!sync) { setProblem(t('staff.server.offline')); return false; }
      try {
        return await changeStaffOnServer(sync, s.id, patch);
      } catch (e) {
        setProblem(staffChangeErrorText(t, e));
        return false;
      }
    }
    await save(await next(), detail);
    return true;
  };
  const owners = staff.filter((s) => s.active && s.role === 'owner').length;
  // The last active owner can be neither demoted nor deactivated: the till would have no owner left.
  const isLastOwner = (s: Staff) => s.role === 'owner' && s.active && owners <= 1;

  return (
    <section className="staff-screen" aria-label={t('staff.title')}>
      <h1>{t('staff.title')}</h1>
      {paired && <p className="notice">{t('staff.pairedNote')}</p>}
      {problem && <p className="error" role="alert">{problem}</p>}
      <table className="table">
        <thead><tr><th>{t('staff.name')}</th><th>{t('staff.role')}</th><th>{t('staff.state')}</th><th>{t('staff.actions')}</th></tr></thead>
        <tbody>
          {staff.map((s) => {
            const locked = isLocked(s, now()) && s.lockedUntil !== null;
            return (
              <tr key={s.id} className={s.active ? undefined : 'muted'}>
                <td>{s.name}</td>
                <td>
                  {isLastOwner(s) || !s.active ? t(`role.${s.role}` as MessageKey) : (
                    <select aria-label={t('staff.roleOf', { name: s.name })} value={s.role}
                      onChange={(e) => { const role = e.target.value as Role; void change(s, { role }, () => Promise.resolve({ ...s, role }), `role=${role}`); }}>
                      {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}` as MessageKey)}</option>)}
                    </select>
                  )}
                </td>
                <td>
                  {!s.active ? t('staff.inactive')
                    : locked && s.lockedUntil !== null ? t('staff.lockedUntil', { time: formatDateTime(s.lockedUntil, timeZone, t.lang) })
                      : t('staff.active')}
                </td>
                <td className="staff-actions">
                  {locked && (
                    <button type="button" className="btn btn-small" onClick={() => void save({ ...s, failedAttempts: 0, lockedUntil: null }, 'unlock')}>
                      {t('staff.unlock', { name: s.name })}
                    </button>
                  )}
                  {s.active && (
                    <button type="button" className="btn btn-small" onClick={() => setResetting(resetting === s.id ? null : s.id)}>
                      {t('staff.newPin', { name: s.name })}
                    </button>
                  )}
                  {!isLastOwner(s) && (
                    <button type="button" className="btn btn-small"
                      onClick={() => void change(s, { active: !s.active }, () => Promise.resolve({ ...s, active: !s.active }), s.active ? 'deactivate' : 'reactivate')}>
                      {t(s.active ? 'staff.deactivate' : 'staff.reactivate', { name: s.name })}
                    </button>
                  )}
                  {resetting === s.id && (
                    <NewPinForm onCancel={() => setResetting(null)} onSave={async (pin) => {
                      const done = await change(s, { pin }, async () => ({ ...s, ...(await hashPin(pin)), failedAttempts: 0, lockedUntil: null }), 'pin');
                      if (!done) return;
                      setResetting(null);
                      toast(t('staff.pinChanged', { name: s.name }));
                    }} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!paired && <AddStaffForm onAdd={async (name, role, pin) => {
        const id = newId();
        await save({ id, name, role, ...(await hashPin(pin)), failedAttempts: 0, lockedUntil: null, active: true }, `add role=${role}`);
      }} />}
    </section>
  );
}

function NewPinForm({ onSave, onCancel }: { onSave: (pin: string) => Promise<void>; onCancel: () => void }) {
  const t = useT();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const submit = () => {
    if (!isValidPin(pin)) setError(t('setup.errorPin'));
    else if (pin !== again) setError(t('setup.errorPinMatch'));
    else void onSave(pin);
  };
  return (
    <form className="staff-pin-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <label className="field"><span>{t('staff.pin')}</span>
        <input type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      <label className="field"><span>{t('setup.ownerPinAgain')}</span>
        <input type="password" inputMode="numeric" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn-primary">{t('common.save')}</button>
      </div>
    </form>
  );
}

function AddStaffForm({ onAdd }: { onAdd: (name: string, role: Role, pin: string) => Promise<void> }) {
  const t = useT();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const add = async () => {
    if (!name.trim()) { setError(t('setup.errorName')); return; }
    if (!isValidPin(pin)) { setError(t('setup.errorPin')); return; }
    await onAdd(name.trim(), role, pin);
    setName(''); setPin(''); setError('');
  };
  return (
    <form className="product-form" aria-label={t('staff.add')} onSubmit={(e) => { e.preventDefault(); void add(); }}>
      <label className="field"><span>{t('staff.name')}</span><input value={name} onChange={(e) => setName(e.target.value)} /></label>
      <label className="field"><span>{t('staff.role')}</span>
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}` as MessageKey)}</option>)}
        </select>
      </label>
      <label className="field"><span>{t('staff.pin')}</span>
        <input type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit" className="btn btn-primary">{t('staff.add')}</button>
    </form>
  );
}
