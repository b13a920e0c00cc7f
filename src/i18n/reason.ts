/**
 * Words for the engine's reason and error codes ({ code, params } from src/domain): looked up as
 * `rc.<code>` in the catalogue (the text rule's `text.*` as `input.text.*`); an unknown code still shows something a person can report.
 */
import type { MessageKey } from './en';
import { hasKey } from './i18n';
import type { Params } from './i18n';
import type { T } from './use-t';

export function reasonText(t: T, code: string, params: Params = {}): string {
  // The text rule's words are one key for every screen and the server's rejections (sync-protocol S23).
  const key = code.startsWith('text.') ? `input.${code}` : `rc.${code}`;
  const p = typeof params.tier === 'string' ? { ...params, tier: tierName(t, params.tier) } : params;
  if (hasKey(t.lang, key)) return t(key as MessageKey, p);
  return t('rc.unknown', { code });
}

/**
 * A tier's name for display: the default programme's English names (Regular, Senior, Silver, Gold)
 * are translated; a name the owner typed is shown as typed.
 */
export function tierName(t: T, name: string): string {
  const key = `tier.name.${name}`;
  return hasKey(t.lang, key) ? t(key as MessageKey) : name;
}
