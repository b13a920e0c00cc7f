/** The update banner: shown only when no sale is open; never reloads by itself. */
import { useT } from '../../i18n/use-t';
import { isSaleOpen, useCart } from '../cart-store';
import { useUpdate } from '../update-store';

export function UpdatePrompt() {
  const t = useT();
  const { ready, apply, dismissed } = useUpdate();
  const saleOpen = useCart((s) => isSaleOpen(s));
  if (!ready || dismissed || saleOpen || !apply) return null;
  return (
    <div className="banner" role="status">
      <span>{t('update.ready')}</span>
      <button type="button" className="btn btn-primary" onClick={() => { void apply(); }}>{t('update.apply')}</button>
      <button type="button" className="btn" onClick={() => useUpdate.setState({ dismissed: true })}>{t('update.later')}</button>
    </div>
  );
}
