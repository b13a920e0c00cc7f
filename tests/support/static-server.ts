/**
 * A minimal static server for the production build, used by the e2e suite and the benchmark until
 * (and unless) the real sync server serves dist/. It behaves like the production host must:
 * correct MIME types (a manifest or a module served as text/plain breaks installability),
 * hashed assets cached forever, sw.js and index.html never cached, and unknown paths that are not
 * files answered with index.html so deep routes load (the SPA fallback).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

function fileAt(root: string, urlPath: string): string | null {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const full = resolve(root, rel);
  if (full !== root && !full.startsWith(root + sep)) return null; // no escaping the root
  try {
    const st = statSync(full);
    if (st.isFile()) return full;
    if (st.isDirectory()) {
      const index = join(full, 'index.html');
      if (statSync(index).isFile()) return index;
    }
  } catch {
    return null;
  }
  return null;
}

function cacheControl(path: string): string {
  if (path.endsWith(`${sep}sw.js`) || path.endsWith('.html') || path.endsWith('.webmanifest')) return 'no-cache';
  if (path.includes(`${sep}assets${sep}`)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/** Serves `dir` on 127.0.0.1 at a free port. */
export async function startStaticServer(dir: string, port = 0): Promise<StaticServer> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let file: string | null;
    try {
      file = fileAt(root, path);
    } catch {
      res.writeHead(400).end();
      return;
    }
    // A path with an extension is a file request: a miss is a 404, never index.html, so a
    // missing chunk shows up as the error it is.
    if (!file && extname(path) === '' && !path.startsWith('/api/')) file = join(root, 'index.html');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'cache-control': cacheControl(file) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
