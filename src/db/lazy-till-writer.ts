/**
 * The till writer, loaded on first use: the sale, return, enrolment and care-outcome writes (and the
 * rules behind them) are not needed to show the sign-in screen or the search box, so they are kept
 * out of the till's first bundle (issue #6: initial JavaScript ≤ 120 KiB gzip). The chunk is fetched
 * (from the service worker's precache, so also offline) as soon as the repositories are built, and
 * every call waits for it. A failed load is tried again at the next call.
 */
import type { TillWriter } from './repositories';

/** Every TillWriter method returns a promise: that is what lets a call wait for the chunk. */
type AllAsync<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? true : false }[keyof T];
const everyMethodIsAsync: false extends AllAsync<TillWriter> ? never : true = true;
void everyMethodIsAsync;

export function lazyTillWriter(load: () => Promise<TillWriter>): TillWriter {
  let loading: Promise<TillWriter> | null = null;
  const writer = () => (loading ??= load().catch((e: unknown) => {
    loading = null;
    throw e;
  }));
  writer().catch(() => undefined);
  return new Proxy({} as TillWriter, {
    get(_target, name) {
      // Not a thenable, and no symbol-keyed members (inspection, iteration).
      if (typeof name !== 'string' || name === 'then') return undefined;
      return async (...args: unknown[]) => {
        const w = await writer();
        const method: unknown = Reflect.get(w, name);
        if (typeof method !== 'function') throw new TypeError(`The till writer has no method ${name}`);
        return (method as (...a: unknown[]) => unknown).apply(w, args);
      };
    },
  });
}
