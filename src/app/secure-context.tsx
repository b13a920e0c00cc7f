/**
 * The till needs a secure context: Web Crypto (PIN hashes, encrypted backups) and the service worker
 * (offline) exist only over HTTPS or at localhost. A tablet that opens the shop's server over plain
 * http (`http://192.168.1.20:8080`) is told so in the till's language, with what to do, instead of
 * failing on the first PIN with a browser error (docs/operations.md W5).
 */
import { useT } from '../i18n/use-t';

export function cannotRunHere(): boolean {
  return !window.isSecureContext || typeof crypto === 'undefined' || crypto.subtle === undefined;
}

export function InsecureNotice() {
  const t = useT();
  return (
    <main className="insecure">
      <h1>{t('app.insecure.title')}</h1>
      <p role="alert">{t('app.insecure.why', { origin: window.location.origin })}</p>
      <p>{t('app.insecure.todo')}</p>
    </main>
  );
}
