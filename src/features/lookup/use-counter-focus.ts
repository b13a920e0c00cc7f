/**
 * [UI-L10] The search box has the focus whenever the counter is idle: when the counter opens, when
 * the till asks for it (a member put on the sale, useLookup.focus), and after a tap anywhere on the
 * counter that leaves no field in use. Never while a dialog is open or another field is being typed in.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { useLookup } from '../../app/lookup-store';
import { useRouter } from '../../app/router';

function busy(): boolean {
  if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return true;
  const el = document.activeElement;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement
    || (el instanceof HTMLElement && el.isContentEditable);
}

export function useCounterFocus(input: RefObject<HTMLInputElement | null>, onAutoFocus: () => void): void {
  const onCounter = useRouter((s) => s.route.name === 'counter');
  const seq = useLookup((s) => s.focusSeq);
  const said = useRef(onAutoFocus);
  said.current = onAutoFocus;

  useEffect(() => {
    if (!onCounter) return;
    const take = () => {
      const box = input.current;
      if (!box || document.activeElement === box || busy()) return;
      said.current();
      box.focus({ preventScroll: true });
    };
    take();
    // After a tap on a product, a step button or the like, the box takes the focus back.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = () => { clearTimeout(timer); timer = setTimeout(take, 0); };
    document.addEventListener('click', later);
    document.addEventListener('focusout', later);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('click', later);
      document.removeEventListener('focusout', later);
    };
    // `seq`: a request from the till (a member just put on the sale) focuses again.
  }, [onCounter, seq, input]);
}
