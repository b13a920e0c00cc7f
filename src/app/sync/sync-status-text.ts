/** The engine's state in words, for the header and the settings screen. */
import type { SyncStatus } from '../../sync/engine-status';
import type { T } from '../../i18n/use-t';

export function syncStateText(t: T, s: SyncStatus | null): string {
  if (!s) return t('sync.state.syncing');
  switch (s.state) {
    case 'error': return t('sync.state.error', { code: s.error?.code ?? '' });
    default: return t(`sync.state.${s.state}`);
  }
}
