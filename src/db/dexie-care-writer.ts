/**
 * The care writes of the Dexie TillWriter (care-writes.ts decides; this stores). Each is ONE
 * strict-durability read-write transaction: every read it decides on happens inside it, and a refusal
 * or a failure writes nothing (D1).
 */
import type { OutcomeResult } from '../domain/care/outcome';
import type { MemberStats } from '../domain/records';
import { checkImport, checkOutcomeWrite, importMutations, newEnrollments, planOutcome, type ImportInput, type ImportResult, type OutcomeWrite } from './care-writes';
import { fromMemberRow, toMemberRow, type RegularsDb } from './database';
import { appendOutbox, runWrite } from './dexie-tx';
import { NotFoundError } from './errors';
import { addPoints, zeroStats } from './write-rules';

export async function dexieRecordOutcome(db: RegularsDb, w: OutcomeWrite): Promise<OutcomeResult> {
  checkOutcomeWrite(w);
  return runWrite(db, ['members', 'tasks', 'audit', 'outbox', 'meta'], async () => {
    const [row, stored] = await Promise.all([db.members.get(w.task.memberId), db.tasks.where('memberId').equals(w.task.memberId).toArray()]);
    if (!row) throw new NotFoundError('Member', w.task.memberId);
    const { result, writes } = planOutcome(w, fromMemberRow(row), stored);
    if (!writes) return result;
    await Promise.all([
      db.tasks.bulkPut(writes.tasks),
      writes.member ? db.members.put(toMemberRow(writes.member)) : null,
      db.audit.add(writes.audit),
    ]);
    await appendOutbox(db, writes.mutations, w.input.at);
    return result;
  });
}

export async function dexieImportMembers(db: RegularsDb, input: ImportInput): Promise<ImportResult> {
  const all = checkImport(input);
  if (all.length === 0) return { created: [], skippedPhones: [] };
  return runWrite(db, ['members', 'memberStats', 'ledger', 'outbox', 'meta'], async () => {
    const phones = [...new Set(all.map((e) => e.member.phone))];
    const [holders, sameIds] = await Promise.all([
      db.members.where('phone').anyOf(phones).toArray(), db.members.bulkGet(all.map((e) => e.member.id)),
    ]);
    const held = new Set(sameIds.flatMap((m) => (m ? [m.id] : [])));
    const { write, skippedPhones } = newEnrollments(all, holders.map(fromMemberRow), held);
    // Points start from zero and come only from the ledger (as in enroll), so the cache equals the entries.
    const stats: MemberStats[] = write.map((e) => {
      const zero = zeroStats(e.member.id);
      const opening = { ...e.stats, memberId: e.member.id, points: zero.points, pendingPoints: zero.pendingPoints };
      return addPoints(opening, e.ledger.reduce((a, x) => a + x.points, 0));
    });
    await Promise.all([
      db.members.bulkAdd(write.map((e) => toMemberRow(e.member))),
      db.memberStats.bulkPut(stats),
      db.ledger.bulkAdd(write.flatMap((e) => e.ledger)),
    ]);
    await appendOutbox(db, importMutations(write), write[0]?.member.enrolledAt ?? 0);
    return { created: write.map((e) => e.member.id), skippedPhones };
  });
}
