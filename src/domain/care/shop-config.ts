/**
 * [C1a] The shop's care configuration as data that travels: the care settings (C1), the calendar
 * (C10) and the message templates (C30) are the shop's, versioned on the server like the programme
 * (sync-protocol S24). `shopConfigProblem` is the one check the server makes before it stores a
 * value and the till makes before it uses a stored one: the shape the care code reads, nothing more.
 * Pure: no I/O.
 */
import type { HolidayRule, StoreCalendar } from './calendar';
import { templateIssues, type MessageTemplate } from './messages';
import { CareSettingsError, parseCareSettings } from './settings';

export const SHOP_CONFIG_KEYS = ['careSettings', 'careCalendar', 'careTemplates'] as const;
export type ShopConfigKey = (typeof SHOP_CONFIG_KEYS)[number];

export function isShopConfigKey(k: string): k is ShopConfigKey {
  return (SHOP_CONFIG_KEYS as readonly string[]).includes(k);
}

const MAX_HOLIDAYS = 200;
const MAX_TEMPLATES = 100;
const MAX_TEXT = 2000;

/** The shape calendar.ts reads (a rule edited by an older build, or a damaged restore, is not trusted). */
export function isHolidayRule(x: unknown): x is HolidayRule {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  const audience = r.audience as Record<string, unknown> | null | undefined;
  const okAudience = typeof audience === 'object' && audience !== null
    && (audience.kind === 'all' || (audience.kind === 'profile' && typeof audience.field === 'string'
      && (audience.values === undefined || (Array.isArray(audience.values) && audience.values.every((v) => typeof v === 'string')))));
  const okDate = r.kind === 'gregorian' ? typeof r.monthDay === 'string' && /^\d{2}-\d{2}$/.test(r.monthDay)
    : r.kind === 'lunar' && Number.isInteger(r.lunarMonth) && Number.isInteger(r.lunarDay);
  const okName = r.name === undefined || (typeof r.name === 'string' && r.name.length <= 40);
  return typeof r.id === 'string' && r.id !== '' && r.id.length <= 60 && !r.id.includes(':') && okAudience && okDate && okName;
}

export function isCalendar(x: unknown): x is StoreCalendar {
  const c = x as { holidays?: unknown } | null;
  return typeof c === 'object' && c !== null && Array.isArray(c.holidays) && c.holidays.length <= MAX_HOLIDAYS && c.holidays.every(isHolidayRule);
}

function isTemplate(x: unknown): x is MessageTemplate {
  const t = x as Record<string, unknown> | null;
  if (typeof t !== 'object' || t === null || typeof t.id !== 'string' || t.id === '') return false;
  if (t.kind !== null && typeof t.kind !== 'string') return false;
  const text = t.text as Record<string, unknown> | null;
  return typeof text === 'object' && text !== null
    && typeof text['zh-CN'] === 'string' && typeof text.en === 'string' && text['zh-CN'].length <= MAX_TEXT && text.en.length <= MAX_TEXT;
}

/** A template the till can render: no unknown field, no empty text (C31's blocking issues). */
export function isUsableTemplate(t: MessageTemplate): boolean {
  return !templateIssues(t).some((i) => i.code === 'unknown-field' || i.code === 'empty');
}

/** Null when `value` is a valid `key`; otherwise what is wrong, in words for the manager (English, server side). */
export function shopConfigProblem(key: ShopConfigKey, value: unknown): string | null {
  switch (key) {
    case 'careSettings':
      try {
        parseCareSettings(value);
        return null;
      } catch (e) {
        if (e instanceof CareSettingsError) return e.message;
        throw e;
      }
    case 'careCalendar':
      return isCalendar(value) ? null : `The care calendar is not a list of up to ${MAX_HOLIDAYS} valid days`;
    case 'careTemplates':
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TEMPLATES || !value.every(isTemplate)) {
        return `Message templates: 1 to ${MAX_TEMPLATES} templates, each with an id and a text in zh-CN and en`;
      }
      return value.every(isUsableTemplate) ? null : 'A message template has an unknown field or an empty text';
  }
}

/** Which version of each key a tablet holds from the server (settings `shopConfig`). */
export type HeldShopConfig = Partial<Record<string, { version: number; at: number; by: string | null }>>;

/**
 * [C1a] (sync-protocol C-S21) The settings rows a shop setting from the server writes, given the
 * versions the tablet holds: the value under its key and the version it is at; nothing for a version
 * at or below the one held (the same change pulled twice, or an older one after a newer one came at pairing).
 */
export function shopSettingRows(held: HeldShopConfig | undefined,
  s: { key: ShopConfigKey; version: number; value: unknown; createdAt: number; createdBy: string | null }): { key: string; value: unknown }[] {
  const have = held?.[s.key];
  if (have && have.version >= s.version) return [];
  return [
    { key: s.key, value: s.value },
    { key: 'shopConfig', value: { ...held, [s.key]: { version: s.version, at: s.createdAt, by: s.createdBy } } },
  ];
}
