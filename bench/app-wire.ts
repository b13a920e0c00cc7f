/**
 * Bytes on the wire: what the real server (src/server/app.ts, serving dist/ as `npm start` does) sends
 * for the first screen's JavaScript and for the whole precache, to a browser that accepts brotli, one
 * that accepts only gzip, and one that accepts neither (response bodies; headers not counted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../src/server/app';
import { migrate } from '../src/server/storage/migrations';
import { openPglite } from '../src/server/storage/pglite-db';

export interface WireBytes { br: number; gzip: number; identity: number }
export interface AppWire { initialJs: WireBytes; precache: WireBytes }

const ACCEPT: Record<keyof WireBytes, string | undefined> = { br: 'br, gzip', gzip: 'gzip', identity: undefined };

export async function measureWire(dist: string, initialJs: string[], precache: string[]): Promise<AppWire> {
  const dir = mkdtempSync(join(tmpdir(), 'regulars-bench-wire-'));
  const db = await openPglite(join(dir, 'pglite'));
  try {
    await migrate(db);
    const app = await buildServer({ db, staticDir: dist, logger: false });
    try {
      const sum = async (urls: string[]): Promise<WireBytes> => {
        const out: WireBytes = { br: 0, gzip: 0, identity: 0 };
        for (const coding of Object.keys(ACCEPT) as (keyof WireBytes)[]) {
          const accept = ACCEPT[coding];
          for (const url of urls) {
            const r = await app.inject({ method: 'GET', url: url.startsWith('/') ? url : `/${url}`, headers: accept ? { 'accept-encoding': accept } : {} });
            if (r.statusCode !== 200) throw new Error(`the server answered ${r.statusCode} for ${url}`);
            out[coding] += r.rawPayload.length;
          }
        }
        return out;
      };
      return { initialJs: await sum(initialJs), precache: await sum(precache) };
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
