#!/usr/bin/env node
// `npm start`: builds the PWA when dist/ is missing or older than its sources, then runs the
// sync server (src/server/main.ts, through tsx) serving dist/ and /api on one port (PORT, 8080).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'server') continue; // server code is not part of the app bundle
    m = Math.max(m, newest(join(path, name)));
  }
  return m;
}

const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
const sources = Math.max(...SOURCES.map(newest));
if (built < sources) {
  console.log(built === 0 ? 'Building the app (dist/ is missing)…' : 'Building the app (sources changed)…');
  const b = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (b.status !== 0) {
    if (built === 0) console.error('The app build failed: the server starts with the API only.');
    else console.error('The app build failed: serving the previous build.');
  }
}

const tsx = join('node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
const server = spawn(tsx, ['src/server/main.ts'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
