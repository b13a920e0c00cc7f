// Every numbered rule a test cites is defined in docs/, once, and every rule docs/ defines is cited
// by at least one test: a rule nobody tests is a promise nobody keeps, and a cited id with no
// definition is a test nobody can check against its rule.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** A rule id: one to three capitals, an optional second part (UI-L, C-S), a number, an optional letter. */
const ID = '[A-Z]{1,3}(?:-[A-Z]{1,3})?\\d+[a-z]?';

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p, pattern);
    return pattern.test(name) ? [p] : [];
  });
}

/** Ids cited as `[X1]` anywhere in a test file (names, comments, tables), with a file that cites each. */
function citedIds(): Map<string, string> {
  const cited = new Map<string, string>();
  for (const f of files('tests', /\.(ts|tsx)$/)) {
    if (f.endsWith('rule-ids.test.ts')) continue;
    for (const m of readFileSync(f, 'utf8').matchAll(new RegExp(`\\[(${ID})\\]`, 'g'))) {
      if (!cited.has(m[1]!)) cited.set(m[1]!, f);
    }
  }
  return cited;
}

/** Ids defined in docs/: in bold (`**E1**`, `**S1 — …**`) or opening a heading (`### C15 — …`); a bold range
 * (`**C10–C14**`) defines nothing itself: the rules inside it are defined one by one. */
function definitions(): { id: string; doc: string }[] {
  const found: { id: string; doc: string }[] = [];
  for (const doc of files('docs', /\.md$/)) {
    const text = readFileSync(doc, 'utf8');
    for (const m of text.matchAll(new RegExp(`\\*\\*(${ID})(?=[\\s*—:,.)])`, 'g'))) found.push({ id: m[1]!, doc });
    for (const m of text.matchAll(new RegExp(`^#+ +(${ID})\\b`, 'gm'))) found.push({ id: m[1]!, doc });
  }
  return found;
}

describe('numbered rules', () => {
  const cited = citedIds();
  const defs = definitions();
  const defined = new Set(defs.map((d) => d.id));

  it('every rule id a test cites is defined in docs/', () => {
    const missing = [...cited].filter(([id]) => !defined.has(id)).map(([id, f]) => `${id} (cited in ${f})`);
    expect(missing).toEqual([]);
  });

  it('every rule docs/ defines is cited by at least one test', () => {
    const uncited = defs.filter((d) => !cited.has(d.id)).map((d) => `${d.id} (${d.doc})`);
    expect(uncited).toEqual([]);
  });

  it('no rule id is defined twice, in one doc or in two', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const d of defs) {
      const first = seen.get(d.id);
      if (first !== undefined) twice.push(`${d.id} (${first} and ${d.doc})`);
      else seen.set(d.id, d.doc);
    }
    expect(twice).toEqual([]);
  });
});
