/**
 * Writes an import plan (M5–M6) through the repositories. Each new member is one `enroll`
 * transaction with its opening balance as the ledger entry `opening:<memberId>`, so a member is
 * stored whole or not at all and syncs like any enrolment. The whole file is NOT one transaction:
 * a failure part-way leaves the members written so far, and running the file again skips them
 * (present by phone) and creates only the rest, so nobody is ever created twice.
 */
import type { Repositories } from '../../db/repositories';
import type { ImportContext, ImportRow } from '../../domain/import/member-import';
import { planImport } from '../../domain/import/member-import';
import type { Member } from '../../domain/records';

export interface ImportOutcome {
  created: number;
  skipped: number;
  failed: { line: number; message: string }[];
}

export async function runImport(
  repos: Repositories, rows: readonly ImportRow[], ctx: Omit<ImportContext, 'existingByPhone' | 'whenPresent'>,
): Promise<ImportOutcome> {
  const existingByPhone = new Map<string, Member>();
  for (const r of rows) {
    const hit = await repos.members.byPhone(r.phone);
    if (hit) existingByPhone.set(r.phone, hit.member);
  }
  const plan = planImport(rows, { ...ctx, existingByPhone, whenPresent: 'skip' });
  const lineOf = new Map(rows.map((r) => [r.phone, r.line]));
  const out: ImportOutcome = { created: 0, skipped: plan.skip.length, failed: [] };
  for (const { member, stats } of plan.create) {
    const ledger = plan.openings.filter((e) => e.memberId === member.id);
    try {
      await repos.writer.enroll({ member, stats, ledger, coupons: [], opId: ctx.ids() });
      out.created++;
    } catch (e) {
      out.failed.push({ line: lineOf.get(member.phone) ?? 0, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
