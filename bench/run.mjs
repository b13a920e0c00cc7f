#!/usr/bin/env node
// `npm run bench [-- --quick | --sizes=10000,100000 | --facts-cap=100000 | --no-server | --only=lookups,app,server | --out=dir/base | --app-dir=dist | --note=text]`: runs bench/main.ts under tsx, so the
// benchmark's node side is type-checked TypeScript like the rest of the project.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
