/** One short message at a time at the bottom of the screen (polite live region), gone after a few seconds. */
import { useEffect } from 'react';
import { create } from 'zustand';

interface ToastState {
  message: string;
  kind: 'info' | 'error';
  n: number;
}

export const useToast = create<ToastState>()(() => ({ message: '', kind: 'info', n: 0 }));

export function toast(message: string, kind: 'info' | 'error' = 'info') {
  useToast.setState((s) => ({ message, kind, n: s.n + 1 }));
}

export function Toast() {
  const { message, kind, n } = useToast();
  useEffect(() => {
    if (!message) return undefined;
    const timer = setTimeout(() => useToast.setState({ message: '' }), 4000);
    return () => clearTimeout(timer);
  }, [message, n]);
  return (
    <div className={`toast toast-${kind}`} role={kind === 'error' ? 'alert' : 'status'} aria-live="polite">
      {message}
    </div>
  );
}
