/** The device API: pair, push, pull, member bootstrap, programme, rejections and exceptions. */
import type { FastifyInstance } from 'fastify';
import type { PullResponse, PushRequest, Rejection, ServerException } from '../../sync/protocol';
import {
  membersQuerySchema, pairRequestSchema, programmePutSchema, pullQuerySchema, pushRequestSchema,
} from '../../sync/protocol-schemas';
import { pairDevice, currentProgramme } from '../tenancy';
import { handlePush } from '../sync/push';
import { readChanges } from '../sync/change-feed';
import { membersPage } from '../sync/bootstrap';
import { putProgramme } from '../sync/programme';
import type { RouteContext } from './context';

export function syncRoutes(app: FastifyInstance, c: RouteContext, pairPerMinute: number): void {
  app.post('/api/pair', { config: { rateLimit: { max: pairPerMinute, timeWindow: 60_000 } } }, async (req) => {
    const body = c.parse(pairRequestSchema, req.body);
    return pairDevice(c.db, { ...body, now: c.now() });
  });

  app.post('/api/push', async (req) => {
    const ctx = await c.device(req);
    // The envelope is checked here; each mutation's content is checked when applied (S8).
    const body = c.parse(pushRequestSchema, req.body) as PushRequest;
    return handlePush(c.db, ctx, body, c.now());
  });

  app.get('/api/pull', async (req): Promise<PullResponse> => {
    const ctx = await c.device(req);
    const q = c.parse(pullQuerySchema, req.query);
    const after = Number(q.cursor);
    const { changes, more } = await readChanges(c.db, ctx.orgId, after, q.limit);
    const last = changes[changes.length - 1];
    return { changes, cursor: String(last ? last.seq : after), more };
  });

  app.get('/api/members', async (req, reply) => {
    const ctx = await c.device(req);
    const q = c.parse(membersQuerySchema, req.query);
    // Built as text from the database's own JSON: no parse and re-serialise of 1,000 members per page.
    return reply.type('application/json').send(await membersPage(c.db, ctx.orgId, q.after, q.limit));
  });

  app.get('/api/programme', async (req) => {
    const ctx = await c.device(req);
    return { programme: await currentProgramme(c.db, ctx.orgId) };
  });

  app.put('/api/programme', async (req) => {
    const ctx = await c.device(req);
    const body = c.parse(programmePutSchema, req.body);
    return { programme: await putProgramme(c.db, ctx.orgId, body, c.now()) };
  });

  app.get('/api/rejections', async (req) => {
    const ctx = await c.device(req);
    const rows = await c.db.query<{ device_id: string; seq: number; mutation_id: string; kind: string; code: string; message: string; at: number }>(
      'SELECT device_id, seq, mutation_id, kind, code, message, at FROM rejections WHERE org_id = $1 ORDER BY at DESC, seq DESC LIMIT 500', [ctx.orgId]);
    const rejections: Rejection[] = rows.map((r) => ({ deviceId: r.device_id, seq: r.seq, mutationId: r.mutation_id, kind: r.kind, code: r.code, message: r.message, at: r.at }));
    return { rejections };
  });

  app.get('/api/exceptions', async (req) => {
    const ctx = await c.device(req);
    const rows = await c.db.query<{ id: string; kind: ServerException['kind']; member_id: string | null; subject_id: string | null; detail: Record<string, unknown>; at: number }>(
      'SELECT id, kind, member_id, subject_id, detail, at FROM exceptions WHERE org_id = $1 ORDER BY at DESC, id LIMIT 500', [ctx.orgId]);
    const exceptions: ServerException[] = rows.map((r) => ({ id: r.id, kind: r.kind, memberId: r.member_id, subjectId: r.subject_id, detail: r.detail, at: r.at }));
    return { exceptions };
  });
}
