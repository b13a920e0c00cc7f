/**
 * Words for the engine's reason and error codes ({ code, params } from src/domain): looked up as
 * `rc.<code>` in the catalogue; an unknown code still shows something a person can report.
 */
import type { MessageKey } from './en';
import { hasKey } from './i18n';
import type { Params } from './i18n';
import type { T } from './use-t';

export function reasonText(t: T, code: string, params: Params = {}): string {
  const key = `rc.${code}`;
  if (hasKey(t.lang, key)) return t(key as MessageKey, params);
  return t('rc.unknown', { code });
}
