/**
 * The manager PIN prompt. Any screen calls `askManager(reason)` and awaits the approving manager
 * (or null when cancelled); the prompt itself is mounted once by the shell. Used for manual points
 * adjustments, returns outside the window, line discounts above the limit, exports and programme changes.
 */
import { create } from 'zustand';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';
import { hasRole } from '../session-store';
import type { SignedIn } from '../session-store';
import { Dialog } from './dialog';
import { MIN_PIN, PinEntry, usePinForm } from './pin-entry';

export type ManagerReason = 'adjust' | 'returnLate' | 'discount' | 'export' | 'programme' | 'care' | 'campaign' | 'staff';

interface PromptState {
  request: { reason: ManagerReason; resolve: (m: SignedIn | null, pin: string) => void } | null;
}

export const useManagerPrompt = create<PromptState>()(() => ({ request: null }));

export function askManager(reason: ManagerReason): Promise<SignedIn | null> {
  return askManagerWithPin(reason).then((a) => a?.manager ?? null);
}

/** As askManager, with the PIN typed, for a save the server checks too (S19, S24). Keep it only for that request. */
export function askManagerWithPin(reason: ManagerReason): Promise<{ manager: SignedIn; pin: string } | null> {
  return new Promise((resolve) => {
    useManagerPrompt.getState().request?.resolve(null, '');
    useManagerPrompt.setState({ request: { reason, resolve: (m, pin) => resolve(m ? { manager: m, pin } : null) } });
  });
}

function finish(m: SignedIn | null, pin = '') {
  const req = useManagerPrompt.getState().request;
  useManagerPrompt.setState({ request: null });
  req?.resolve(m, pin);
}

export function ManagerPinPrompt() {
  const request = useManagerPrompt((s) => s.request);
  if (!request) return null;
  return <PromptBody reason={request.reason} />;
}

function PromptBody({ reason }: { reason: ManagerReason }) {
  const t = useT();
  const form = usePinForm((s) => s.active && hasRole(s.role, 'manager'), 'first', 'manager');
  const approve = () => {
    const pin = form.pin;
    return form.submit((s) => finish({ id: s.id, name: s.name, role: s.role }, pin));
  };
  return (
    <Dialog title={t('manager.title')} onClose={() => finish(null)}>
      <p>{t('manager.reason', { reason: t(`manager.reason.${reason}` as MessageKey) })}</p>
      <PinEntry form={form} chooserLabel={t('role.manager')} onSubmit={() => void approve()}>
        <div className="actions">
          <button type="button" className="btn" onClick={() => finish(null)}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={form.busy || form.pin.length < MIN_PIN}>{t('manager.approve')}</button>
        </div>
      </PinEntry>
    </Dialog>
  );
}
