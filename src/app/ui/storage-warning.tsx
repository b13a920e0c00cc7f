/** Tells a manager (not a cashier mid-sale) when the browser may clear the till's data or it is nearly full. */
import { useT } from '../../i18n/use-t';
import { hasRole, useSession } from '../session-store';
import { NEARLY_FULL, useStorageStatus } from '../storage-status';

export function StorageWarning() {
  const t = useT();
  const role = useSession((s) => s.staff?.role);
  const { persisted, usedRatio } = useStorageStatus();
  if (!hasRole(role, 'manager')) return null;
  const messages: string[] = [];
  if (persisted === false) messages.push(t('storage.notPersistent'));
  if (usedRatio !== null && usedRatio >= NEARLY_FULL) messages.push(t('storage.nearlyFull', { percent: Math.round(usedRatio * 100) }));
  if (messages.length === 0) return null;
  return <div className="banner banner-warn" role="alert">{messages.map((m) => <p key={m}>{m}</p>)}</div>;
}
