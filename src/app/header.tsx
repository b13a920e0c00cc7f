/** The header: store, member search (always in reach), navigation by role, language, sync status, lock. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { MemberSearchBox } from '../features/lookup/member-search-box';
import type { MessageKey } from '../i18n/en';
import { LANGS } from '../i18n/i18n';
import { useLang, useT } from '../i18n/use-t';
import type { Route } from './router';
import { useRouter } from './router';
import { useServices } from './services';
import { hasRole, useSession } from './session-store';
import { useOnline } from './use-online';
import { syncStateText } from './sync/sync-status-text';
import { useSyncState } from './sync/sync-state';
import { formatDateTime } from '../i18n/format';

type NavItem = { name: Route['name']; key: MessageKey; role: 'cashier' | 'manager' | 'owner'; more?: true };

// The cashier's screens stay in the bar; the back-office ones go under "More" so the search box keeps its width.
const NAV: NavItem[] = [
  { name: 'counter', key: 'nav.counter', role: 'cashier' },
  { name: 'returns', key: 'nav.returns', role: 'cashier' },
  { name: 'care', key: 'nav.care', role: 'cashier' },
  { name: 'insights', key: 'nav.insights', more: true, role: 'manager' },
  { name: 'members', key: 'nav.members', more: true, role: 'manager' },
  { name: 'import', key: 'nav.import', more: true, role: 'manager' },
  { name: 'catalogue', key: 'nav.catalogue', more: true, role: 'manager' },
  { name: 'audit', key: 'nav.audit', more: true, role: 'manager' },
  { name: 'staff', key: 'nav.staff', more: true, role: 'owner' },
  // The screen asks the manager's or owner's PIN again when it opens (loyalty-spec P5).
  { name: 'programme', key: 'nav.programme', more: true, role: 'manager' },
  { name: 'settings', key: 'nav.settings', more: true, role: 'manager' },
  { name: 'backup', key: 'backup.title', more: true, role: 'manager' },
];

/** The least role that may open a screen (screens not in the menu, like a member's card, are the cashier's). */
export function roleForRoute(name: Route['name']): NavItem['role'] {
  return NAV.find((n) => n.name === name)?.role ?? 'cashier';
}

export function Header() {
  const t = useT();
  const { repos } = useServices();
  const { route, go } = useRouter();
  const staff = useSession((s) => s.staff);
  const storeName = useSession((s) => s.store?.name ?? '');
  const lock = useSession((s) => s.lock);
  const { lang, setLang } = useLang();
  const online = useOnline();
  const pending = useLiveQuery(() => repos.outbox.count(), [repos], 0);
  const [moreOpen, setMoreOpen] = useState(false);
  const sync = useSyncState();
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  // When paired: the engine's state, when it last synced, and what waits (C-S7: shown, never waited for).
  const statusText = [
    online ? t('header.online') : t('header.offline'),
    ...(sync.paired ? [
      t.plural('header.pendingSync', pending),
      syncStateText(t, sync.status),
      sync.lastSyncedAt === null ? t('sync.neverSynced') : t('sync.lastSynced', { time: formatDateTime(sync.lastSyncedAt, timeZone, lang) }),
    ] : []),
  ].join(', ');
  const syncClass = !online || (sync.paired && sync.status?.error) ? 'sync sync-off' : 'sync sync-on';
  const allowed = NAV.filter((n) => hasRole(staff?.role, n.role));
  const more = allowed.filter((n) => n.more);
  const navButton = (n: NavItem) => (
    <button key={n.name} type="button" className={route.name === n.name ? 'nav-btn nav-on' : 'nav-btn'}
      aria-current={route.name === n.name ? 'page' : undefined} onClick={() => { setMoreOpen(false); go({ name: n.name } as Route); }}>
      {t(n.key)}
    </button>
  );

  return (
    <header className="header">
      <div className="header-brand">{storeName || t('app.name')}</div>
      <MemberSearchBox />
      <nav className="header-nav" aria-label={t('header.menu')}>
        {allowed.filter((n) => !n.more).map(navButton)}
        {more.length > 0 && (
          <div className="nav-more">
            <button type="button" className={more.some((n) => n.name === route.name) ? 'nav-btn nav-on' : 'nav-btn'} aria-expanded={moreOpen}
              onClick={() => setMoreOpen((o) => !o)}>{t('header.more')} ▾</button>
            {moreOpen && <div className="nav-more-list">{more.map(navButton)}</div>}
          </div>
        )}
      </nav>
      <div className="header-tools">
        <span className={syncClass} role="status" title={statusText} aria-label={statusText}>
          {/* Changes waiting only mean something when there is a server to send them to. */}
          {online ? '●' : '○'} {sync.paired && pending > 0 ? pending : ''}{sync.paired && sync.status?.error ? ' !' : ''}
        </span>
        <select className="lang" aria-label={t('header.language')} value={lang} onChange={(e) => void setLang(e.target.value === 'en' ? 'en' : 'zh-CN')}>
          {LANGS.map((l) => <option key={l} value={l}>{l === 'en' ? 'EN' : '中文'}</option>)}
        </select>
        <button type="button" className="icon-btn lock-btn" aria-label={t('header.lock')} title={staff ? t('header.signedIn', { name: staff.name }) : ''}
          onClick={lock}>
          {staff && <span className="lock-who" aria-hidden="true">{staff.name}</span>}
          <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true"><rect x="5" y="11" width="14" height="10" rx="2" fill="currentColor" /><path d="M8 11V8a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" strokeWidth="2" /></svg>
        </button>
      </div>
    </header>
  );
}
