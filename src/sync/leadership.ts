/**
 * Only one tab syncs: the Web Locks API grants the lock 'regulars-sync' to one tab at a time; the
 * others wait and take over when the leader's tab closes. Where the API is missing, the tab leads.
 */
export const SYNC_LOCK = 'regulars-sync';

/** The part of `navigator.locks` the engine uses; tests pass a fake. */
export interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<unknown>;
}

export function browserLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

/** Holds the lock until `release` is called; `onLead` runs when this tab becomes the leader. */
export function lead(locks: LockManagerLike | null, onLead: () => void): { release(): void } {
  if (!locks) {
    onLead();
    return { release() {} };
  }
  let release = () => {};
  let released = false;
  void locks.request(SYNC_LOCK, () => new Promise<void>((resolve) => {
    release = resolve;
    if (released) resolve();
    else onLead();
  }));
  return { release() { released = true; release(); } };
}
