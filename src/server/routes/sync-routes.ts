/** The device API: pair, push, pull, member bootstrap and history, programme (rejections and exceptions: manager-routes.ts). */
import type { FastifyInstance } from 'fastify';
import type { OrgHistory, PullResponse, PushRequest } from '../../sync/protocol';
import {
  historyQuerySchema, membersQuerySchema, pairRequestSchema, programmePutSchema, pullQuerySchema, pushRequestSchema, settingPutSchema,
} from '../../sync/protocol-schemas';
import { putShopSetting } from '../sync/shop-settings';
import { pairDevice, currentProgramme } from '../tenancy';
import { handlePush } from '../sync/push';
import { readChanges } from '../sync/change-feed';
import { membersPage } from '../sync/bootstrap';
import { orgHistory } from '../sync/history';
import { putProgramme, WrongPin } from '../sync/programme';
import { ApiFailure } from '../errors';
import type { RouteContext } from './context';

export function syncRoutes(app: FastifyInstance, c: RouteContext, pairPerMinute: number): void {
  app.post('/api/pair', { config: { rateLimit: { max: pairPerMinute, timeWindow: 60_000 } } }, async (req) => {
    const body = c.parse(pairRequestSchema, req.body);
    return pairDevice(c.db, { ...body, now: c.now() });
  });

  app.post('/api/push', async (req) => {
    // S21: a revoked device may still hand over its outbox (what it made before the revocation).
    const ctx = await c.device(req, { handover: true });
    // The envelope is checked here; each mutation's content is checked when applied (S8).
    const body = c.parse(pushRequestSchema, req.body) as PushRequest;
    return handlePush(c.db, ctx, body, c.now());
  });

  app.get('/api/pull', async (req): Promise<PullResponse> => {
    const ctx = await c.device(req);
    const q = c.parse(pullQuerySchema, req.query);
    if (q.pending !== undefined) {
      await c.db.query('UPDATE devices SET last_seen = $3, unsynced = $4 WHERE org_id = $1 AND id = $2', [ctx.orgId, ctx.deviceId, c.now(), q.pending]);
    }
    const after = Number(q.cursor);
    const { changes, more } = await readChanges(c.db, ctx.orgId, after, q.limit);
    const last = changes[changes.length - 1];
    return { changes, cursor: String(last ? last.seq : after), more };
  });

  app.get('/api/members', async (req, reply) => {
    const ctx = await c.device(req);
    const q = c.parse(membersQuerySchema, req.query);
    // Built as text from the database's own JSON: no parse and re-serialise of 1,000 members per page.
    // With `since` (C-S18) each member also carries its purchases from before that cursor.
    return reply.type('application/json').send(await membersPage(c.db, ctx.orgId, q.after, q.limit, q.since));
  });

  // C-S18: the organisation's sales and points flow from before a late-paired tablet's cursor.
  app.get('/api/history', async (req): Promise<OrgHistory> => {
    const ctx = await c.device(req);
    const q = c.parse(historyQuerySchema, req.query);
    return orgHistory(c.db, ctx.orgId, q.since);
  });

  app.get('/api/programme', async (req) => {
    const ctx = await c.device(req);
    return { programme: await currentProgramme(c.db, ctx.orgId) };
  });

  // S16, S19: a manager or owner (named by the device, proved by their PIN) adds a version.
  app.put('/api/programme', async (req) => {
    const ctx = await c.device(req);
    const body = c.parse(programmePutSchema, req.body);
    return countingWrongPins(c, req.ip, (t) => putProgramme(c.db, ctx, body, t));
  });

  // S24: the shop's settings (care settings, calendar, templates), versioned like the programme.
  app.put('/api/settings', async (req) => {
    const ctx = await c.device(req);
    const body = c.parse(settingPutSchema, req.body);
    return countingWrongPins(c, req.ip, (t) => putShopSetting(c.db, ctx, body, t));
  });
}

/** A wrong PIN counts like a failed token check: guessing an owner's PIN is bounded per minute (S19). */
async function countingWrongPins<T>(c: RouteContext, ip: string, run: (now: number) => Promise<T>): Promise<T> {
  const t = c.now();
  if (c.authFailures.blocked(ip, t)) throw new ApiFailure(429, 'rate_limited', 'Too many failed attempts: wait a minute and try again');
  try {
    return await run(t);
  } catch (e) {
    if (e instanceof WrongPin) c.authFailures.fail(ip, t);
    throw e;
  }
}
