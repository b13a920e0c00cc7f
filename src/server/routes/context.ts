/** What every route needs: the storage, the clock, request parsing and device authentication. */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Db } from '../storage/db';
import { ApiFailure } from '../errors';
import { FailureLimiter } from '../failure-limiter';
import { authenticate, type DeviceContext } from '../tenancy';
import { firstIssue } from '../sync/mutation-schemas';

export interface RouteContext {
  db: Db;
  now(): number;
  parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S>;
  /** `handover`: the push route lets a revoked device hand over its outbox (S21). */
  device(req: FastifyRequest, opts?: { handover?: boolean }): Promise<DeviceContext>;
  authFailures: FailureLimiter;
}

export function routeContext(db: Db, now: () => number, authFailuresPerMinute: number): RouteContext {
  const authFailures = new FailureLimiter(authFailuresPerMinute, 60_000);
  return {
    db,
    now,
    authFailures,
    parse(schema, value) {
      const r = schema.safeParse(value);
      if (!r.success) throw new ApiFailure(400, 'invalid_request', firstIssue(r.error));
      return r.data;
    },
    async device(req, opts) {
      const t = now();
      if (authFailures.blocked(req.ip, t)) throw new ApiFailure(429, 'rate_limited', 'Too many failed attempts: wait a minute and try again');
      const h = req.headers.authorization;
      const m = typeof h === 'string' ? /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(h) : null;
      try {
        if (!m?.[1]) throw new ApiFailure(401, 'unauthorized', 'Send Authorization: Bearer <device token>');
        return await authenticate(db, m[1], { handover: opts?.handover === true, now: t });
      } catch (e) {
        if (e instanceof ApiFailure && e.code === 'unauthorized') authFailures.fail(req.ip, t);
        throw e;
      }
    },
  };
}
