/**
 * The store's care configuration as kept in the device's settings: the care settings (C1), the
 * holiday and profession-day calendar (C10) and the message templates (C30). Each is validated when
 * read; a stored value that no longer validates falls back to the defaults rather than breaking the
 * care list. Saved only from the care settings screen, behind a manager's PIN.
 */
import { useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { DEFAULT_CALENDAR, type StoreCalendar } from '../../domain/care/calendar';
import { DEFAULT_TEMPLATES, type MessageTemplate } from '../../domain/care/messages';
import { isCalendar, isUsableTemplate } from '../../domain/care/shop-config';
import { DEFAULT_CARE_SETTINGS, parseCareSettings, type CareSettings } from '../../domain/care/settings';

declare module '../../db/database' {
  interface SettingsMap {
    /** The care settings as edited (validated by parseCareSettings on every read). */
    careSettings: unknown;
    careCalendar: StoreCalendar;
    careTemplates: MessageTemplate[];
  }
}

export interface CareConfig {
  settings: CareSettings;
  calendar: StoreCalendar;
  templates: readonly MessageTemplate[];
}

export const DEFAULT_CARE_CONFIG: CareConfig = { settings: DEFAULT_CARE_SETTINGS, calendar: DEFAULT_CALENDAR, templates: DEFAULT_TEMPLATES };

export function careConfigOf(raw: { settings: unknown; calendar: StoreCalendar | null; templates: MessageTemplate[] | null }): CareConfig {
  let settings = DEFAULT_CARE_SETTINGS;
  try {
    settings = parseCareSettings(raw.settings ?? {});
  } catch {
    // An invalid stored value (an older build, a restore): keep the care list working on the defaults.
  }
  const calendar = isCalendar(raw.calendar) ? raw.calendar : DEFAULT_CALENDAR;
  // Templates that fail to render (unknown field, empty text) are not used; the defaults fill in.
  const valid = (raw.templates ?? []).filter(isUsableTemplate);
  return { settings, calendar, templates: raw.templates && valid.length > 0 ? valid : DEFAULT_TEMPLATES };
}

/**
 * The stored configuration, live (undefined while loading). The same object is returned while the
 * stored values are unchanged (other settings, such as the receipt counter, change on every sale),
 * so the care list is not recomputed for nothing.
 */
export function useCareConfig(): CareConfig | undefined {
  const { repos } = useServices();
  const last = useRef<{ key: string; config: CareConfig } | null>(null);
  return useLiveQuery(async () => {
    const raw = {
      settings: await repos.settings.get('careSettings'),
      calendar: await repos.settings.get('careCalendar'),
      templates: await repos.settings.get('careTemplates'),
    };
    const key = JSON.stringify(raw);
    if (last.current?.key !== key) last.current = { key, config: careConfigOf(raw) };
    return last.current.config;
  }, [repos]);
}
