/**
 * The web server's duties, apart from the API's own routes: the built PWA with its cache policy and
 * its precompressed copies, compressed API answers, and the security headers every response carries.
 *
 * - Static files: `vite build` writes a .br and a .gz beside each text file (scripts/precompress.ts);
 *   @fastify/static sends the one the browser accepts (Accept-Encoding: br first, then gzip) with its
 *   Content-Encoding, or the file itself, and every such answer says `Vary: Accept-Encoding`.
 * - API answers of 1 KiB or more are compressed on the fly (brotli at a fast level, or gzip).
 * - The Content-Security-Policy is the one the till runs under: its scripts, styles, workers and
 *   manifest from its own origin only, no inline script or style element, no eval, images also from
 *   data:/blob: (QR codes, downloads), the camera's stream, the API on the same origin, and no page
 *   may frame it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(), geolocation=(), payment=()',
};

const NO_CACHE = /(?:^|[\\/])(sw\.js|registerSW\.js|index\.html|manifest\.webmanifest)(?:\.br|\.gz)?$/;
const COMPRESSED_TYPES = /^(?:application\/(?:json|javascript|manifest\+json|problem\+json)|text\/|image\/svg\+xml)/;
const MIN_COMPRESS_BYTES = 1024;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export type Coding = 'br' | 'gzip';

/** The coding to answer with for an Accept-Encoding header: brotli, else gzip, else none (q=0 refuses). */
export function negotiateCoding(header: string | string[] | undefined): Coding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(token, Number.isFinite(value) ? value : 0);
  }
  const wants = (c: Coding) => (q.get(c) ?? q.get('*') ?? 0) > 0;
  if (wants('br')) return 'br';
  if (wants('gzip')) return 'gzip';
  return null;
}

function addVary(reply: FastifyReply, field: string): void {
  const now = reply.getHeader('vary');
  const list = now === undefined ? [] : String(now).split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.some((v) => v.toLowerCase() === field.toLowerCase() || v === '*')) reply.header('vary', [...list, field].join(', '));
}

async function compressAnswer(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // files: precompressed or not worth it
  if (reply.hasHeader('content-encoding') || !COMPRESSED_TYPES.test(String(reply.getHeader('content-type') ?? ''))) return payload;
  addVary(reply, 'Accept-Encoding');
  const raw = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const coding = raw.length >= MIN_COMPRESS_BYTES ? negotiateCoding(req.headers['accept-encoding']) : null;
  if (!coding) return payload;
  const body = coding === 'br'
    ? await brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
    : await gz(raw, { level: 6 });
  reply.header('content-encoding', coding);
  reply.removeHeader('content-length');
  return body;
}

/** Security headers and compression on every answer (added before any route). */
export function webHooks(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(k)) reply.header(k, v);
    return compressAnswer(req, reply, payload);
  });
}

/** The PWA under `/` when `staticDir` holds a build. */
export async function serveApp(app: FastifyInstance, staticDir: string | undefined): Promise<{ hasApp: boolean }> {
  const root = staticDir ? resolve(staticDir) : null;
  const hasApp = root !== null && existsSync(join(root, 'index.html'));
  if (!hasApp) return { hasApp };
  await app.register(fastifyStatic, {
    root,
    preCompressed: true,
    // Our own policy: hashed assets forever, the service worker and the shell always revalidated
    // (a stale sw.js would pin tills to an old release).
    cacheControl: false,
    setHeaders: (res, path) => {
      if (NO_CACHE.test(path)) res.setHeader('Cache-Control', 'no-cache');
      else if (/[\\/]assets[\\/]/.test(path)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      else res.setHeader('Cache-Control', 'public, max-age=3600');
      // Whether or not a compressed copy was sent, a cache must key this answer on Accept-Encoding.
      res.setHeader('Vary', 'Accept-Encoding');
    },
  });
  return { hasApp };
}
