/** Staff sign-in: pick who you are (big buttons), type the PIN (keypad or keyboard). Lock-out after 5 wrong PINs. */
import { useSession } from '../../app/session-store';
import { MIN_PIN, PinEntry, usePinForm } from '../../app/ui/pin-entry';
import { useT } from '../../i18n/use-t';
import './staff.css';

export default function SignInScreen() {
  const t = useT();
  const store = useSession((s) => s.store);
  const signIn = useSession((s) => s.signIn);
  const form = usePinForm((s) => s.active, 'only');
  return (
    <main className="signin">
      <h1>{store?.name ?? t('app.name')}</h1>
      <h2>{t('signin.who')}</h2>
      <PinEntry form={form} chooserLabel={t('signin.who')} showRoles formClassName="signin-form"
        onSubmit={() => void form.submit(signIn)}>
        <button type="submit" className="btn btn-primary btn-big" disabled={!form.who || form.pin.length < MIN_PIN || form.busy}>
          {t('signin.submit')}
        </button>
      </PinEntry>
    </main>
  );
}
