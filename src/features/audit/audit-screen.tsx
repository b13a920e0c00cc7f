/** The audit list: who did what and when (ids and amounts only, never personal data), newest first. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import type { MessageKey } from '../../i18n/en';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

/** Actions are stored as codes; one written by a newer version of the app shows as its code. */
const KNOWN = new Set(['sale', 'return', 'adjustment', 'approval', 'override', 'export', 'backup', 'restore', 'programme', 'care-outcome', 'care-settings', 'staff', 'settings']);

export default function AuditScreen() {
  const t = useT();
  const { repos } = useServices();
  const tz = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const entries = useLiveQuery(() => repos.audit.recent(200), [repos], []);
  const staff = useLiveQuery(() => repos.staff.list(), [repos], []);
  const actionLabel = (a: string) => (KNOWN.has(a) ? t(`audit.action.${a}` as MessageKey) : a);
  const nameOf = (id: string | null) => staff.find((s) => s.id === id)?.name ?? '—';
  return (
    <section aria-label={t('audit.title')}>
      <h1>{t('audit.title')}</h1>
      {entries.length === 0 ? <p className="muted">{t('audit.empty')}</p> : (
        <table className="table">
          <thead><tr><th>{t('audit.at')}</th><th>{t('audit.who')}</th><th>{t('audit.action')}</th><th>{t('audit.detail')}</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}><td>{formatDateTime(e.at, tz, t.lang)}</td><td>{nameOf(e.staffId)}</td><td>{actionLabel(e.action)}</td><td>{e.detail}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
