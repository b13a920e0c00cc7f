// Server backups as docs/operations.md tells an owner to make them (issue #7 "Backup and restore"):
//  - the embedded database: `npm run admin -- backup` / `restore` (scripts/admin.ts) end to end, with
//    the real server (src/server/main.ts) running during the backup and with it stopped: back up,
//    change, restore, and the old state is what the server has;
//  - PostgreSQL: the documented pg_dump / createdb / pg_restore block, read from docs/operations.md and
//    run as it stands against the suite's throwaway PostgreSQL 15; every table comes back row for row
//    and a paired device pulls the same changes from the restored database.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app';
import { migrate } from '../../src/server/storage/migrations';
import { openPostgres } from '../../src/server/storage/pg-db';
import { openDb, pgliteDir } from '../../src/server/storage/open-db';
import { openPglite } from '../../src/server/storage/pglite-db';
import { addStaff, createOrg } from '../../src/server/tenancy';
import { api, enroll, freshPostgresUrl, member, orgWithDevice, pullAll, saleMutation, T0 } from './support';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const dirs: string[] = [];
const servers: ChildProcess[] = [];

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const s of servers) if (s.exitCode === null) s.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `npm run admin -- …` on DATA_DIR's embedded database; its JSON answer, or the error it printed. */
function adminCli(dataDir: string, ...args: string[]): { ok: true; out: Record<string, unknown> } | { ok: false; error: string } {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, out: JSON.parse(out.trim().split('\n').pop() ?? '') as Record<string, unknown> };
  } catch (e) {
    return { ok: false, error: String((e as { stderr?: string }).stderr ?? e) };
  }
}

