/**
 * [S22] No device makes points the rules do not give. A device token proves only the tablet, so the
 * server trusts no points entry for what it claims:
 *  - Entries only the server makes (a `correction`, an `opening` balance, any id `correction:…`, the
 *    server's device id) are refused from every device: a sale carrying its own `correction:<sale>`
 *    would otherwise stop the server's correction (S15).
 *  - A sale's entries give no more than the sale says (and S15 re-prices what it says): points earned
 *    and redeemed for its member, the referral reward for its referrer, nothing else.
 *  - Outside a sale or a return (`ledger.append`), an entry may take points away (expiry); it gives
 *    points only as the joining bonus (E5: the programme's amount, once per member) or by hand (E7: an
 *    adjustment or another bonus, naming an active manager or owner of the organisation, within that
 *    role's limit in the programme in force when it was made). Each entry given by hand is audited by
 *    the server when it syncs (`approval:<entry id>`, who approved it, from which device, how much).
 * Refusals are S8 rejections: recorded for a manager, acknowledged, and undone on the tablet (C-S15).
 */
import { manualLimit } from '../../domain/earn';
import { DEFAULT_PROGRAMME, validateProgramme, type Programme } from '../../domain/programme';
import type { AuditEntry, LedgerEntry, Sale } from '../../domain/records';
import type { StaffPublic } from '../../sync/protocol';
import { json, type Queryable } from '../storage/db';
import { MutationRejected } from '../errors';
import type { NewChange } from './change-feed';
import { SERVER_DEVICE_ID } from './points-recheck';

/** The server's audit entry of an approval given by hand has this id prefix; a device's audit entry may not. */
export const APPROVAL_PREFIX = 'approval:';

/**
 * [S22][M8] A CSV import's opening balance: the shop's own record of what a member held before, brought over
 * by the manager who imported the file (care-spec M5, M8). One per member, by its id; `checkAppend` wants an
 * active manager or owner for it and audits it like points given by hand. Only in a `ledger.append`.
 */
function importedOpening(e: LedgerEntry): boolean {
  return e.kind === 'opening' && e.reason === 'import' && e.id === `opening:${e.memberId}` && e.sourceId === null
    && e.deviceId !== SERVER_DEVICE_ID && e.points > 0;
}

export function refuseServerOnly(entries: readonly LedgerEntry[], imported = false): void {
  for (const e of entries) {
    if (imported && importedOpening(e)) continue;
    if (e.kind === 'correction' || e.kind === 'opening' || e.id.startsWith('correction:') || e.deviceId === SERVER_DEVICE_ID) {
      throw new MutationRejected('server_only_entry', `a ${e.kind} entry (${e.id.startsWith('correction:') ? 'a correction id' : 'made by the server'}) is made only by the server`);
    }
  }
}

/**
 * A sale's entries (members resolved) against the sale (member resolved) and its resolved referrer:
 * they may not give more, or take fewer redeemed points, than the sale says (S15 re-prices what it says).
 */
export function checkSaleEntries(sale: Sale & { memberId: string }, entries: readonly LedgerEntry[], referrer: string | null): void {
  refuseServerOnly(entries);
  const odd = entries.find((e) => e.kind !== 'earn' && e.kind !== 'redeem' && e.kind !== 'referral');
  if (odd) throw new MutationRejected('ledger_sale_mismatch', `a sale's points entries are earned, redeemed or a referral reward, not ${odd.kind}`);
  if (entries.some((e) => (e.kind === 'referral' ? e.memberId !== referrer : e.memberId !== sale.memberId))) {
    throw new MutationRejected('ledger_sale_mismatch', 'a sale\'s points go to its member, its referral reward to its referrer');
  }
  const sum = (kind: LedgerEntry['kind']) => entries.filter((e) => e.kind === kind).reduce((a, e) => a + e.points, 0);
  const wrong = (what: string, recorded: number, says: number) =>
    new MutationRejected('ledger_sale_mismatch', `the sale's ${what} entries come to ${recorded} points, the sale says ${says}`);
  if (sum('earn') > sale.pointsEarned) throw wrong('earned', sum('earn'), sale.pointsEarned);
  const used = sale.pointsRedeemed + (sale.rewardPoints ?? 0);
  if (-sum('redeem') < used) throw wrong('redeemed', -sum('redeem'), used);
  if (sum('referral') > (sale.referralPoints ?? 0)) throw wrong('referral', sum('referral'), sale.referralPoints ?? 0);
}

