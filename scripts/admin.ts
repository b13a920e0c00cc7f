/**
 * The owner's command-line tool: `npm run admin -- <command> [--flag value]...`
 *   create-org --name … --owner-name … --owner-pin …   prints the organisation and first store ids
 *   add-store --org … --name …        add-staff --org … --name … --role cashier|manager|owner --pin …
 *   list-staff --org …                each staff member's id, name, role and whether active
 *   set-staff --org … --staff … [--pin …] [--role …] [--active yes|no]   a new PIN, role or state for every
 *                                     tablet (S25; the last active owner can be neither demoted nor deactivated)
 *   pair-code --store …               prints a one-time code for a tablet, valid 15 minutes
 *   revoke-device --device … [--handover no]   (no: a stolen tablet hands over nothing, S21)
 *   list-devices --org …              each tablet, when last seen and what it held unsynced then
 *   backup --out file.tar.gz          restore --from file.tar.gz   (the embedded database)
 * With DATABASE_URL it works on PostgreSQL directly. Otherwise on DATA_DIR's embedded database:
 * through the running server when there is one (PGlite allows one process), else directly.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAdminCommand, runAdmin, type AdminArgs } from '../src/server/admin-ops';
import { openDb, pgliteDir, storageConfigFromEnv } from '../src/server/storage/open-db';
import { openPglite } from '../src/server/storage/pglite-db';

function parseArgs(argv: string[]): { cmd: string; args: AdminArgs } {
  const [cmd = 'help', ...rest] = argv;
  const args: AdminArgs = {};
  for (let i = 0; i < rest.length; i++) {
    const k = rest[i];
    if (!k?.startsWith('--')) throw new Error(`Unexpected argument ${k ?? ''}`);
    args[k.slice(2)] = rest[i + 1];
    i++;
  }
  return { cmd, args };
}

interface Running { port: number; secret: string }

async function runningServer(dataDir: string): Promise<Running | null> {
  const file = join(dataDir, 'admin.json');
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8')) as Running;
  try {
    const h = await fetch(`http://127.0.0.1:${r.port}/api/health`);
    return h.ok ? r : null;
  } catch {
    return null; // a stale file from a server that did not stop cleanly
  }
}

async function viaServer(s: Running, cmd: string, args: AdminArgs): Promise<Response> {
  const res = await fetch(`http://127.0.0.1:${s.port}/api/admin/${cmd}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-admin-secret': s.secret }, body: JSON.stringify(args),
  });
  if (!res.ok) throw new Error(((await res.json()) as { message: string }).message);
  return res;
}

async function main(): Promise<void> {
  const { cmd, args } = parseArgs(process.argv.slice(2));
  const cfg = storageConfigFromEnv();
  if (cmd === 'backup' || cmd === 'restore') {
    if (cfg.databaseUrl) throw new Error('With PostgreSQL use pg_dump / pg_restore (docs/operations.md)');
    const running = await runningServer(cfg.dataDir);
    if (cmd === 'backup') {
      const out = args.out ?? `regulars-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
      let bytes: Buffer;
      if (running) bytes = Buffer.from(await (await viaServer(running, 'backup', {})).arrayBuffer());
      else {
        const db = await openPglite(pgliteDir(cfg.dataDir));
        bytes = Buffer.from(await (await db.dump()).arrayBuffer());
        await db.close();
      }
      writeFileSync(out, bytes);
      console.log(JSON.stringify({ backup: out, bytes: bytes.length }));
      return;
    }
    if (running) throw new Error('Stop the server before restoring (the running server holds the database)');
    const from = args.from;
    if (!from || !existsSync(from)) throw new Error('--from <backup file> is required');
    const dir = pgliteDir(cfg.dataDir);
    const kept = existsSync(dir) ? `${dir}.before-restore-${Date.now()}` : null;
    if (kept) renameSync(dir, kept);
    const db = await openPglite(dir, new Blob([readFileSync(from)]));
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orgs');
    await db.close();
    console.log(JSON.stringify({ restored: from, organisations: row?.n ?? 0, previousDataKeptAt: kept }));
    return;
  }
  if (!isAdminCommand(cmd)) {
    console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]);
    process.exitCode = cmd === 'help' ? 0 : 1;
    return;
  }
  const running = cfg.databaseUrl ? null : await runningServer(cfg.dataDir);
  if (running) {
    console.log(JSON.stringify(await (await viaServer(running, cmd, args)).json()));
    return;
  }
  const db = await openDb(cfg);
  try {
    console.log(JSON.stringify(await runAdmin(db, cmd, args, Date.now())));
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
