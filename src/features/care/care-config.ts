/**
 * The store's care configuration as kept in the device's settings: the care settings (C1), the
 * holiday and profession-day calendar (C10) and the message templates (C30). Each is validated when
 * read; a stored value that no longer validates falls back to the defaults rather than breaking the
 * care list. Saved only from the care settings screen, behind a manager's PIN.
 */
import { useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useServices } from '../../app/services';
import { DEFAULT_CALENDAR, type HolidayRule, type StoreCalendar } from '../../domain/care/calendar';
import { DEFAULT_TEMPLATES, templateIssues, type MessageTemplate } from '../../domain/care/messages';
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

/** The shape calendar.ts reads (a rule edited by an older build, or a damaged restore, is not trusted). */
function isHolidayRule(x: unknown): x is HolidayRule {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  const audience = r.audience as Record<string, unknown> | null | undefined;
  const okAudience = typeof audience === 'object' && audience !== null
    && (audience.kind === 'all' || (audience.kind === 'profile' && typeof audience.field === 'string'));
  const okDate = r.kind === 'gregorian' ? typeof r.monthDay === 'string' && /^\d{2}-\d{2}$/.test(r.monthDay)
    : r.kind === 'lunar' && Number.isInteger(r.lunarMonth) && Number.isInteger(r.lunarDay);
  return typeof r.id === 'string' && r.id !== '' && okAudience && okDate;
}

export function careConfigOf(raw: { settings: unknown; calendar: StoreCalendar | null; templates: MessageTemplate[] | null }): CareConfig {
  let settings = DEFAULT_CARE_SETTINGS;
  try {
    settings = parseCareSettings(raw.settings ?? {});
  } catch {
    // An invalid stored value (an older build, a restore): keep the care list working on the defaults.
  }
  const calendar = raw.calendar && Array.isArray(raw.calendar.holidays) && raw.calendar.holidays.every(isHolidayRule) ? raw.calendar : DEFAULT_CALENDAR;
  // Templates that fail to render (unknown field, empty text) are not used; the defaults fill in.
  const valid = (raw.templates ?? []).filter((t) => !templateIssues(t).some((i) => i.code === 'unknown-field' || i.code === 'empty'));
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
