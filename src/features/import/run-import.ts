/**
 * Writes an import plan (M5–M6) through the writer's `importMembers`: a file of up to
 * IMPORT_CHUNK rows is ONE transaction — every new member with their opening balance
 * (`opening:<memberId>`) and outbox rows, or nobody. A bigger file goes in chunks of that size, each
 * one transaction; the writer skips, inside the transaction, every phone a live member already holds,
 * so when a chunk fails the import stops there and running the same file again creates only the
 * members still missing — nobody twice.
 */
import type { Repositories } from '../../db/repositories';
import type { ImportContext, ImportRow } from '../../domain/import/member-import';
import { planImport } from '../../domain/import/member-import';

export const IMPORT_CHUNK = 2000;

export interface ImportOutcome {
  created: number;
  skipped: number;
  /** Set when a chunk failed: the lines from `fromLine` on were not imported (run the file again). */
  stopped: { fromLine: number; message: string } | null;
  /** Rows not imported because the import stopped. */
  notImported: number;
}

export async function runImport(
  repos: Repositories, rows: readonly ImportRow[], ctx: Omit<ImportContext, 'existingByPhone' | 'whenPresent'>,
  chunk = IMPORT_CHUNK,
): Promise<ImportOutcome> {
  const out: ImportOutcome = { created: 0, skipped: 0, stopped: null, notImported: 0 };
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    // The device's members are checked again by the writer inside its transaction; this plan only
    // builds the new members (card numbers, opening entries).
    const plan = planImport(part, { ...ctx, existingByPhone: new Map(), whenPresent: 'skip' });
    const enrollments = plan.create.map(({ member, stats }) => ({
      member, stats, ledger: plan.openings.filter((e) => e.memberId === member.id),
    }));
    try {
      const r = await repos.writer.importMembers({ enrollments, opId: ctx.ids() });
      out.created += r.created.length;
      out.skipped += r.skippedPhones.length;
    } catch (e) {
      out.stopped = { fromLine: part[0]?.line ?? 0, message: e instanceof Error ? e.message : String(e) };
      out.notImported = rows.length - i;
      break;
    }
  }
  return out;
}