function must(r: ReturnType<typeof adminCli>): Record<string, unknown> {
  if (!r.ok) throw new Error(`the admin tool failed: ${r.error}`);
  return r.out;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', () => ok()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}

/** The real server on `dataDir`, as `npm start` runs it; `stop` is a normal SIGTERM shutdown. */
async function startServer(dataDir: string): Promise<{ stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: tempDir('regulars-nostatic-'), LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: 'ignore',
  });
  servers.push(child);
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > until) throw new Error('the server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    stop: async () => {
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An admin command through the running server's loopback route (what the tool does; quicker than a process). */
async function viaRunningServer(dataDir: string, cmd: string, args: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const { port, secret } = JSON.parse(readFileSync(join(dataDir, 'admin.json'), 'utf8')) as { port: number; secret: string };
  const r = await fetch(`http://127.0.0.1:${port}/api/admin/${cmd}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-admin-secret': secret }, body: JSON.stringify(args),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** The organisations' names in a stopped server's embedded database. */
async function orgNames(dataDir: string): Promise<string[]> {
  const db = await openPglite(pgliteDir(dataDir));
  try {
    return (await db.query<{ name: string }>('SELECT name FROM orgs ORDER BY name')).map((r) => r.name);
  } finally {
    await db.close();
  }
}

async function addOrg(dataDir: string, name: string): Promise<void> {
  const db = await openDb({ dataDir });
  try {
    await createOrg(db, { name, ownerName: 'Wang', ownerPin: '2468', now: T0 });
  } finally {
    await db.close();
  }
}

describe('embedded database: npm run admin -- backup / restore', () => {
  it('[#7 server backup] backed up while the server runs, changed, restored with it stopped: the server has the old state', async () => {
    const dataDir = tempDir('regulars-bk-running-');
    const file = join(tempDir('regulars-bk-file-'), 'regulars.tar.gz');
    const server = await startServer(dataDir);
    const org = (name: string) => viaRunningServer(dataDir, 'create-org', { name, 'owner-name': 'Wang', 'owner-pin': '2468' });
    const before = (await org('Kept Tea')).body;
    expect(must(adminCli(dataDir, 'backup', '--out', file)).bytes).toBeGreaterThan(0);
    const after = (await org('Later Tea')).body;
    // A restore while the server holds the database is refused, and changes nothing.
    const refused = adminCli(dataDir, 'restore', '--from', file);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.error).toMatch(/Stop the server/);
    await server.stop();

    const restored = must(adminCli(dataDir, 'restore', '--from', file));
    expect(restored.organisations).toBe(1);
    expect(typeof restored.previousDataKeptAt === 'string' && existsSync(restored.previousDataKeptAt), 'the replaced data is kept beside it').toBe(true);

    // The server starts on the restored data: the shop made before the backup is there, the later one is not.
    const again = await startServer(dataDir);
    try {
      expect((await viaRunningServer(dataDir, 'pair-code', { store: String(before.storeId) })).status).toBe(200);
      expect((await viaRunningServer(dataDir, 'pair-code', { store: String(after.storeId) })).status, 'made after the backup: gone').not.toBe(200);
    } finally {
      await again.stop();
    }
  }, 180_000);

  it('[#7 server backup] backed up and restored with the server stopped: the old state comes back', async () => {
    const dataDir = tempDir('regulars-bk-stopped-');
    const file = join(tempDir('regulars-bk-file-'), 'regulars.tar.gz');
    await addOrg(dataDir, 'Kept Tea');
    must(adminCli(dataDir, 'backup', '--out', file));
    await addOrg(dataDir, 'Later Tea');
    expect(await orgNames(dataDir)).toEqual(['Kept Tea', 'Later Tea']);

    expect(must(adminCli(dataDir, 'restore', '--from', file)).organisations).toBe(1);
    expect(readdirSync(dataDir).some((n) => n.startsWith('pglite.before-restore-'))).toBe(true);
    expect(await orgNames(dataDir)).toEqual(['Kept Tea']);
    // A missing file is refused with a clear message.
    const missing = adminCli(dataDir, 'restore', '--from', join(dataDir, 'nope.tar.gz'));
    expect(missing.ok ? '' : missing.error).toMatch(/--from <backup file> is required/);
  }, 180_000);
});

/** The fenced block of docs/operations.md's "## PostgreSQL" section: what an owner is told to run. */
function documentedPgProcedure(): string {
  const doc = readFileSync('docs/operations.md', 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('PostgreSQL'));
  const block = section ? /```sh\n([\s\S]*?)```/.exec(section)?.[1] : undefined;
  if (!block) throw new Error('docs/operations.md has no ```sh block under "## PostgreSQL"');
  return block;
}

async function tableCounts(url: string): Promise<Record<string, number>> {
  const db = openPostgres(url, 1);
  try {
    const tables = await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1");
    const out: Record<string, number> = {};
    for (const { t } of tables) out[t] = Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`))[0]?.n ?? 0);
    return out;
  } finally {
    await db.close();
  }
}

describe('PostgreSQL: the documented pg_dump / pg_restore procedure', () => {
  it('[#7 server backup] run as written on a live database: every table comes back row for row, and a device syncs from the copy', async () => {
    expect(existsSync(join(PG_BIN, 'pg_dump')), `pg_dump in ${PG_BIN}`).toBe(true);
    const url = await freshPostgresUrl();
    const db = openPostgres(url);
    const app = await buildServer({ db, logger: false, now: () => T0 });
    let copy: ReturnType<typeof openPostgres> | null = null;
    try {
      await migrate(db);
      // A shop with staff, a paired till, members and a sale, pushed through the API.
      const shop = await orgWithDevice(app, db, 'Pg Tea');
      await addStaff(db, shop.orgId, { name: 'Li', role: 'cashier', pin: '1357' });
      const m1 = member(shop.storeId, { phone: '13800001001' });
      const m2 = member(shop.storeId, { phone: '13800001002' });
      const pushed = await api(app, shop.token).push(shop.deviceId, [
        { seq: 1, mutation: enroll(m1) }, { seq: 2, mutation: enroll(m2) },
        { seq: 3, mutation: saleMutation({ storeId: shop.storeId, deviceId: shop.deviceId, memberId: m1.id, total: 5000, earn: 50 }) },
      ]);
      expect(pushed.statusCode, pushed.body).toBe(200);
      const original = await tableCounts(url);
      expect(original.members).toBe(2);
      expect(original.sales).toBe(1);

      // The owner's procedure, word for word, with the server still connected to the database.
      const restoredName = 'regulars_restored';
      const restoredUrl = Object.assign(new URL(url), { pathname: `/${restoredName}` }).toString();
      const work = tempDir('regulars-pgdump-');
      execFileSync('bash', ['-euo', 'pipefail', '-c', documentedPgProcedure()], {
        cwd: work, stdio: 'pipe',
        env: { ...process.env, PATH: `${PG_BIN}:${process.env.PATH ?? ''}`, DATABASE_URL: url, RESTORED_URL: restoredUrl },
      });
      expect(existsSync(join(work, 'regulars.dump'))).toBe(true);

      expect(await tableCounts(restoredUrl)).toEqual(original);
      // The server started on the copy: the till's token still works and it pulls the same changes.
      copy = openPostgres(restoredUrl);
      const restoredApp = await buildServer({ db: copy, logger: false, now: () => T0 });
      try {
        const fromCopy = await pullAll(restoredApp, shop.token);
        expect(fromCopy).toEqual(await pullAll(app, shop.token));
        expect(fromCopy.changes.filter((c) => c.entity === 'member').map((c) => c.id).sort()).toEqual([m1.id, m2.id].sort());
      } finally {
        await restoredApp.close();
      }
    } finally {
      await app.close();
      await db.close();
      await copy?.close();
    }
  }, 120_000);
});
