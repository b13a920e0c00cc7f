/**
 * Sync in Settings (manager and owner): connect to a server when not paired; when paired, which
 * server, the engine's state, the member download's progress, the way into the sync issues screen
 * (what the server refused or flagged, behind a manager's PIN), and (owner only) disconnecting this tablet.
 */
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { hasRole, useSession } from '../../app/session-store';
import { syncStateText } from '../../app/sync/sync-status-text';
import { useSyncState } from '../../app/sync/sync-state';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { SyncIssues } from '../sync-issues/sync-issues';
import { PairForm } from './pair-form';

export function SyncPanel() {
  const t = useT();
  const { repos, sync: runtime } = useServices();
  const sync = useSyncState();
  const role = useSession((s) => s.staff?.role);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const waiting = useLiveQuery(() => repos.outbox.count(), [repos], 0);
  const [unpairError, setUnpairError] = useState('');
  const [issues, setIssues] = useState(false);
  if (!runtime) return null;
  if (!sync.paired) return <section aria-label={t('sync.title')}><PairForm runtime={runtime} /></section>;

  const unpair = async () => {
    if (!window.confirm(t('sync.unpairConfirm'))) return;
    const r = await runtime.unpair();
    if (!r.ok) setUnpairError(t.plural('sync.unpairWaiting', r.waiting));
  };
  const boot = sync.bootstrap;
  const rejections = sync.status?.rejections ?? [];
  return (
    <section aria-label={t('sync.title')} className="sync-panel">
      <h2>{t('sync.title')}</h2>
      <p>{t('sync.connectedTo', { server: sync.server ?? '' })}</p>
      <p role="status" aria-label={t('sync.title')}>
        {syncStateText(t, sync.status)} · {sync.lastSyncedAt === null ? t('sync.neverSynced')
          : t('sync.lastSynced', { time: formatDateTime(sync.lastSyncedAt, timeZone, t.lang) })} · {t.plural('header.pendingSync', waiting)}
      </p>
      {boot && !boot.complete && (
        <div className="bootstrap">
          <progress aria-label={t('sync.bootstrap', { count: boot.membersLoaded })} />
          <span>{t('sync.bootstrap', { count: boot.membersLoaded })}</span>
          {boot.error && <p className="error">{t('sync.bootstrapError')}</p>}
        </div>
      )}
      {boot?.complete && <p className="muted">{t('sync.bootstrapDone', { count: boot.membersLoaded })}</p>}
      <button type="button" className="btn" onClick={() => void runtime.syncNow()}>{t('sync.syncNow')}</button>
      {issues ? <SyncIssues onClose={() => setIssues(false)} /> : (
        <button type="button" className="btn" onClick={() => setIssues(true)}>
          {t('issues.open')}{rejections.length > 0 ? ` (${rejections.length})` : ''}
        </button>
      )}
      {hasRole(role, 'owner') && (
        <>
          <button type="button" className="btn btn-danger" onClick={() => void unpair()}>{t('sync.unpair')}</button>
          {unpairError && <p className="error" role="alert">{unpairError}</p>}
        </>
      )}
    </section>
  );
}
