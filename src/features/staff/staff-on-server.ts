/**
 * [UI-S1, S25] On a paired till the staff rows are the server's: the owner's change of a PIN, a role or
 * a state is sent with the owner's id and PIN (asked with the manager prompt, kept for this request only)
 * and needs the network. Nothing is written on the tablet: the change comes back with the pull, on this
 * tablet and every other one. Offline or refused, nothing changes anywhere and the error says why.
 */
import type { SyncRuntime } from '../../app/sync/sync-runtime';
import { askManagerWithPin } from '../../app/ui/manager-pin';
import type { T } from '../../i18n/use-t';
import { ApiCallError, type StaffPatch } from '../../sync/api-client';

export class StaffChangeError extends Error {
  constructor(readonly reason: 'offline' | 'refused', message: string) {
    super(message);
    this.name = 'StaffChangeError';
  }
}

export function staffChangeErrorText(t: T, e: unknown): string {
  if (e instanceof StaffChangeError) return e.reason === 'offline' ? t('staff.server.offline') : t('staff.server.refused', { message: e.message });
  return t('error.generic', { message: e instanceof Error ? e.message : String(e) });
}

/** False when the owner cancelled the PIN prompt; throws StaffChangeError when nothing was changed. */
export async function changeStaffOnServer(sync: SyncRuntime, staffId: string, patch: StaffPatch): Promise<boolean> {
  const approval = await askManagerWithPin('staff');
  if (!approval) return false;
  try {
    await sync.putStaff({ staffId: approval.manager.id, pin: approval.pin }, staffId, patch);
  } catch (e) {
    if (e instanceof ApiCallError) throw new StaffChangeError('refused', e.message);
    throw new StaffChangeError('offline', e instanceof Error ? e.message : String(e));
  }
  await sync.syncNow(); // brings the changed row to this tablet now, as the next pull brings it to the others
  return true;
}
