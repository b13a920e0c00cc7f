/**
 * Programme configurations on the server, checked by the domain engine's own validator (P rules in
 * docs/loyalty-spec.md). Version numbers: devices price with DEFAULT_PROGRAMME (version 1) until an
 * owner saves one, so the server's first saved version is 2 and version 1 always means the default.
 */
import { DEFAULT_PROGRAMME, validateProgramme, type Programme } from '../../domain/programme';
import type { Queryable } from '../storage/db';

export function validateProgrammeConfig(config: Record<string, unknown>): string | null {
  const r = validateProgramme({ ...config, version: DEFAULT_PROGRAMME.version });
  if (r.ok) return null;
  return r.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; ');
}

export async function nextProgrammeVersion(q: Queryable, orgId: string): Promise<number> {
  const r = await q.query<{ v: number | null }>('SELECT max(version) AS v FROM programmes WHERE org_id = $1', [orgId]);
  return Math.max(r[0]?.v ?? 0, DEFAULT_PROGRAMME.version) + 1;
}

/** The programme a sale names, as the engine needs it; null when the organisation never had it. */
export async function loadProgramme(q: Queryable, orgId: string, version: number): Promise<Programme | null> {
  const r = await q.query<{ config: Record<string, unknown> }>('SELECT config FROM programmes WHERE org_id = $1 AND version = $2', [orgId, version]);
  const row = r[0];
  if (!row) return version === DEFAULT_PROGRAMME.version ? DEFAULT_PROGRAMME : null;
  const v = validateProgramme({ ...row.config, version });
  return v.ok ? v.programme : null;
}
