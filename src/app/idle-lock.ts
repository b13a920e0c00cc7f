/**
 * The idle lock (issue #7): after `ms` without a pointer, touch, key or wheel event the till locks
 * (the session's `lock`: the signed-in staff is cleared, the open cart is kept), so a tablet left on
 * the counter does not stay open. Any activity starts the wait again.
 */
import { useEffect } from 'react';

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

export function useIdleLock(ms: number, onIdle: () => void): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const restart = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(onIdle, ms);
    };
    restart();
    // Capture phase: a screen that stops propagation still counts as activity.
    for (const e of ACTIVITY) window.addEventListener(e, restart, { capture: true, passive: true });
    return () => {
      if (timer !== null) clearTimeout(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, restart, { capture: true });
    };
  }, [ms, onIdle]);
}
