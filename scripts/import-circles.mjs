// Lint (npm run lint): no new import circle in src/ (docs/architecture.md, "Layers"). Reads every .ts/.tsx
// file under src/, follows its relative imports and re-exports (type-only ones too: a circle of types is
// still a circle for a reader), and finds each strongly connected group of files. Exit 1 on a circle not
// in OPEN below, and on an OPEN entry that is gone (take it off: the list only shrinks). Issue #17.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'src');
const files = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(p) && !p.endsWith('.d.ts') ? [p] : [];
});

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|declare module\s+['"](\.[^'"]+)['"]/g;

function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return base.replace(/\.js$/, '.ts');
}

export function importGraph(dir) {
  const graph = new Map();
  for (const f of files(dir)) {
    const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const deps = new Set();
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      // `declare module` augments a module: it needs the other file's types, not the other way round.
      if (spec) deps.add(resolveImport(f, spec));
    }
    graph.set(f, [...deps].filter((d) => d !== f));
  }
  return graph;
}

/** Tarjan's strongly connected components; those of more than one file are the circles. */
export function circles(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const group = [];
      let w;
      do { w = stack.pop(); on.delete(w); group.push(w); } while (w !== v);
      if (group.length > 1) out.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** The circles still to end (issue #17), each as its files joined by ' <-> ', sorted. Never add one. */
const OPEN = new Set([
  'src/db/database.ts <-> src/db/insight-middleware.ts <-> src/db/insight-visits.ts',
  'src/app/services.tsx <-> src/app/sync/sync-runtime.ts',
  'src/domain/prepaid/settings.ts <-> src/domain/programme-rules.ts <-> src/domain/programme-schema.ts <-> src/domain/programme.ts',
]);

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = circles(importGraph(root)).map((g) => g.map((f) => relative(process.cwd(), f)).join(' <-> '));
  const fresh = found.filter((c) => !OPEN.has(c));
  const gone = [...OPEN].filter((c) => !found.includes(c));
  for (const c of fresh) console.error(`import circle: ${c}`);
  for (const c of gone) console.error(`no longer a circle, take it off OPEN in scripts/import-circles.mjs: ${c}`);
  if (fresh.length > 0) console.error(`${fresh.length} new import circle(s): each file above imports the others, directly or not. Move what they share into a file of its own.`);
  if (fresh.length > 0 || gone.length > 0) process.exit(1);
}
