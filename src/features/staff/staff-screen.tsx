/** The owner's staff list: add a cashier or manager with a PIN, deactivate someone who left. */
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { hashPin, isValidPin } from '../../app/pin';
import { useServices } from '../../app/services';
import type { Role } from '../../domain/records';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';

const ROLES: Role[] = ['cashier', 'manager', 'owner'];

export default function StaffScreen() {
  const t = useT();
  const { repos, newId } = useServices();
  const staff = useLiveQuery(() => repos.staff.list(), [repos], []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');

  const add = async () => {
    if (!name.trim()) { setError(t('setup.errorName')); return; }
    if (!isValidPin(pin)) { setError(t('setup.errorPin')); return; }
    await repos.staff.put({ id: newId(), name: name.trim(), role, ...(await hashPin(pin)), failedAttempts: 0, lockedUntil: null, active: true });
    setName(''); setPin(''); setError('');
  };

  return (
    <section aria-label={t('staff.title')}>
      <h1>{t('staff.title')}</h1>
      <table className="table">
        <thead><tr><th>{t('staff.name')}</th><th>{t('staff.role')}</th><th /></tr></thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td><td>{t(`role.${s.role}` as MessageKey)}</td>
              <td>{s.active && s.role !== 'owner'
                ? <button type="button" className="btn btn-small" onClick={() => void repos.staff.put({ ...s, active: false })}>{t('staff.deactivate', { name: s.name })}</button>
                : <span className="muted">{s.active ? t('staff.active') : t('staff.inactive')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="product-form" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <label className="field"><span>{t('staff.name')}</span><input value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label className="field"><span>{t('staff.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}` as MessageKey)}</option>)}
          </select>
        </label>
        <label className="field"><span>{t('staff.pin')}</span><input type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} /></label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="btn btn-primary">{t('staff.add')}</button>
      </form>
    </section>
  );
}
