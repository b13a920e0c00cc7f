// The web server's duties (docs/operations.md W1–W3): the built PWA sent precompressed as the browser
// accepts it, API answers compressed, and the security headers on every answer. The static files are
// compressed by the build's own step (scripts/precompress.ts), as `vite build` does.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { openPglite, type PgliteDb } from '../../src/server/storage/pglite-db';
import { migrate } from '../../src/server/storage/migrations';
import { precompressDir } from '../../scripts/precompress';
import { negotiateCoding } from '../../src/server/web';
import { T0, VERSION_HEADERS } from './support';

/** A module much like the build's: long, repetitive JavaScript. */
const APP_JS = Array.from({ length: 400 }, (_, i) => `export const label${i} = 'member ${i}: points and tiers';`).join('\n');
const INDEX = `<!doctype html><html lang="zh-CN"><head><title>Regulars</title><script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div>${'<!-- shell -->'.repeat(100)}</body></html>`;

describe('the web server: compression and security headers', () => {
  let dir: string;
  let dist: string;
  let db: PgliteDb;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'regulars-web-'));
    dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-abc.js'), APP_JS);
    writeFileSync(join(dist, 'assets', 'tiny-abc.js'), 'export {};');
    writeFileSync(join(dist, 'sw.js'), `self.addEventListener('fetch', () => {});\n${'// precache\n'.repeat(200)}`);
    precompressDir(dist);
    db = await openPglite(join(dir, 'pglite'));
    await migrate(db);
    app = await buildServer({ db, staticDir: dist, now: () => T0 });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('[W1] a browser that accepts brotli gets the brotli copy of a module, which decodes to the very file', async () => {
    const r = await app.inject({ method: 'GET', url: '/assets/index-abc.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(String(r.headers.vary)).toMatch(/accept-encoding/i);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.rawPayload.length).toBeLessThan(APP_JS.length / 5);
    expect(brotliDecompressSync(r.rawPayload).toString()).toBe(APP_JS);
    expect(r.rawPayload.equals(readFileSync(join(dist, 'assets', 'index-abc.js.br')))).toBe(true);
  });

  it('[W1] gzip when brotli is not accepted (or refused with q=0), the file itself when nothing is', async () => {
    const gz = await app.inject({ method: 'GET', url: '/assets/index-abc.js', headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(APP_JS);
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(APP_JS);
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    // A file too small to gain from compression has no copy: it is sent as it is, whatever is accepted.
    const tiny = await app.inject({ method: 'GET', url: '/assets/tiny-abc.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body).toBe('export {};');
  });

  it('[W1] the shell (also as the fallback of a deep route) and the service worker go compressed and uncached', async () => {
    for (const url of ['/', '/members/123']) {
      const r = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-encoding'], url).toBe('br');
      expect(r.headers['content-type'], url).toMatch(/^text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(brotliDecompressSync(r.rawPayload).toString(), url).toBe(INDEX);
    }
    const sw = await app.inject({ method: 'GET', url: '/sw.js', headers: { 'accept-encoding': 'gzip' } });
    expect(sw.headers['content-encoding']).toBe('gzip');
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(sw.rawPayload).toString()).toBe(readFileSync(join(dist, 'sw.js'), 'utf8'));
  });

  it('[W2] an API answer is compressed for a client that accepts it and decodes to the same JSON', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    for (const [accept, decode] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      const r = await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': accept } });
      expect(r.headers['content-encoding']).toBe(accept);
      expect(String(r.headers.vary)).toMatch(/accept-encoding/i);
      expect(r.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(JSON.parse(decode(r.rawPayload).toString())).toEqual(plain.json());
    }
    // A short answer (under 1 KiB) and an error are still plain JSON a client reads as it is.
    const health = await app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br' } });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toMatchObject({ ok: true });
    const missing = await app.inject({ method: 'GET', url: '/api/nope', headers: { ...VERSION_HEADERS, 'accept-encoding': 'gzip' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found' });
  });

  it('[W3] every answer carries the CSP the till runs under, nosniff, no framing and no referrer', async () => {
    for (const url of ['/', '/assets/index-abc.js', '/api/health']) {
      const r = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      const csp = String(r.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['x-frame-options'], url).toBe('DENY');
      expect(r.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });

  it('[W2] reads Accept-Encoding as HTTP means it: q-values, * and refusals', () => {
    expect(negotiateCoding(undefined)).toBeNull();
    expect(negotiateCoding('identity')).toBeNull();
    expect(negotiateCoding('gzip;q=0.5, br;q=0.8')).toBe('br');
    expect(negotiateCoding('br;q=0, gzip;q=0.1')).toBe('gzip');
    expect(negotiateCoding('*')).toBe('br');
    expect(negotiateCoding('*, br;q=0')).toBe('gzip');
    expect(negotiateCoding('gzip;q=0, br;q=0')).toBeNull();
    expect(negotiateCoding('deflate')).toBeNull();
  });
});
