/**
 * Detects a barcode/QR scanner acting as a keyboard, from any screen: characters arriving faster
 * than a person types (each within GAP_MS of the last) and ending in Enter. A person typing the
 * same characters is left alone. When the burst landed in a text field, it is taken out again,
 * so a scanned card number does not stay in the search box.
 */
import { useEffect, useRef } from 'react';

export const GAP_MS = 40;
export const MIN_LENGTH = 6;

export function useScanner(onScan: (code: string) => void): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    let buf = '';
    let last = 0;
    const onKey = (e: KeyboardEvent) => {
      const now = e.timeStamp || performance.now();
      if (e.key === 'Enter') {
        const code = buf;
        const fast = now - last < GAP_MS * 3;
        buf = '';
        if (code.length >= MIN_LENGTH && fast) {
          e.preventDefault();
          e.stopPropagation();
          removeFromField(code);
          handler.current(code);
        }
        return;
      }
      if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
      buf = now - last <= GAP_MS ? buf + e.key : e.key;
      last = now;
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

function removeFromField(code: string) {
  const el = document.activeElement;
  if (!(el instanceof HTMLInputElement)) return;
  if (!el.value.endsWith(code)) return;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(el, el.value.slice(0, -code.length));
  el.dispatchEvent(new Event('input', { bubbles: true }));
}
