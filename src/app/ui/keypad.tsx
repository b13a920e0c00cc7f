/** A big-key numeric keypad for fingers: digits, delete, clear. Each key is a real button with a name. */
import { useT } from '../../i18n/use-t';

interface Props {
  onKey: (digit: string) => void;
  onBackspace: () => void;
  onClear: () => void;
  /** Extra key at the bottom left (e.g. '.' for amounts); none by default. */
  extra?: string;
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function Keypad({ onKey, onBackspace, onClear, extra }: Props) {
  const t = useT();
  return (
    <div className="keypad" role="group" aria-label={t('keypad.label')}>
      {DIGITS.map((d) => (
        <button key={d} type="button" className="key" onClick={() => onKey(d)}>{d}</button>
      ))}
      {extra
        ? <button type="button" className="key" onClick={() => onKey(extra)}>{extra}</button>
        : <button type="button" className="key key-muted" onClick={onClear} aria-label={t('keypad.clear')}>C</button>}
      <button type="button" className="key" onClick={() => onKey('0')}>0</button>
      <button type="button" className="key key-muted" onClick={onBackspace} aria-label={t('keypad.backspace')}>⌫</button>
    </div>
  );
}
