/** Sync messages that must not be missed: why the tablet is back at setup; an app too old to sync; a forgotten tablet. */
import { useT } from '../../i18n/use-t';
import { useSyncState } from './sync-state';

/** Above first-run setup, after the tablet was disconnected and wiped. */
export function SyncNoticeBanner() {
  const t = useT();
  const notice = useSyncState((s) => s.notice);
  const h = useSyncState((s) => s.handover);
  if (!notice) return null;
  return (
    <div className="banner banner-warn" role="alert">
      <p>{t(notice === 'revoked' ? 'sync.revokedNotice' : 'sync.unpairedNotice')}</p>
      {/* C-S19: what the tablet handed over to the server before it erased itself. */}
      {h && h.handedOver + h.refused + h.lost === 0 && <p>{t('sync.handoverNothing')}</p>}
      {h && h.handedOver > 0 && <p>{t.plural('sync.handedOver', h.handedOver)}</p>}
      {h && h.refused > 0 && <p>{t.plural('sync.handoverRefused', h.refused)}</p>}
      {h && h.lost > 0 && <p>{t.plural('sync.handoverLost', h.lost)}</p>}
    </div>
  );
}

/**
 * In the till: `client_outdated` asks for an update; an unknown token asks a manager to pair again;
 * while the members download (C-S13) a slim progress bar says how far it got (the till stays usable).
 */
export function SyncBanner() {
  const t = useT();
  const state = useSyncState((s) => s.status?.state);
  const boot = useSyncState((s) => s.bootstrap);
  if (state === 'outdated') return <p className="banner banner-warn" role="alert">{t('sync.outdatedBanner')}</p>;
  if (state === 'unpaired') return <p className="banner banner-warn" role="alert">{t('sync.unknownBanner')}</p>;
  if (boot && !boot.complete) {
    const text = t('sync.bootstrap', { count: boot.membersLoaded });
    return (
      <div className="banner">
        <progress aria-label={text} />
        <p>{text}{boot.error ? ` — ${t('sync.bootstrapError')}` : ''}</p>
      </div>
    );
  }
  return null;
}