/** The programme in force at `at`: the latest version saved at or before it (version 1, the default, before any). */
async function programmeAt(q: Queryable, orgId: string, at: number): Promise<Programme> {
  const r = await q.query<{ version: number; config: Record<string, unknown> }>(
    'SELECT version, config FROM programmes WHERE org_id = $1 AND created_at <= $2 ORDER BY version DESC LIMIT 1', [orgId, at]);
  const row = r[0];
  if (!row) return DEFAULT_PROGRAMME;
  const v = validateProgramme({ ...row.config, version: Number(row.version) });
  return v.ok ? v.programme : DEFAULT_PROGRAMME;
}

async function approver(q: Queryable, orgId: string, staffId: string | null): Promise<StaffPublic> {
  const rows = staffId === null ? [] : await q.query<{ data: StaffPublic }>('SELECT data FROM staff WHERE org_id = $1 AND id = $2', [orgId, staffId]);
  const s = rows[0]?.data;
  if (!s || !s.active) throw new MutationRejected('approval_refused', 'points given or taken by hand must name an active manager or owner of this organisation');
  return s;
}

/**
 * `ledger.append` entries (`entries` with members resolved; `sent` as the device sent them, for the
 * joining bonus's own member). Returns the server's audit entries of the approvals given by hand.
 */
export async function checkAppend(tx: Queryable, orgId: string, deviceId: string, entries: readonly LedgerEntry[], sent: readonly LedgerEntry[], now: number): Promise<AuditEntry[]> {
  refuseServerOnly(sent, true);
  const audit: AuditEntry[] = [];
  for (const [i, e] of entries.entries()) {
    const asSent = sent[i] ?? e;
    if (e.kind === 'opening') {
      if (!importedOpening(asSent)) throw new MutationRejected('server_only_entry', 'an opening entry is made only by the server or by an import');
      const s = await approver(tx, orgId, e.staffId);
      if (s.role === 'cashier') throw new MutationRejected('approval_refused', 'an imported opening balance needs a manager or the owner');
      audit.push({ id: `${APPROVAL_PREFIX}${e.id}`, at: now, staffId: s.id, deviceId, action: 'approval', subjectId: e.memberId, detail: `opening points=${e.points} entry=${e.id}` });
      continue;
    }
    if (e.kind !== 'bonus' && e.kind !== 'adjustment') {
      if (e.points > 0) throw new MutationRejected('ledger_kind_not_allowed', `a ${e.kind} entry outside a sale or return cannot give points`);
      continue;
    }
    const programme = await programmeAt(tx, orgId, e.at);
    if (e.kind === 'bonus' && e.reason === 'enroll') {
      if (e.points > programme.bonus.enroll || asSent.sourceId !== asSent.memberId) {
        throw new MutationRejected('bonus_not_allowed', `the joining bonus is ${programme.bonus.enroll} points, booked on the member it welcomes`);
      }
      const again = await tx.query('SELECT 1 FROM ledger WHERE org_id = $1 AND member_id = $2 AND id <> $3 AND data->>\'reason\' = \'enroll\' AND data->>\'kind\' = \'bonus\' AND data->>\'sourceId\' = $4 LIMIT 1',
        [orgId, e.memberId, e.id, asSent.memberId]);
      if (again.length > 0) throw new MutationRejected('bonus_not_allowed', 'this member already had their joining bonus');
      continue;
    }
    const s = await approver(tx, orgId, e.staffId);
    const limit = manualLimit(s.role, programme);
    if (limit === 0) throw new MutationRejected('approval_refused', `a ${s.role} cannot give or take points by hand`);
    if (Math.abs(e.points) > limit) throw new MutationRejected('approval_refused', `${Math.abs(e.points)} points by hand is over a ${s.role}'s limit of ${limit}`);
    audit.push({ id: `${APPROVAL_PREFIX}${e.id}`, at: now, staffId: s.id, deviceId, action: 'approval', subjectId: e.memberId, detail: `${e.kind} points=${e.points} entry=${e.id}` });
  }
  return audit;
}

/** The server's audit entries, inserted if absent, as changes for every device. */
export async function insertAudit(tx: Queryable, orgId: string, entries: readonly AuditEntry[]): Promise<NewChange[]> {
  const out: NewChange[] = [];
  for (const a of entries) {
    const r = await tx.query('INSERT INTO audit (org_id, id, data) VALUES ($1, $2, $3::jsonb) ON CONFLICT DO NOTHING RETURNING id', [orgId, a.id, json(a)]);
    if (r.length > 0) out.push({ entity: 'audit', id: a.id, data: a });
  }
  return out;
}
