// The admin tool's operations, embedded-database backup and restore, serving the PWA, and rate
// limits (docs/operations.md; docs/sync-protocol.md S13).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openPglite, type PgliteDb } from '../../src/server/storage/pglite-db';
import { migrate } from '../../src/server/storage/migrations';
import { runAdmin } from '../../src/server/admin-ops';
import { buildServer } from '../../src/server/app';
import { T0, VERSION_HEADERS } from './support';

describe('admin, backup, static files and rate limits (PGlite)', () => {
  let dir: string;
  let db: PgliteDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'regulars-admin-'));
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Regulars</title>');
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    db = await openPglite(join(dir, 'pglite'));
    await migrate(db);
    app = await buildServer({ db, staticDir: dist, now: () => T0, limits: { pairPerMinute: 3, authFailuresPerMinute: 3 }, adminSecret: 's3cret-s3cret' });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates an organisation with its first store, and a pairing code for it', async () => {
    const org = await runAdmin(db, 'create-org', { name: 'Tea', 'owner-name': 'Wang', 'owner-pin': '2468' }, T0);
    expect(org).toMatchObject({ orgId: expect.any(String), storeId: expect.any(String) });
    const code = await runAdmin(db, 'pair-code', { store: String(org.storeId) }, T0);
    expect(code.code).toMatch(/^\d{10}$/);
    await expect(runAdmin(db, 'create-org', { name: 'X', 'owner-name': 'Y', 'owner-pin': '12' }, T0)).rejects.toThrow(/PIN/);
  });

  it('backs up the embedded database while it runs and restores it into a new data directory', async () => {
    const org = await runAdmin(db, 'create-org', { name: 'Backup', 'owner-name': 'Li', 'owner-pin': '1357' }, T0);
    const tarball = await db.dump();
    const restored = await openPglite(join(dir, 'restored'), tarball);
    try {
      const rows = await restored.query<{ name: string }>('SELECT name FROM orgs WHERE id = $1', [org.orgId]);
      expect(rows).toEqual([{ name: 'Backup' }]);
    } finally {
      await restored.close();
    }
  });

  it('the admin route answers only with the secret', async () => {
    const refused = await app.inject({ method: 'POST', url: '/api/admin/list-devices', payload: { org: 'x' } });
    expect(refused.statusCode).toBe(403);
    const ok = await app.inject({ method: 'POST', url: '/api/admin/list-devices', headers: { 'x-admin-secret': 's3cret-s3cret' }, payload: { org: 'x' } });
    expect(ok.json()).toEqual({ devices: [] });
  });

  it('serves the app with an SPA fallback, and the service worker uncached', async () => {
    const sw = await app.inject({ method: 'GET', url: '/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    const deep = await app.inject({ method: 'GET', url: '/members/123' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<title>Regulars</title>');
    const asset = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.body).toBe('console.log(1)');
    const api404 = await app.inject({ method: 'GET', url: '/api/nope', headers: VERSION_HEADERS });
    expect(api404.statusCode).toBe(404);
    expect(api404.json()).toMatchObject({ code: 'not_found' });
  });

  it('[S13] rate-limits pairing attempts and failed authentication', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/pair', headers: VERSION_HEADERS, payload: { code: '0000000000', deviceName: 'x' } });
      codes.push(r.statusCode);
    }
    expect(codes).toEqual([400, 400, 400, 429, 429]);
    const auth: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({ method: 'GET', url: '/api/pull', headers: { ...VERSION_HEADERS, authorization: `Bearer ${'y'.repeat(43)}` } });
      auth.push(r.json<{ code: string }>().code);
    }
    expect(auth).toEqual(['unauthorized', 'unauthorized', 'unauthorized', 'rate_limited', 'rate_limited']);
  });
});
