/**
 * A screen in its own chunk that shows at once when the chunk has already arrived. React.lazy
 * suspends on its first render even when the import is done, and React then holds the revealed
 * screen back (Suspense throttling, about 300 ms): at a cold start that was the sign-in screen, and
 * after the PIN the counter, each shown 300 ms late. `preload()` starts the fetch early; once it has
 * arrived the component renders directly, without suspending.
 */
import { lazy, type ComponentType } from 'react';

export interface Preloadable {
  Screen: ComponentType;
  preload: () => Promise<unknown>;
}

export function preloadable(load: () => Promise<{ default: ComponentType }>): Preloadable {
  let loaded: ComponentType | null = null;
  let pending: Promise<{ default: ComponentType }> | null = null;
  const preload = () => {
    pending ??= load().then((m) => { loaded = m.default; return m; }, (e: unknown) => { pending = null; throw e; });
    return pending;
  };
  const Lazy = lazy(preload);
  function Screen() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { Screen, preload };
}
