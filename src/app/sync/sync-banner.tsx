/** Sync messages that must not be missed: why the tablet is back at setup; an app too old to sync; a forgotten tablet. */
import { useT } from '../../i18n/use-t';
import { useSyncState } from './sync-state';

/** Above first-run setup, after the tablet was disconnected and wiped. */
export function SyncNoticeBanner() {
  const t = useT();
  const notice = useSyncState((s) => s.notice);
  if (!notice) return null;
  return <p className="banner banner-warn" role="alert">{t(notice === 'revoked' ? 'sync.revokedNotice' : 'sync.unpairedNotice')}</p>;
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
