/**
 * How the engine talks to the server: one request in, one response out.
 *
 * Guarantees:
 *  - `send` resolves with whatever status the server answered (2xx, 4xx, 5xx); it rejects with a
 *    TransportError only when no answer arrived (offline, timeout, dropped). The engine treats a
 *    TransportError as "the server may or may not have applied it" and simply retries: every
 *    request is safe to repeat (S4, S6).
 *  - Every request carries the protocol and schema versions (S2) and, once paired, the bearer token.
 */
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER } from './protocol';

export interface SyncRequest {
  /** PUT only for the programme (S16), which a manager saves online, outside the push queue. */
  method: 'GET' | 'POST' | 'PUT';
  /** Under the server's base URL, e.g. '/api/push'. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Extra headers: the manager's id and PIN for the manager-only reads (S20). */
  headers?: Record<string, string>;
}

export interface SyncResponse {
  status: number;
  body: unknown;
}

export interface Transport {
  send(req: SyncRequest): Promise<SyncResponse>;
}

/** No answer arrived: offline, timed out or lost. The request may have been applied. */
export class TransportError extends Error {
  constructor(message: string, readonly reason: 'offline' | 'timeout' | 'dropped' = 'offline') {
    super(message);
    this.name = 'TransportError';
  }
}

export interface HeaderOptions {
  token: () => string | null;
  schemaVersion: number;
}

export function requestHeaders(o: HeaderOptions, withBody: boolean): Record<string, string> {
  const h: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [SCHEMA_HEADER]: String(o.schemaVersion) };
  const t = o.token();
  if (t) h.authorization = `Bearer ${t}`;
  if (withBody) h['content-type'] = 'application/json';
  return h;
}

export function urlOf(req: SyncRequest): string {
  const q = req.query ? new URLSearchParams(req.query).toString() : '';
  return q ? `${req.path}?${q}` : req.path;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return { code: 'internal', message: 'The server answered with something that is not JSON' };
  }
}

export interface FetchTransportOptions extends HeaderOptions {
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The browser transport: fetch with a timeout (AbortController). */
export function createFetchTransport(o: FetchTransportOptions): Transport {
  const base = o.baseUrl.replace(/\/+$/, '');
  const doFetch = o.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return {
    async send(req) {
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), o.timeoutMs ?? 30_000);
      try {
        const withBody = req.body !== undefined;
        const res = await doFetch(`${base}${urlOf(req)}`, {
          method: req.method,
          headers: { ...req.headers, ...requestHeaders(o, withBody) },
          ...(withBody ? { body: JSON.stringify(req.body) } : {}),
          signal: ctl.signal,
        });
        return { status: res.status, body: parseBody(await res.text()) };
      } catch (e) {
        if (ctl.signal.aborted) throw new TransportError(`No answer from the server within ${o.timeoutMs ?? 30_000} ms`, 'timeout');
        throw new TransportError(e instanceof Error ? e.message : 'The server cannot be reached', 'offline');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** What the in-memory transport needs of a server: Fastify's `inject`, described structurally so src/sync never imports the server. */
export interface Injectable {
  inject(opts: { method: 'GET' | 'POST' | 'PUT'; url: string; headers: Record<string, string>; payload?: string }): Promise<{ statusCode: number; body: string }>;
}

/** Calls the real server code in-process (tests, the simulation): no sockets, same validation. */
export function createInjectTransport(app: Injectable, o: HeaderOptions): Transport {
  return {
    async send(req) {
      const withBody = req.body !== undefined;
      const r = await app.inject({
        method: req.method, url: urlOf(req), headers: { ...req.headers, ...requestHeaders(o, withBody) },
        ...(withBody ? { payload: JSON.stringify(req.body) } : {}),
      });
      return { status: r.statusCode, body: parseBody(r.body) };
    },
  };
}
