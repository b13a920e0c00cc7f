/**
 * [S20] What only a manager or owner may read: the server's rejections (S8) and exceptions (S10, S11,
 * S15, coupon reuse) name members and devices and say what went wrong. A device token alone is not
 * enough: the request also names the staff member (`x-regulars-staff`) and carries their PIN
 * (`x-regulars-pin`), checked against the server's own PBKDF2 hash. A cashier, an inactive or unknown
 * staff member, a missing header or a wrong PIN get 403 `forbidden`; wrong PINs count as failed
 * sign-ins (rate-limited, 429). The PIN header is never logged (S17).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DeviceInfo, Rejection, ServerException, StaffPublic } from '../../sync/protocol';
import { listDevices } from '../tenancy';
import { staffPatchOf, updateStaff } from '../staff-ops';
import { MANAGER_PIN_HEADER, MANAGER_STAFF_HEADER } from '../../sync/protocol';
import { hasBadCharacter } from '../../domain/input-rules';
import { ApiFailure } from '../errors';
import { verifyPin } from '../secrets';
import type { DeviceContext } from '../tenancy';
import type { RouteContext } from './context';

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  // S23: a header breaking the text rule names nobody (Node's HTTP parser refuses a NUL; inject does not).
  return typeof v === 'string' && v.length > 0 && v.length <= 100 && !hasBadCharacter(v) ? v : null;
}

/** The device, and a manager or owner of its organisation proved by their PIN. */
export async function manager(c: RouteContext, req: FastifyRequest): Promise<{ ctx: DeviceContext; staff: StaffPublic }> {
  const ctx = await c.device(req);
  const t = c.now();
  if (c.authFailures.blocked(req.ip, t)) throw new ApiFailure(429, 'rate_limited', 'Too many failed attempts: wait a minute and try again');
  const staffId = header(req, MANAGER_STAFF_HEADER);
  const pin = header(req, MANAGER_PIN_HEADER);
  if (staffId === null || pin === null) throw new ApiFailure(403, 'forbidden', 'A manager or owner must sign in: send their staff id and PIN');
  const rows = await c.db.query<{ data: StaffPublic }>('SELECT data FROM staff WHERE org_id = $1 AND id = $2', [ctx.orgId, staffId]);
  const s = rows[0]?.data;
  if (!s || !s.active) throw new ApiFailure(403, 'forbidden', 'Unknown or inactive staff member');
  if (s.role !== 'manager' && s.role !== 'owner') throw new ApiFailure(403, 'forbidden', `Only a manager or owner may see this, not a ${s.role}`);
  if (!verifyPin(pin, s)) {
    c.authFailures.fail(req.ip, t);
    throw new ApiFailure(403, 'forbidden', 'The PIN is wrong');
  }
  return { ctx, staff: s };
}

export function managerRoutes(app: FastifyInstance, c: RouteContext): void {
  app.get('/api/rejections', async (req) => {
    const { ctx } = await manager(c, req);
    const rows = await c.db.query<{ device_id: string; seq: number; mutation_id: string; kind: Rejection['kind']; code: Rejection['code']; message: string; at: number }>(
      'SELECT device_id, seq, mutation_id, kind, code, message, at FROM rejections WHERE org_id = $1 ORDER BY at DESC, seq DESC LIMIT 500', [ctx.orgId]);
    const rejections: Rejection[] = rows.map((r) => ({ deviceId: r.device_id, seq: r.seq, mutationId: r.mutation_id, kind: r.kind, code: r.code, message: r.message, at: r.at }));
    return { rejections };
  });

  app.get('/api/exceptions', async (req) => {
    const { ctx } = await manager(c, req);
    const rows = await c.db.query<{ id: string; kind: ServerException['kind']; member_id: string | null; subject_id: string | null; detail: Record<string, unknown>; at: number }>(
      'SELECT id, kind, member_id, subject_id, detail, at FROM exceptions WHERE org_id = $1 ORDER BY at DESC, id LIMIT 500', [ctx.orgId]);
    const exceptions: ServerException[] = rows.map((r) => ({ id: r.id, kind: r.kind, memberId: r.member_id, subjectId: r.subject_id, detail: r.detail, at: r.at }));
    return { exceptions };
  });

  // S25: only the owner changes a staff member's PIN, role or state, for every tablet of the shop.
  app.put<{ Params: { id: string } }>('/api/staff/:id', async (req): Promise<{ staff: { id: string; role: string; active: boolean } }> => {
    const { ctx, staff } = await manager(c, req);
    if (staff.role !== 'owner') throw new ApiFailure(403, 'forbidden', 'Only the owner manages staff');
    const s = await updateStaff(c.db, ctx.orgId, req.params.id, staffPatchOf(req.body));
    return { staff: { id: s.id, role: s.role, active: s.active } };
  });

  // S21: the tablets, with what each held unsynced when last seen (a revoked one's handover shows here).
  app.get('/api/devices', async (req): Promise<{ devices: DeviceInfo[] }> => {
    const { ctx } = await manager(c, req);
    return { devices: await listDevices(c.db, ctx.orgId) };
  });
}
