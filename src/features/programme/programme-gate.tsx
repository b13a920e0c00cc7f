/**
 * The programme screen opens only with a manager's or owner's PIN (issue #3, loyalty-spec P5), asked
 * again even when one is signed in (the shell refuses the screen to a cashier). The PIN is kept with
 * the approver while the screen is open: a paired till sends it to the server, which checks it (S19).
 */
import { hasRole } from '../../app/session-store';
import { MIN_PIN, PinEntry, usePinForm } from '../../app/ui/pin-entry';
import { useT } from '../../i18n/use-t';
import type { Approver } from './save-programme';

export function ProgrammeGate({ onApproved }: { onApproved: (a: Approver) => void }) {
  const t = useT();
  const form = usePinForm((s) => s.active && hasRole(s.role, 'manager'), 'first', 'manager');
  const approve = () => {
    const pin = form.pin;
    void form.submit((s) => onApproved({ id: s.id, name: s.name, role: s.role, pin }));
  };
  return (
    <div className="programme-gate">
      <p>{t('programme.gate')}</p>
      <PinEntry form={form} chooserLabel={t('role.manager')} showRoles onSubmit={approve}>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={form.busy || form.pin.length < MIN_PIN}>{t('programme.gate.open')}</button>
        </div>
      </PinEntry>
    </div>
  );
}
