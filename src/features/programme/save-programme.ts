/**
 * Saving a programme version (loyalty-spec P5–P6): always a NEW version, never an edit of an old one,
 * because sales keep the version that priced them.
 *  - A till without a server numbers the version itself (the latest + 1) and writes the version, its
 *    audit entry and the entry's outbox row in one transaction.
 *  - A paired till asks the server first (PUT /api/programme, S16/S19: the approving manager's id and
 *    PIN): the server numbers the version and records the audit entry; the till then stores both in one
 *    transaction, and every other device pulls them. Offline, or refused, nothing is saved anywhere.
 *    Should the till's own write fail after the server saved, the pull brings the version later.
 */
import type { Repositories } from '../../db/repositories';
import type { Programme } from '../../domain/programme';
import type { AuditEntry, Id, Role } from '../../domain/records';
import { ApiCallError } from '../../sync/api-client';

export interface Approver { id: Id; name: string; role: Role; pin: string }

export interface ProgrammeServer {
  isPaired(): boolean;
  putProgramme(body: { staffId: string; pin: string; config: Record<string, unknown> }): Promise<{
    programme: { version: number; config: Record<string, unknown>; createdAt: number; createdBy: Id | null };
    audit: AuditEntry;
  }>;
}

export interface SaveContext {
  repos: Repositories;
  server: ProgrammeServer | undefined;
  approver: Approver;
  deviceId: Id;
  now: number;
  newId: () => Id;
}

export type SaveResult =
  | { ok: true; version: number }
  | { ok: false; reason: 'forbidden' | 'offline' | 'refused'; message: string };

function auditOf(version: number, at: number, ctx: SaveContext, id: Id): AuditEntry {
  return { id, at, staffId: ctx.approver.id, deviceId: ctx.deviceId, action: 'programme', subjectId: String(version), detail: `version ${version}` };
}

export async function saveProgramme(programme: Programme, ctx: SaveContext): Promise<SaveResult> {
  if (ctx.server?.isPaired()) return saveOnServer(programme, ctx, ctx.server);
  const version = ((await ctx.repos.programmes.latest())?.version ?? 0) + 1;
  const config: Programme = { ...programme, version };
  await ctx.repos.programmes.saveVersion({
    record: { version, savedAt: ctx.now, savedBy: ctx.approver.id, config },
    audit: auditOf(version, ctx.now, ctx, ctx.newId()),
    push: true,
  });
  return { ok: true, version };
}

async function saveOnServer(programme: Programme, ctx: SaveContext, server: ProgrammeServer): Promise<SaveResult> {
  let answer: Awaited<ReturnType<ProgrammeServer['putProgramme']>>;
  try {
    answer = await server.putProgramme({ staffId: ctx.approver.id, pin: ctx.approver.pin, config: { ...programme } });
  } catch (e) {
    if (e instanceof ApiCallError) {
      return { ok: false, reason: e.status === 403 ? 'forbidden' : 'refused', message: e.message };
    }
    return { ok: false, reason: 'offline', message: e instanceof Error ? e.message : String(e) };
  }
  const p = answer.programme;
  await ctx.repos.programmes.saveVersion({
    record: { version: p.version, savedAt: p.createdAt, savedBy: p.createdBy, config: p.config },
    audit: answer.audit,
    push: false,
  });
  return { ok: true, version: p.version };
}
