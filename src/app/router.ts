/**
 * A small hash router: the screen is state in a zustand store, mirrored to location.hash so the
 * browser's back button works and a reload (also offline, from the precache) returns to the screen.
 */
import { create } from 'zustand';

export type Route =
  | { name: 'counter' }
  | { name: 'member'; id: string }
  | { name: 'returns'; receiptNo?: string }
  | { name: 'care' }
  | { name: 'care-settings' }
  | { name: 'complaint'; memberId: string }
  | { name: 'backup' }
  | { name: 'catalogue' }
  | { name: 'staff' }
  | { name: 'audit' }
  | { name: 'settings' }
  | { name: 'insights' }
  | { name: 'members' }
  | { name: 'import' }
  | { name: 'programme' };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map((p) => decodeURIComponent(p));
  const [head, arg] = parts;
  switch (head) {
    case 'member': return arg ? { name: 'member', id: arg } : { name: 'counter' };
    case 'returns': return arg ? { name: 'returns', receiptNo: arg } : { name: 'returns' };
    case 'care': return { name: 'care' };
    case 'care-settings': return { name: 'care-settings' };
    case 'complaint': return arg ? { name: 'complaint', memberId: arg } : { name: 'care' };
    case 'backup': return { name: 'backup' };
    case 'catalogue': return { name: 'catalogue' };
    case 'staff': return { name: 'staff' };
    case 'audit': return { name: 'audit' };
    case 'settings': return { name: 'settings' };
    case 'insights': return { name: 'insights' };
    case 'members': return { name: 'members' };
    case 'import': return { name: 'import' };
    case 'programme': return { name: 'programme' };
    default: return { name: 'counter' };
  }
}

export function routeHash(r: Route): string {
  switch (r.name) {
    case 'member': return `#/member/${encodeURIComponent(r.id)}`;
    case 'returns': return r.receiptNo ? `#/returns/${encodeURIComponent(r.receiptNo)}` : '#/returns';
    case 'complaint': return `#/complaint/${encodeURIComponent(r.memberId)}`;
    default: return `#/${r.name}`;
  }
}

interface RouterState {
  route: Route;
  go: (r: Route) => void;
}

export const useRouter = create<RouterState>()((set) => ({
  route: typeof location === 'undefined' ? { name: 'counter' } : parseHash(location.hash),
  go: (route) => {
    set({ route });
    if (typeof location !== 'undefined' && location.hash !== routeHash(route)) location.hash = routeHash(route);
  },
}));

/** Follows the browser's back/forward buttons. Returns the unsubscribe function. */
export function listenToHash(): () => void {
  const onChange = () => useRouter.setState({ route: parseHash(location.hash) });
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
