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

/** In the till: `client_outdated` asks for an update; an unknown token asks a manager to pair again. */
export function SyncBanner() {
  const t = useT();
  const state = useSyncState((s) => s.status?.state);
  if (state === 'outdated') return <p className="banner banner-warn" role="alert">{t('sync.outdatedBanner')}</p>;
  if (state === 'unpaired') return <p className="banner banner-warn" role="alert">{t('sync.unknownBanner')}</p>;
  return null;
}
