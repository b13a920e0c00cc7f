/**
 * The always-reachable member search in the header: one box that takes a phone, a phone prefix,
 * the last four digits, a card number or a name (Chinese, pinyin initials, Latin); results on every
 * keystroke (stale answers dropped by useMemberSearch); a big-key keypad for phone entry; and a
 * camera scan (BarcodeDetector; where the browser has none, the camera dialog says so).
 * At the counter (UI-L8–UI-L10): a tap on a result or Enter on the only one puts the member on the
 * sale; each row's "card" button opens the card; the box has the focus whenever the counter is idle.
 */
import { lazy, Suspense, useRef, useState } from 'react';
import { useLookup } from '../../app/lookup-store';
import { openCard, pickMember, putOnSale } from '../../app/put-on-sale';
import { useServices } from '../../app/services';
import { handleScan } from '../../app/handle-scan';
import { Keypad } from '../../app/ui/keypad';
import { MemberResults } from '../../app/ui/member-results';
import { useMemberSearch } from '../../app/use-member-search';
import { useMembersRevision } from '../../app/sync/members-revision';
import { useT } from '../../i18n/use-t';
import { useCounterFocus } from './use-counter-focus';
import './lookup.css';

const CameraScan = lazy(() => import('./camera-scan'));

export function MemberSearchBox() {
  const t = useT();
  const services = useServices();
  const { text, setText } = useLookup();
  const [keypad, setKeypad] = useState(false);
  const [camera, setCamera] = useState(false);
  // A member who arrives by sync while the text is typed appears without typing again.
  const result = useMemberSearch(text, useMembersRevision());
  const open = text.trim() !== '';
  const input = useRef<HTMLInputElement>(null);
  // Focus given by the till, not by a tap, keeps the on-screen keyboard down; a tap on the box brings it.
  const [quiet, setQuiet] = useState(false);
  useCounterFocus(input, () => setQuiet(true));
  const only = result.text === text && result.hits.length === 1 ? result.hits[0] : undefined;

  return (
    <div className="lookup">
      <div className="lookup-row">
        <input
          className="lookup-input" type="search" value={text} aria-label={t('header.search')}
          placeholder={t('header.searchPlaceholder')} autoComplete="off" enterKeyHint="search"
          ref={input} inputMode={quiet ? 'none' : undefined} onPointerDown={() => setQuiet(false)}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // UI-L8: Enter takes the only result onto the sale, as a tap on it would during one.
            if (e.key !== 'Enter' || !only) return;
            e.preventDefault();
            setKeypad(false);
            putOnSale(only.member.id);
          }}
        />
        <button type="button" className="icon-btn" aria-pressed={keypad} aria-label={keypad ? t('keypad.hide') : t('keypad.show')}
          onClick={() => setKeypad((k) => !k)}>⌨</button>
        {/* Offered on every tablet: where the browser cannot read codes, the dialog says so and points to the scanner. */}
        <button type="button" className="icon-btn" aria-label={t('lookup.scanCamera')} onClick={() => setCamera(true)}>▣</button>
      </div>
      {(open || keypad) && (
        <div className="lookup-panel">
          {keypad && (
            <Keypad onKey={(d) => setText(text + d)} onBackspace={() => setText(text.slice(0, -1))} onClear={() => setText('')} />
          )}
          {open && result.text === text && result.hits.length === 0 && !result.searching && (
            <p className="muted">{t('lookup.noResults')}</p>
          )}
          {open && result.hits.length > 0 && (
            <MemberResults hits={result.hits}
              onPick={(h) => { setKeypad(false); pickMember(h.member.id); }}
              onCard={(h) => { setKeypad(false); openCard(h.member.id); }} />
          )}
        </div>
      )}
      {camera && (
        <Suspense fallback={null}>
          <CameraScan onClose={() => setCamera(false)} onCode={(code) => { setCamera(false); void handleScan(code, services); }} />
        </Suspense>
      )}
    </div>
  );
}
