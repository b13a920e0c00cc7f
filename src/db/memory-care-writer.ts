/**
 * The care writes of the in-memory TillWriter, with the Dexie writer's decisions (care-writes.ts)
 * and its all-or-nothing transaction (memory-store.ts `tx`).
 */
import type { OutcomeResult } from '../domain/care/outcome';
import { checkImport, checkOutcomeWrite, importMutations, newEnrollments, planOutcome, type ImportInput, type ImportResult, type OutcomeWrite } from './care-writes';
import { fromMemberRow, toMemberRow } from './database';
import { NotFoundError } from './errors';
import type { MemoryStore } from './memory-store';
import { memoryAppendOutbox } from './memory-tx';
import { addPoints, zeroStats } from './write-rules';

export async function memoryRecordOutcome(s: MemoryStore, w: OutcomeWrite): Promise<OutcomeResult> {
  checkOutcomeWrite(w);
  return s.tx(() => {
    const row = s.members.get(w.task.memberId);
    if (!row) throw new NotFoundError('Member', w.task.memberId);
    const { result, writes } = planOutcome(w, fromMemberRow(row), s.tasks.where((t) => t.memberId === w.task.memberId));
    if (!writes) return result;
    writes.tasks.forEach((t) => s.tasks.put(t));
    if (writes.member) s.members.put(toMemberRow(writes.member));
    s.audit.add(writes.audit);
    memoryAppendOutbox(s, writes.mutations, w.input.at);
    return result;
  });
}

export async function memoryImportMembers(s: MemoryStore, input: ImportInput): Promise<ImportResult> {
  const all = checkImport(input);
  if (all.length === 0) return { created: [], skippedPhones: [] };
  return s.tx(() => {
    const held = new Set(all.flatMap((e) => (s.members.get(e.member.id) ? [e.member.id] : [])));
    const phones = new Set(all.map((e) => e.member.phone));
    const { write, skippedPhones } = newEnrollments(all, s.members.where((m) => phones.has(m.phone)).map(fromMemberRow), held);
    for (const e of write) {
      const zero = zeroStats(e.member.id);
      const opening = { ...e.stats, memberId: e.member.id, points: zero.points, pendingPoints: zero.pendingPoints };
      s.members.add(toMemberRow(e.member));
      s.memberStats.put(addPoints(opening, e.ledger.reduce((a, x) => a + x.points, 0)));
      e.ledger.forEach((x) => s.ledger.add(x));
    }
    memoryAppendOutbox(s, importMutations(write), write[0]?.member.enrolledAt ?? 0);
    return { created: write.map((e) => e.member.id), skippedPhones };
  });
}
