/**
 * A tiny typed i18n: `translate(lang, key, params)` looks the key up in the language's catalogue,
 * fills {params}, and for plural keys (`key_one` / `key_other`) picks the form with
 * Intl.PluralRules. Unknown params stay visible as {name} so a missing one is noticed on screen.
 */
import type { Catalogue, MessageKey } from './en';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export type Params = Record<string, string | number>;

/**
 * Catalogues are loaded on demand (each is its own chunk, precached for offline), so the till's
 * initial bundle carries neither; the app awaits `loadCatalogue(lang)` before its first render.
 */
const catalogues: Partial<Record<Lang, Catalogue>> = {};

export function registerCatalogue(lang: Lang, catalogue: Catalogue): void {
  catalogues[lang] = catalogue;
}

export async function loadCatalogue(lang: Lang): Promise<void> {
  if (catalogues[lang]) return;
  registerCatalogue(lang, lang === 'en' ? (await import('./en')).en : (await import('./zh-CN')).zhCN);
}

function lookup(lang: Lang, key: MessageKey): string {
  return catalogues[lang]?.[key] ?? catalogues.en?.[key] ?? catalogues['zh-CN']?.[key] ?? key;
}

/** Keys that have `_one`/`_other` forms, addressed by their stem. */
type PluralStem<K> = K extends `${infer S}_other` ? S : never;
export type PluralKey = PluralStem<MessageKey>;

function fill(text: string, params: Params | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return fill(lookup(lang, key), params);
}

export function translatePlural(lang: Lang, stem: PluralKey, count: number, params?: Params): string {
  const form = new Intl.PluralRules(lang).select(count) === 'one' ? 'one' : 'other';
  const key = `${stem}_${form}` as MessageKey;
  return fill(lookup(lang, key), { count, ...params });
}

/** The browser's preferred language mapped onto the two we ship (Chinese → zh-CN, else en). */
export function browserLang(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): Lang {
  for (const l of languages) {
    const low = l.toLowerCase();
    if (low.startsWith('zh')) return 'zh-CN';
    if (low.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export function isLang(x: unknown): x is Lang {
  return x === 'zh-CN' || x === 'en';
}

export function hasKey(lang: Lang, key: string): boolean {
  return key in (catalogues[lang] ?? {});
}
