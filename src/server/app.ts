/**
 * The sync server's Fastify app. Stateless between requests (all state is in the Db), so several
 * instances can share one PostgreSQL. Usable in-process: tests and the client's in-memory transport
 * call `app.inject()`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { DestinationStream } from 'pino';
import { MIN_PROTOCOL_VERSION, MIN_SCHEMA_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER } from '../sync/protocol';
import type { Db } from './storage/db';
import { ApiFailure } from './errors';
import { errorHandler, sendError } from './http-errors';
import { routeContext } from './routes/context';
import { syncRoutes } from './routes/sync-routes';
import { managerRoutes } from './routes/manager-routes';
import { setupRoutes } from './routes/setup-routes';
import { openApiDocument } from './openapi';
import { adminRoutes } from './routes/admin-routes';
import { serveApp, webHooks } from './web';
import { guardJsonBodies } from './body-guard';

export interface ServerOptions {
  db: Db;
  /** The built PWA (dist/); served with an SPA fallback when given and present. */
  staticDir?: string;
  /** false for silence; otherwise pino options (personal data is always redacted). */
  logger?: false | { level?: string; stream?: DestinationStream };
  /** The server's clock, injectable for tests. */
  now?: () => number;
  limits?: { pairPerMinute?: number; authFailuresPerMinute?: number; bodyLimitBytes?: number };
  /** Enables the loopback-only admin route for scripts/admin.ts (see routes/admin-routes.ts). */
  adminSecret?: string;
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed (addresses or CIDR ranges, the
   * operator's `TRUST_PROXY`). None by default: the client's own address then keys every rate
   * limit, so a forged header neither escapes a limit nor locks someone else out (S13).
   */
  trustProxy?: readonly string[];
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP (src/server/tls.ts). */
  https?: { key: Buffer; cert: Buffer };
}

const UNVERSIONED = new Set(['/api/health', '/api/openapi.json']);
const isUnversioned = (path: string) => UNVERSIONED.has(path) || path.startsWith('/api/admin/');
/** Personal data never reaches the log (S17): bodies are never logged and these paths are censored. */
const REDACT = ['req.headers.authorization', 'req.headers["x-regulars-pin"]', 'req.body', 'body', '*.phone', '*.name', '*.member', '*.members', '*.pin', 'res.body'];

function loggerOptions(l: ServerOptions['logger']) {
  if (l === false || l === undefined) return false;
  return {
    level: l.level ?? 'info',
    ...(l.stream ? { stream: l.stream } : {}),
    redact: { paths: REDACT, censor: '[redacted]' },
    // The path only: query strings could one day carry a search term.
    serializers: { req: (r: { method: string; url: string; ip?: string }) => ({ method: r.method, path: r.url.split('?')[0], ip: r.ip }) },
  };
}

function versionCheck(headers: Record<string, string | string[] | undefined>): void {
  const p = Number(headers[PROTOCOL_HEADER]);
  const s = Number(headers[SCHEMA_HEADER]);
  if (!Number.isInteger(p) || !Number.isInteger(s) || p < MIN_PROTOCOL_VERSION || s < MIN_SCHEMA_VERSION) {
    throw new ApiFailure(426, 'client_outdated', `This app is too old for the server (protocol ${MIN_PROTOCOL_VERSION}+ and schema ${MIN_SCHEMA_VERSION}+ needed): update it`);
  }
  if (p > PROTOCOL_VERSION) throw new ApiFailure(400, 'protocol_unsupported', `The server speaks protocol ${PROTOCOL_VERSION}; update the server`);
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const now = opts.now ?? Date.now;
  const app = Fastify({ logger: loggerOptions(opts.logger), bodyLimit: opts.limits?.bodyLimitBytes ?? 2 * 1024 * 1024,
    trustProxy: opts.trustProxy && opts.trustProxy.length > 0 ? [...opts.trustProxy] : false,
    ...(opts.https ? { https: opts.https } : {}),
  }) as unknown as FastifyInstance;
  app.setErrorHandler(errorHandler);
  webHooks(app);
  guardJsonBodies(app);
  await app.register(rateLimit, { global: false });

  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?')[0] ?? '';
    if (path.startsWith('/api/') && !isUnversioned(path)) versionCheck(req.headers);
  });

  const c = routeContext(opts.db, now, opts.limits?.authFailuresPerMinute ?? 30);
  app.get('/api/health', async () => ({ ok: true, storage: opts.db.kind, protocolVersion: PROTOCOL_VERSION }));
  const doc = openApiDocument();
  app.get('/api/openapi.json', async () => doc);
  syncRoutes(app, c, opts.limits?.pairPerMinute ?? 10);
  managerRoutes(app, c);
  setupRoutes(app, c);
  if (opts.adminSecret) adminRoutes(app, opts.db, opts.adminSecret, now);

  const { hasApp } = await serveApp(app, opts.staticDir);
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (hasApp && req.method === 'GET' && !path.startsWith('/api/') && path !== '/api') {
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return sendError(reply, 404, { code: 'not_found', message: `No route ${req.method} ${path}` });
  });
  return app;
}
