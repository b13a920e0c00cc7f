#!/usr/bin/env node
// Runs every suite (unit, ui, server, e2e) in one vitest run against a fresh production build,
// and ends with the one plain line CI reads: "N passed, N failed".
// A test file that fails to load counts as one failure, so a broken suite can never pass silently.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';

const args = process.argv.slice(2);
const out = 'tmp/vitest-results.json';
mkdirSync('tmp', { recursive: true });
rmSync(out, { force: true });

const wantsE2e = args.length === 0 || args.some((a) => a.includes('e2e'));
if (wantsE2e && !process.env.SKIP_BUILD) {
  const b = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (b.status !== 0) {
    console.log('build failed');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...args], {
  stdio: 'inherit',
});

let passed = 0;
let failed = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  for (const file of r.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    for (const t of tests) {
      if (t.status === 'passed') passed++;
      else if (t.status === 'failed') failed++;
    }
    if (file.status === 'failed' && !tests.some((t) => t.status === 'failed')) failed++;
  }
} else {
  failed++;
}
if (run.status !== 0 && failed === 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
