/**
 * Programme versions (S16): each organisation's programme is a list of numbered versions; an owner
 * adds one (proved by the owner's PIN); devices receive it through pull; a sale keeps the number
 * of the version that priced it, so the server can re-check it later with that exact version.
 */
import type { ProgrammeVersion, StaffPublic } from '../../sync/protocol';
import type { ProgrammePut } from '../../sync/protocol-schemas';
import { json, type Db, type Queryable } from '../storage/db';
import { ApiFailure } from '../errors';
import { verifyPin } from '../secrets';
import { appendChanges, lockOrg } from './change-feed';
import { nextProgrammeVersion, validateProgrammeConfig } from './programme-check';

export async function programmeVersion(q: Queryable, orgId: string, version: number): Promise<ProgrammeVersion | null> {
  const r = await q.query<{ config: Record<string, unknown>; created_at: number; created_by: string | null }>(
    'SELECT config, created_at, created_by FROM programmes WHERE org_id = $1 AND version = $2', [orgId, version]);
  const row = r[0];
  return row ? { version, config: row.config, createdAt: row.created_at, createdBy: row.created_by } : null;
}

export async function putProgramme(db: Db, orgId: string, body: ProgrammePut, now: number): Promise<ProgrammeVersion> {
  const staff = await db.query<{ data: StaffPublic }>('SELECT data FROM staff WHERE org_id = $1 AND id = $2', [orgId, body.staffId]);
  const s = staff[0]?.data;
  if (!s || !s.active || s.role !== 'owner' || !verifyPin(body.pin, s)) {
    throw new ApiFailure(403, 'forbidden', 'Only an owner, with the right PIN, can change the programme');
  }
  const problem = validateProgrammeConfig(body.config);
  if (problem !== null) throw new ApiFailure(400, 'invalid_programme', problem);
  return db.transaction(async (tx) => {
    await lockOrg(tx, orgId);
    const version = await nextProgrammeVersion(tx, orgId);
    const p: ProgrammeVersion = { version, config: { ...body.config, version }, createdAt: now, createdBy: body.staffId };
    await tx.query('INSERT INTO programmes (org_id, version, config, created_at, created_by) VALUES ($1, $2, $3::jsonb, $4, $5)',
      [orgId, version, json(p.config), now, p.createdBy]);
    await appendChanges(tx, orgId, [{ entity: 'programme', id: String(version), data: p }]);
    return p;
  });
}
