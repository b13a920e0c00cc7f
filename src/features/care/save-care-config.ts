/**
 * Saves one part of the care configuration (settings, calendar or templates) once a manager has
 * approved with their PIN, and records it in the audit list (no personal data: the part's name).
 * Returns false when the manager prompt was cancelled (nothing is written).
 */
import { askManager } from '../../app/ui/manager-pin';
import type { Services } from '../../app/services';
import type { SettingsMap } from '../../db/database';
import './care-config';

export type CareConfigKey = 'careSettings' | 'careCalendar' | 'careTemplates';

export async function saveCareConfig<K extends CareConfigKey>(
  services: Pick<Services, 'repos' | 'now' | 'newId'>, deviceId: string, key: K, value: SettingsMap[K],
): Promise<boolean> {
  const manager = await askManager('care');
  if (!manager) return false;
  const at = services.now();
  await services.repos.settings.set(key, value, {
    id: services.newId(), at, staffId: manager.id, deviceId: deviceId || 'device', action: 'care-settings', subjectId: null, detail: key,
  });
  return true;
}
