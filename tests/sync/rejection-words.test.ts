/**
 * S8: a manager reads every rejection in words, in both languages. The codes the server can emit are
 * collected from its source (every `MutationRejected(…)`, `HlcError(…)`, schema `rule:` and checked
 * `code:`), so a new code that is not in the protocol's closed list, or has no words, fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionReason } from '../../src/features/sync-issues/issue-text';
import { en } from '../../src/i18n/en';
import { registerCatalogue } from '../../src/i18n/i18n';
import { makeT } from '../../src/i18n/use-t';
import { zhCN } from '../../src/i18n/zh-CN';
import { REJECTION_CODES } from '../../src/sync/protocol';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const EMITTERS = [/MutationRejected\(\s*'([a-z_]+)'/g, /HlcError\(\s*'([a-z_]+)'/g, /rule: '([a-z_]+)'/g, /ok: false, code: '([a-z_]+)'/g, /return '([a-z_]+)';/g];

function emittedCodes(): Set<string> {
  const found = new Set<string>();
  const files = [...sources('src/server'), 'src/domain/hlc.ts', 'src/sync/protocol-schemas.ts'];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const re of EMITTERS.slice(0, 4)) for (const m of text.matchAll(re)) found.add(m[1] as string);
    // The codes zod's issues map to: the returns of rejectionCode only.
    const mapper = /export function rejectionCode[\s\S]*?\n}\n/.exec(text)?.[0] ?? '';
    for (const m of mapper.matchAll(EMITTERS[4] as RegExp)) found.add(m[1] as string);
  }
  return found;
}

describe('the words for each rejection code', () => {
  registerCatalogue('en', en);
  registerCatalogue('zh-CN', zhCN);

  it('[S8] every code the server emits is one of the protocol\'s rejection codes', () => {
    const emitted = emittedCodes();
    expect(emitted.size).toBeGreaterThan(20);
    expect([...emitted].filter((c) => !(REJECTION_CODES as readonly string[]).includes(c))).toEqual([]);
    expect(emitted).toContain('hlc_invalid');
    expect(emitted).toContain('counter_overflow');
  });

  it.each(['en', 'zh-CN'] as const)('[S8] every rejection code reads in words in %s, never as the bare code', (lang) => {
    const t = makeT(lang);
    for (const code of REJECTION_CODES) {
      const words = rejectionReason(t, { code });
      expect(words, code).not.toBe(t('issues.code.other', { code }));
      expect(words, code).not.toContain(code);
      expect(words.length, code).toBeGreaterThan(4);
    }
  });

  it('[S8] a code from a newer server still shows, as "refused (code)"', () => {
    expect(rejectionReason(makeT('en'), { code: 'brand_new' })).toBe('Refused (brand_new).');
  });
});
