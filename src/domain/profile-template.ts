/**
 * The store's profile template (DOMAIN.md "What to record about a member": the fuller fields differ
 * by trade): which optional fields the enrolment form's "more" part and the member card offer, with
 * defaults per kind of shop. Values are kept as text on `Member.profile` under the field's key.
 * Pure: checking a value needs only the value, its field and today's date.
 */
import type { LocalDate } from './records';
import { addDays, isLocalDate } from './time';
import { hasBadCharacter } from './input-rules';

export type ShopType = 'mother-and-baby' | 'clothing' | 'beauty' | 'snacks' | 'general';
export const SHOP_TYPES: readonly ShopType[] = ['mother-and-baby', 'clothing', 'beauty', 'snacks', 'general'];

export interface ProfileField {
  /** The key on Member.profile; its label is the message `profile.field.<key>`. */
  key: string;
  kind: 'text' | 'date' | 'number';
  /** For numbers: the smallest and largest whole value accepted. */
  min?: number;
  max?: number;
}

export interface ProfileTemplate { shopType: ShopType; fields: ProfileField[] }

const text = (key: string): ProfileField => ({ key, kind: 'text' });

const DEFAULT_FIELDS: Record<ShopType, ProfileField[]> = {
  'mother-and-baby': [{ key: 'babyBirthDate', kind: 'date' }, text('babyName'), text('diaperSize'), text('formula'), text('allergies')],
  clothing: [{ key: 'height', kind: 'number', min: 50, max: 250 }, text('topSize'), text('bottomSize'), text('shoeSize'), text('style'), text('occupation')],
  beauty: [text('skinType'), text('skinConcerns'), text('allergies'), text('occupation')],
  snacks: [text('tastes'), text('favourites'), text('allergies')],
  general: [text('occupation'), text('hobbies'), text('tastes')],
};

/** The template a store starts from for its kind of shop (an unknown kind gets the general one). */
export function defaultTemplate(shopType: ShopType): ProfileTemplate {
  const fields = DEFAULT_FIELDS[shopType] ?? DEFAULT_FIELDS.general;
  return { shopType: SHOP_TYPES.includes(shopType) ? shopType : 'general', fields: fields.map((f) => ({ ...f })) };
}

export const MAX_PROFILE_TEXT = 100;

export type ProfileFieldError =
  | { key: string; code: 'profile.date' }
  | { key: string; code: 'profile.number'; min: number; max: number }
  | { key: string; code: 'profile.long'; max: number }
  | { key: string; code: 'text.invalid' };

/**
 * The values to store for a template's fields: trimmed, empty ones left out, each checked — a date
 * is a real YYYY-MM-DD from 1900 up to a year ahead (a baby's due date), a number a whole number in
 * its range, a text at most 100 characters. Any error: nothing is to be stored.
 */
export function checkProfile(values: Record<string, string>, template: ProfileTemplate, today: LocalDate):
  { ok: true; profile: Record<string, string> } | { ok: false; errors: ProfileFieldError[] } {
  const profile: Record<string, string> = {};
  const errors: ProfileFieldError[] = [];
  for (const f of template.fields) {
    const v = (values[f.key] ?? '').normalize('NFKC').trim();
    if (v === '') continue;
    if (hasBadCharacter(v)) errors.push({ key: f.key, code: 'text.invalid' }); // sync-protocol S23
    else if (f.kind === 'date' && !(isLocalDate(v) && v >= '1900-01-01' && v <= addDays(today, 366))) errors.push({ key: f.key, code: 'profile.date' });
    else if (f.kind === 'number' && !(/^\d+$/.test(v) && Number(v) >= (f.min ?? 0) && Number(v) <= (f.max ?? 1_000_000))) {
      errors.push({ key: f.key, code: 'profile.number', min: f.min ?? 0, max: f.max ?? 1_000_000 });
    } else if ([...v].length > MAX_PROFILE_TEXT) errors.push({ key: f.key, code: 'profile.long', max: MAX_PROFILE_TEXT });
    else profile[f.key] = v;
  }
  return errors.length ? { ok: false, errors } : { ok: true, profile };
}

/** A member's profile after an edit of the template's fields: other keys (from an earlier template) are kept. */
export function mergeProfile(current: Record<string, string>, edited: Record<string, string>, template: ProfileTemplate): Record<string, string> {
  const out = { ...current };
  for (const f of template.fields) {
    const v = edited[f.key];
    if (v === undefined) delete out[f.key];
    else out[f.key] = v;
  }
  return out;
}
