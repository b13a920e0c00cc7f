/**
 * The language in use, a zustand store persisted in idb-keyval (the device's own setting, not
 * the store's). `useT()` gives components a `t` bound to it so a switch redraws every screen.
 */
import { create } from 'zustand';
import { get as idbGet, set as idbSet } from 'idb-keyval';
import type { MessageKey } from './en';
import { browserLang, isLang, loadCatalogue, translate, translatePlural } from './i18n';
import type { Lang, Params, PluralKey } from './i18n';

const LANG_KEY = 'device.lang';

interface LangState {
  lang: Lang;
  /** Loads the catalogue if needed, then switches every screen. */
  setLang: (lang: Lang) => Promise<void>;
}

export const useLang = create<LangState>()((set) => ({
  lang: browserLang(),
  setLang: async (lang) => {
    await loadCatalogue(lang);
    set({ lang });
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
    void idbSet(LANG_KEY, lang).catch(() => undefined);
  },
}));

/** Reads the saved language (if any) at start; the browser's language otherwise. */
export async function loadSavedLang(): Promise<void> {
  try {
    const saved: unknown = await idbGet(LANG_KEY);
    if (isLang(saved)) useLang.setState({ lang: saved });
  } catch {
    // No IndexedDB (private mode): the browser's language stays.
  }
  await loadCatalogue(useLang.getState().lang);
}

export interface T {
  (key: MessageKey, params?: Params): string;
  plural: (stem: PluralKey, count: number, params?: Params) => string;
  lang: Lang;
}

export function makeT(lang: Lang): T {
  const t = ((key: MessageKey, params?: Params) => translate(lang, key, params)) as T;
  t.plural = (stem, count, params) => translatePlural(lang, stem, count, params);
  t.lang = lang;
  return t;
}

const cache = new Map<Lang, T>();

export function useT(): T {
  const lang = useLang((s) => s.lang);
  let t = cache.get(lang);
  if (!t) {
    t = makeT(lang);
    cache.set(lang, t);
  }
  return t;
}
