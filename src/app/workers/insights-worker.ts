/**
 * The insights worker: opens the till's IndexedDB database by name and answers the dashboard
 * (computeInsights), the manager's member list (filterMembers) and the care list's
 * index-less queries (scanCandidates), reading in pages, so
 * the till's thread never waits on them. Loaded with `new Worker(new URL(...), { type: 'module' })`
 * from src/features/insights/worker-client.ts, which keeps it for a while: requests come tagged with
 * their id, and the database stays open between them (Dexie closes it on a version change and opens
 * it again at the next read).
 */
import { RegularsDb } from '../../db/database';
import { scanCandidates } from '../../db/care-queries';
import { computeInsights } from '../../features/insights/compute-insights';
import { filterMembers } from '../../features/members/member-filter';
import type { WorkerReply, WorkerRequest } from '../../features/insights/worker-protocol';

const at = () => Math.round(performance.timeOrigin + performance.now());
const bootedAt = at();
const dbs = new Map<string, RegularsDb>();
function dbNamed(name: string): RegularsDb {
  const kept = dbs.get(name);
  if (kept && !kept.hasBeenClosed()) return kept;
  const db = new RegularsDb(name);
  dbs.set(name, db);
  return db;
}

const post = (reply: WorkerReply) => (self as unknown as { postMessage: (m: WorkerReply) => void }).postMessage(reply);

self.addEventListener('message', (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  const timings: Record<string, number> = { workerOrigin: Math.round(performance.timeOrigin), bootedAt, receivedAt: at() };
  const db = dbNamed(req.dbName);
  const progress = (read: number) => post({ id: req.id, kind: 'progress', read });
  const work = req.kind === 'insights'
    ? computeInsights(db, req.params, progress, timings).then((result) => post({ id: req.id, kind: 'insights', result, timings: { ...timings, doneAt: at() } }))
    : req.kind === 'members'
      ? filterMembers(db, req.query).then((page) => post({ id: req.id, kind: 'members', page }))
      : scanCandidates(db, req.queries, req.settings, 500, progress).then((ids) => post({ id: req.id, kind: 'care-scan', ids }));
  void work.catch((e: unknown) => post({ id: req.id, kind: 'error', message: e instanceof Error ? e.message : String(e) }));
});
