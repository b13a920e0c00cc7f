/**
 * The one place the till's writes go through on their way to the sync engine: every TillWriter
 * method and audit append (the only repository calls that add outbox rows) tells the engine once
 * it has committed, so the screens never call the engine themselves (C-S7: `notify` returns at once).
 * A failed write does not notify: nothing new waits in the outbox.
 */
import type { AuditRepository, Repositories, TillWriter } from '../../db/repositories';

export function notifyingRepos(repos: Repositories, notify: () => void): Repositories {
  const after = <A extends unknown[]>(fn: (...a: A) => Promise<void>) => async (...a: A): Promise<void> => {
    await fn(...a);
    notify();
  };
  const w = repos.writer;
  const writer: TillWriter = {
    enroll: after((i) => w.enroll(i)),
    commitSale: after((i) => w.commitSale(i)),
    // Coupons already held wrote nothing, so nothing waits in the outbox.
    issueCoupons: async (i) => { const r = await w.issueCoupons(i); if (r.length > 0) notify(); return r; },
    commitReturn: after((i) => w.commitReturn(i)),
    appendLedger: after((i) => w.appendLedger(i)),
    saveTask: after((i) => w.saveTask(i)),
    upsertMember: after((i) => w.upsertMember(i)),
    // A refused outcome wrote nothing, so nothing waits in the outbox.
    recordOutcome: async (i) => { const r = await w.recordOutcome(i); if (r.ok) notify(); return r; },
    importMembers: async (i) => { const r = await w.importMembers(i); if (r.created.length > 0) notify(); return r; },
  };
  const a = repos.audit;
  const audit: AuditRepository = { append: after((e) => a.append(e)), recent: (n) => a.recent(n) };
  return { ...repos, writer, audit };
}
