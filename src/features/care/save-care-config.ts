/**
 * Saves one part of the care configuration (settings, calendar or templates) once a manager has
 * approved with their PIN, and records it in the audit list (no personal data: the part's name).
 *  - A till without a server keeps it in its own settings, with its audit entry (and outbox row).
 *  - A paired till saves it as the shop's (sync-protocol S24, care-spec C1a): PUT /api/settings with
 *    the manager's id and PIN; the server checks both and the value, numbers the version and records
 *    the audit entry, which every tablet pulls. The till stores the value and the version it is at,
 *    and syncs to bring the audit entry. Offline, or refused, nothing is saved anywhere.
 * Returns false when the manager prompt was cancelled (nothing is written); throws CareSaveError.
 */
import { askManager, askManagerWithPin } from '../../app/ui/manager-pin';
import type { Services } from '../../app/services';
import type { SettingsMap } from '../../db/database';
import type { T } from '../../i18n/use-t';
import { ApiCallError } from '../../sync/api-client';
import './care-config';

export type CareConfigKey = 'careSettings' | 'careCalendar' | 'careTemplates';

/** The save was not made: the server could not be reached, or refused (its message says why). */
export class CareSaveError extends Error {
  constructor(readonly reason: 'offline' | 'refused', message: string) {
    super(message);
    this.name = 'CareSaveError';
  }
}

export function careSaveErrorText(t: T, e: unknown): string {
  if (e instanceof CareSaveError) return e.reason === 'offline' ? t('care.shop.offline') : t('care.shop.refused', { message: e.message });
  return t('error.generic', { message: e instanceof Error ? e.message : String(e) });
}

export async function saveCareConfig<K extends CareConfigKey>(
  services: Pick<Services, 'repos' | 'now' | 'newId' | 'sync'>, deviceId: string, key: K, value: SettingsMap[K],
): Promise<boolean> {
  const sync = services.sync;
  if (sync?.isPaired()) {
    const approval = await askManagerWithPin('care');
    if (!approval) return false;
    let answer: Awaited<ReturnType<typeof sync.putSetting>>;
    try {
      answer = await sync.putSetting({ staffId: approval.manager.id, pin: approval.pin, key, value });
    } catch (e) {
      if (e instanceof ApiCallError) throw new CareSaveError('refused', e.message);
      throw new CareSaveError('offline', e instanceof Error ? e.message : String(e));
    }
    const s = answer.setting;
    await services.repos.settings.set(key, value);
    const held = (await services.repos.settings.get('shopConfig')) ?? {};
    await services.repos.settings.set('shopConfig', { ...held, [key]: { version: s.version, at: s.createdAt, by: s.createdBy } });
    sync.notify(); // the audit entry the server recorded comes with the next pull
    return true;
  }
  const manager = await askManager('care');
  if (!manager) return false;
  const at = services.now();
  await services.repos.settings.set(key, value, {
    id: services.newId(), at, staffId: manager.id, deviceId: deviceId || 'device', action: 'care-settings', subjectId: null, detail: key,
  });
  return true;
}
