/**
 * Programme versions (S16): each organisation's programme is a list of numbered versions. A manager
 * or owner adds one (S19: the device names the staff member and sends their PIN; the server checks
 * that person's role in this organisation and the PIN against its own hash); devices receive it through
 * pull; a sale keeps the number of the version that priced it, so the server can re-check it later
 * with that exact version. The version, its audit entry and their changes are one transaction.
 */
import type { AuditEntry } from '../../domain/records';
import type { ProgrammeVersion, StaffPublic } from '../../sync/protocol';
import type { ProgrammePut } from '../../sync/protocol-schemas';
import { json, type Db, type Queryable } from '../storage/db';
import { ApiFailure } from '../errors';
import { verifyPin } from '../secrets';
import type { DeviceContext } from '../device-context';
import { appendChanges, lockOrg } from './change-feed';
import { nextProgrammeVersion, validateProgrammeConfig } from './programme-check';

export interface ProgrammeSaved {
  programme: ProgrammeVersion;
  /** Who changed it, from which device: also sent to every device as an `audit` change. */
  audit: AuditEntry;
}

/** The audit entry of a programme version has this id on the server and on the device that saved it. */
const programmeAuditId = (version: number): string => `programme-v${version}`;

export async function programmeVersion(q: Queryable, orgId: string, version: number): Promise<ProgrammeVersion | null> {
  const r = await q.query<{ config: Record<string, unknown>; created_at: number; created_by: string | null }>(
    'SELECT config, created_at, created_by FROM programmes WHERE org_id = $1 AND version = $2', [orgId, version]);
  const row = r[0];
  return row ? { version, config: row.config, createdAt: row.created_at, createdBy: row.created_by } : null;
}

/** Thrown for a wrong PIN only, so the route can count it as a failed sign-in (rate limit). */
export class WrongPin extends ApiFailure {
  constructor() { super(403, 'forbidden', 'The PIN is wrong. Nothing was changed.'); }
}

/** [S19] Only an active manager or owner of this organisation, with their PIN, may change the programme (or, S24, the shop's settings). */
export async function checkEditor(q: Queryable, orgId: string, staffId: string, pin: string, what = 'the programme'): Promise<StaffPublic> {
  const rows = await q.query<{ data: StaffPublic }>('SELECT data FROM staff WHERE org_id = $1 AND id = $2', [orgId, staffId]);
  const s = rows[0]?.data;
  if (!s || !s.active) throw new ApiFailure(403, 'forbidden', 'Unknown or inactive staff member. Nothing was changed.');
  if (s.role !== 'manager' && s.role !== 'owner') {
    throw new ApiFailure(403, 'forbidden', `A ${s.role} cannot change ${what}; only a manager or the owner can. Nothing was changed.`);
  }
  if (!verifyPin(pin, s)) throw new WrongPin();
  return s;
}

export async function putProgramme(db: Db, ctx: DeviceContext, body: ProgrammePut, now: number): Promise<ProgrammeSaved> {
  const editor = await checkEditor(db, ctx.orgId, body.staffId, body.pin);
  const problem = validateProgrammeConfig(body.config);
  if (problem !== null) throw new ApiFailure(400, 'invalid_programme', problem);
  return db.transaction(async (tx) => {
    await lockOrg(tx, ctx.orgId);
    const version = await nextProgrammeVersion(tx, ctx.orgId);
    const programme: ProgrammeVersion = { version, config: { ...body.config, version }, createdAt: now, createdBy: editor.id };
    const audit: AuditEntry = {
      id: programmeAuditId(version), at: now, staffId: editor.id, deviceId: ctx.deviceId,
      action: 'programme', subjectId: String(version), detail: `version ${version}`,
    };
    await tx.query('INSERT INTO programmes (org_id, version, config, created_at, created_by) VALUES ($1, $2, $3::jsonb, $4, $5)',
      [ctx.orgId, version, json(programme.config), now, programme.createdBy]);
    await tx.query('INSERT INTO audit (org_id, id, data) VALUES ($1, $2, $3::jsonb)', [ctx.orgId, audit.id, json(audit)]);
    await appendChanges(tx, ctx.orgId, [
      { entity: 'programme', id: String(version), data: programme },
      { entity: 'audit', id: audit.id, data: audit },
    ]);
    return { programme, audit };
  });
}
