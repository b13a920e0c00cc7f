/**
 * Starts a throwaway PostgreSQL 15 cluster from the machine's binaries (/usr/lib/postgresql/15/bin)
 * in a temporary directory, on a free loopback port, owned by the `postgres` user when run as root.
 * A missing PostgreSQL is an error, never a skip: the server suite must run against the real thing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync, chownSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function asPostgres(cmd: string, args: string[]): [string, string[]] {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function postmasterPid(data: string): number | null {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export async function startPostgres(): Promise<RunningPostgres> {
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(`PostgreSQL 15 not found in ${BIN}: install postgresql-15 (bash .ci/run does) or set PG_BIN`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'regulars-pg-'));
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const [c1, a1] = asPostgres(join(BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  execFileSync(c1, a1, { stdio: 'ignore' });
  const port = await freePort();
  const [c2, a2] = asPostgres(join(BIN, 'postgres'), [
    '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
    '-c', 'fsync=off', '-c', 'max_connections=200', '-c', 'shared_buffers=128MB',
  ]);
  const proc: ChildProcess = spawn(c2, a2, { stdio: 'ignore', detached: false });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const [c3, a3] = asPostgres(join(BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]);
  const started = Date.now();
  for (;;) {
    try {
      execFileSync(c3, a3, { stdio: 'ignore' });
      break;
    } catch {
      if (proc.exitCode !== null) throw new Error('PostgreSQL exited during start-up');
      if (Date.now() - started > 30_000) throw new Error('PostgreSQL did not start within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    async stop() {
      // Signal the postmaster itself (runuser does not pass SIGINT on): SIGINT is PostgreSQL's "fast"
      // shutdown, which ends open client connections, so a test that leaked a pool cannot hang the run.
      const exited = new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
      const pid = postmasterPid(data);
      try {
        if (pid !== null) process.kill(pid, 'SIGINT');
        else proc.kill('SIGINT');
      } catch { /* already gone */ }
      const timer = setTimeout(() => {
        try { if (pid !== null) process.kill(pid, 'SIGKILL'); proc.kill('SIGKILL'); } catch { /* gone */ }
      }, 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
