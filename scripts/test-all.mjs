#!/usr/bin/env node
// Runs every suite (unit, ui, server, e2e) in one vitest run against a fresh production build,
// and ends with the one plain line CI reads: "N passed, N failed".
// Nothing can pass silently: a test file that fails to load counts as one failure; a suite whose
// test files exist but which reported no results (its global setup crashed: no PostgreSQL, no
// Chromium) counts as one failure; a failed build counts as one failure (the other suites still run);
// a vitest run that fails without any failure above counts as one failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, existsSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const args = process.argv.slice(2);
const out = 'tmp/vitest-results.json';
mkdirSync('tmp', { recursive: true });
rmSync(out, { force: true });

/** Where each suite's test files live (mirrors vitest.config.ts). */
const SUITES = {
  unit: ['tests/domain', 'tests/db', 'tests/sync', 'tests/backup', 'tests/docs'],
  ui: ['tests/ui'],
  server: ['tests/server'],
  e2e: ['tests/e2e'],
};

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...testFiles(p));
    else if (/\.test\.tsx?$/.test(name)) found.push(p);
  }
  return found;
}

function suiteOf(file) {
  const rel = relative(process.cwd(), file).split(sep).join('/');
  for (const [suite, dirs] of Object.entries(SUITES)) if (dirs.some((d) => rel.startsWith(`${d}/`))) return suite;
  return null;
}

let passed = 0;
let failed = 0;

const wantsE2e = args.length === 0 || args.some((a) => a.includes('e2e'));
if (wantsE2e && !process.env.SKIP_BUILD) {
  const b = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (b.status !== 0) {
    console.log('test-all: the production build failed (counted as one failure); e2e tests run against whatever dist/ holds');
    failed++;
  }
}

const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...args], {
  stdio: 'inherit',
});

const reported = new Set();
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  for (const file of r.testResults ?? []) {
    const suite = suiteOf(file.name ?? '');
    if (suite) reported.add(suite);
    const tests = file.assertionResults ?? [];
    for (const t of tests) {
      if (t.status === 'passed') passed++;
      else if (t.status === 'failed') failed++;
    }
    if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) {
      console.log(`test-all: ${relative(process.cwd(), file.name ?? '?')} failed to run (counted as one failure)`);
      failed++;
    }
  }
} else {
  console.log('test-all: vitest wrote no results (counted as one failure)');
  failed++;
}

// Only the suites this run asked for: all of them, or those named with --project.
const projectArgs = args.flatMap((a, i) => (a === '--project' ? [args[i + 1]] : a.startsWith('--project=') ? [a.slice(10)] : []));
const fileArgs = args.filter((a) => !a.startsWith('-') && !projectArgs.includes(a));
if (fileArgs.length === 0) {
  for (const [suite, dirs] of Object.entries(SUITES)) {
    if (projectArgs.length > 0 && !projectArgs.includes(suite)) continue;
    const files = dirs.flatMap(testFiles);
    if (files.length > 0 && !reported.has(suite)) {
      console.log(`test-all: suite "${suite}" has ${files.length} test file(s) but reported no results: it crashed (counted as one failure)`);
      failed++;
    }
  }
}

if (run.status !== 0 && failed === 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
