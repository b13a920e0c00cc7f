/**
 * Push: a device's outbox, applied in one transaction. Guarantees:
 *  - S4: per device, sequence numbers are gapless; a seq already applied is acknowledged again
 *    with no effect; a seq beyond the next expected one refuses the whole batch (409 `seq_gap`).
 *  - S6: a mutation id seen before with a different payload refuses the batch (409 `mutation_conflict`);
 *    with the same payload it is acknowledged with no effect, whichever device sent it first.
 *  - S8: a mutation that breaks a rule is recorded in `rejections` and acknowledged: it never blocks
 *    the queue behind it, and none of its writes is kept. A push that repeats it (its answer was
 *    lost) is told of the rejection again.
 *  - S5: all changes of the batch take feed numbers under the organisation's lock (change-feed.ts).
 *  - S21: a revoked device hands over what it made before the revocation; a mutation dated after it is
 *    rejected (`device_revoked`). The device's `pending` count is kept as what it held when last seen.
 * How (set-based): payloads are hashed and their content checked before the transaction; under the
 * lock, one statement reads the device's last seq, which seqs and mutation ids are known, and what the
 * first run of sales and enrolments needs; runs are applied from memory (batch-state.ts,
 * batch-apply.ts: one read, one write per run); the other
 * kinds, and an enrolment that merges two members, are applied one at a time inside a savepoint;
 * the bookkeeping (mutations, rejections, changes, the device's seq) is written with the last run's
 * writes, in one statement at the end.
 */
import type { Mutation, PushRequest, PushResponse, Rejection } from '../../sync/protocol';
import { isDataException, json, type Db, type Queryable, type Row } from '../storage/db';
import { ApiFailure, MutationRejected } from '../errors';
import type { DeviceContext } from '../tenancy';
import type { NewChange } from './change-feed';
import { checkContent, type Checked } from './content-check';
import { upsertMember } from './members';
import { appendAudit, appendLedger, recordReturn, updateTask, upsertCoupons } from './facts';
import { recheckReturnPoints } from './return-recheck';
import { flushBatchState, loadBatchState, stageBatchReads, stageWrites, type BatchState, type Returning } from './batch-state';
import { ReadStatement, WriteStatement } from './statements';
import { applyFromMemory, fromMemoryKinds } from './batch-apply';
import { payloadHash } from './payload-hash';

/** One mutation at a time, straight in SQL: the kinds a push does not apply from memory, and merges (S11). */
async function applyOne(tx: Queryable, ctx: DeviceContext, m: Mutation, now: number): Promise<NewChange[]> {
  const orgId = ctx.orgId;
  switch (m.kind) {
    case 'member.upsert': return upsertMember(tx, orgId, m.member, m.fields, now);
    case 'return.record': {
      const { changes, checked } = await recordReturn(tx, orgId, m.ret, m.ledger);
      if (checked) changes.push(...(await recheckReturnPoints(tx, orgId, checked.ret, checked.sale, checked.ledger, now)));
      return changes;
    }
    case 'ledger.append': return appendLedger(tx, orgId, ctx.deviceId, m.entries, m.id, now);
    case 'coupon.issue': return upsertCoupons(tx, orgId, m.coupons, now);
    case 'task.update': return updateTask(tx, orgId, m.task, m.at);
    case 'audit.append': return appendAudit(tx, orgId, m.entry);
    case 'sale.record': throw new Error('sale.record is applied from memory');
  }
}

interface Item {
  seq: number;
  mutation: PushRequest['batch'][number]['mutation'];
  hash: string;
  parsed: Checked;
}

interface Known { seq: number; mutation_id: string; payload_hash: string; status: string }

interface KnownRow {
  k_last_seq: number | null; k_seqs: Known[]; k_ids: { mutation_id: string; payload_hash: string }[]; k_rej: (Rejection & { seq: number })[];
}

/**
 * Adds to `r` what the database knows of the device's last seq, the batch's seqs (this device) and
 * mutation ids (any device). Read after the lock, never in the lock's statement: a statement's
 * snapshot is taken when it starts, so one that waited for the lock would not see the push it waited for.
 */
function knownReads(r: ReadStatement, ctx: DeviceContext, items: Item[]): (row: Row) => { lastSeq: number; bySeq: Map<number, Known>; byId: Map<string, string>; rejections: Map<number, Rejection> } {
  const org = r.param(ctx.orgId), dev = r.param(ctx.deviceId), seqs = r.param(items.map((i) => i.seq));
  r.add('k_last_seq', `SELECT last_seq FROM devices WHERE org_id = ${org} AND id = ${dev}`);
  r.add('k_seqs', `SELECT COALESCE(jsonb_agg(jsonb_build_object('seq', seq, 'mutation_id', mutation_id, 'payload_hash', payload_hash, 'status', status)), '[]')
    FROM mutations WHERE org_id = ${org} AND device_id = ${dev} AND seq = ANY(${seqs}::bigint[])`);
  r.add('k_ids', `SELECT COALESCE(jsonb_agg(jsonb_build_object('mutation_id', mutation_id, 'payload_hash', payload_hash)), '[]')
    FROM mutations WHERE org_id = ${org} AND mutation_id = ANY(${r.param(items.map((i) => i.mutation.id))}::text[])`);
  r.add('k_rej', `SELECT COALESCE(jsonb_agg(jsonb_build_object('deviceId', device_id, 'seq', seq, 'mutationId', mutation_id, 'kind', kind, 'code', code, 'message', message, 'at', at)), '[]')
    FROM rejections WHERE org_id = ${org} AND device_id = ${dev} AND seq = ANY(${seqs}::bigint[])`);
  return (row) => {
    const k = row as unknown as KnownRow;
    const byId = new Map<string, string>();
    for (const x of k.k_ids) if (!byId.has(x.mutation_id)) byId.set(x.mutation_id, x.payload_hash);
    return {
      lastSeq: k.k_last_seq ?? 0,
      bySeq: new Map(k.k_seqs.map((x) => [x.seq, x])),
      byId,
      rejections: new Map(k.k_rej.map((x) => [x.seq, x])),
    };
  };
}

export async function handlePush(db: Db, ctx: DeviceContext, req: PushRequest, now: number): Promise<PushResponse> {
  if (req.deviceId !== ctx.deviceId) throw new ApiFailure(403, 'forbidden', 'deviceId is not the device this token belongs to');
  // Hashing and the content checks need no lock: done before the transaction.
  const items: Item[] = req.batch.map(({ seq, mutation }) => ({ seq, mutation, hash: payloadHash(mutation), parsed: checkContent(mutation, now) }));
  // The organisation's lock (S5) is taken with BEGIN.
  return db.transaction(async (tx) => {
    // One read after the lock: what is known of the batch, and what its first run of sales and
    // enrolments needs (read for every such mutation of the batch: a superset of the run, which is
    // harmless, and usable only while nothing has been written in SQL).
    const r = new ReadStatement();
    const knownOf = knownReads(r, ctx, items);
    const memory = items.flatMap((i) => (i.parsed.ok && fromMemoryKinds.has(i.parsed.m.kind) ? [i.parsed.m] : []));
    const firstRunOf = memory.length > 0 ? stageBatchReads(r, ctx.orgId, memory) : null;
    const row = await r.run(tx);
    const k = knownOf(row);
    let firstRun = firstRunOf?.(row) ?? null;
    let last = k.lastSeq;
    const rejected: Rejection[] = [];
    // In batch order, as if one at a time: the first refusal refuses the batch.
    const fresh: { item: Item; status: 'applied' | 'duplicate' }[] = [];
    const seenIds = new Map(k.byId);
    const inBatch = new Map<number, Item>();
    for (const item of items) {
      // One seq is one outbox row: two different mutations under it cannot both be answered (S4, S6).
      const twin = inBatch.get(item.seq);
      if (twin && (twin.mutation.id !== item.mutation.id || twin.hash !== item.hash)) {
        throw new ApiFailure(409, 'mutation_conflict', `seq ${item.seq} appears twice in the batch with different mutations`);
      }
      inBatch.set(item.seq, item);
      if (twin) continue;
      if (item.seq <= last) {
        const s = k.bySeq.get(item.seq);
        if (s && (s.mutation_id !== item.mutation.id || s.payload_hash !== item.hash)) {
          throw new ApiFailure(409, 'mutation_conflict', `seq ${item.seq} was already applied with another mutation`);
        }
        // The answer that reported a rejection may have been lost: report it again (C-S15 records it once).
        const again = s?.status === 'rejected' ? k.rejections.get(item.seq) : undefined;
        if (again) rejected.push({ ...again, seq: item.seq });
        continue;
      }
      if (item.seq !== last + 1) throw new ApiFailure(409, 'seq_gap', `expected seq ${last + 1}, got ${item.seq}`, { expectedSeq: last + 1 });
      const prior = seenIds.get(item.mutation.id);
      if (prior !== undefined && prior !== item.hash) throw new ApiFailure(409, 'mutation_conflict', `mutation ${item.mutation.id} was already received with a different payload`);
      fresh.push({ item, status: prior === undefined ? 'applied' : 'duplicate' });
      seenIds.set(item.mutation.id, item.hash);
      last = item.seq;
    }
    const changes: NewChange[] = [];
    const statuses: string[] = [];
    const newRejections: Rejection[] = [];
    let run: BatchState | null = null; // what a run of sales and enrolments read, and what it staged
    for (let i = 0; i < fresh.length; i++) {
      const { item, status } = fresh[i] as (typeof fresh)[number];
      const reject = (e: MutationRejected) => {
        const r: Rejection = { deviceId: ctx.deviceId, seq: item.seq, mutationId: item.mutation.id, kind: item.mutation.kind, code: e.code, message: e.message, at: now };
        rejected.push(r);
        newRejections.push(r);
        statuses.push('rejected');
      };
      if (status === 'duplicate') { statuses.push('duplicate'); continue; }
      if (ctx.revokedAt !== undefined && madeAt(item.mutation) > ctx.revokedAt) {
        reject(new MutationRejected('device_revoked', 'Made on this tablet after the owner revoked it: not accepted'));
        continue;
      }
      if (!item.parsed.ok) { reject(new MutationRejected(item.parsed.code, item.parsed.message)); continue; }
      const m = item.parsed.m;
      if (fromMemoryKinds.has(m.kind)) {
        run ??= firstRun ?? (await loadBatchState(tx, ctx.orgId, runFrom(fresh, i)));
        firstRun = null;
        try {
          const out = applyFromMemory(run, m, now);
          if (out !== 'merge') { changes.push(...out); statuses.push('applied'); continue; }
        } catch (e) {
          if (!(e instanceof MutationRejected)) throw e;
          reject(e);
          continue;
        }
      }
      // One at a time, in SQL: what the run staged is written first, so this mutation reads it.
      if (run !== null) { await flushBatchState(tx, run); run = null; }
      firstRun = null;
      try {
        await tx.query('SAVEPOINT mutation');
        changes.push(...(await applyOne(tx, ctx, m, now)));
        await tx.query('RELEASE SAVEPOINT mutation');
        statuses.push('applied');
      } catch (e) {
        if (!(e instanceof MutationRejected) && !isDataException(e)) throw e;
        await tx.query('ROLLBACK TO SAVEPOINT mutation');
        reject(e instanceof MutationRejected ? e : new MutationRejected('invalid_mutation', 'it holds a value the database cannot store'));
      }
    }
    // The run that ends the batch is written with the bookkeeping: one statement.
    const w = new WriteStatement();
    const returning = run !== null ? stageWrites(w, run) : {};
    await record(tx, w, ctx, returning, { fresh: fresh.map((f, i) => ({ seq: f.item.seq, id: f.item.mutation.id, kind: f.item.mutation.kind, hash: f.item.hash, status: statuses[i] ?? 'applied' })), rejected: newRejections, changes, last, now, unsynced: unsyncedAfter(req) });
    return { ackedThrough: last, rejected, ...(ctx.revokedAt !== undefined ? { revoked: true } : {}) };
  }, { lockOrg: ctx.orgId });
}

/** S21: the latest time a mutation or the facts it carries claim (a forged early `at` alone does not pass). */
function madeAt(m: Item['mutation']): number {
  const x = m as unknown as Record<string, unknown>;
  const times: number[] = [m.at];
  const add = (v: unknown) => { if (v !== null && typeof v === 'object' && typeof (v as { at?: unknown }).at === 'number') times.push((v as { at: number }).at); };
  add(x.sale);
  add(x.ret);
  add(x.entry);
  for (const list of [x.ledger, x.entries]) if (Array.isArray(list)) list.forEach(add);
  return Math.max(...times);
}

/** What the device still holds once this batch is acknowledged (it reports its outbox, this batch included). */
function unsyncedAfter(req: PushRequest): number | null {
  return req.pending === undefined ? null : Math.max(0, req.pending - req.batch.length);
}

/** The mutations a run applied from memory may reach: from `i` up to the first kind it does not apply. */
function runFrom(fresh: { item: Item; status: string }[], i: number): Mutation[] {
  const out: Mutation[] = [];
  for (const { item, status } of fresh.slice(i)) {
    if (status === 'duplicate') continue;
    if (!item.parsed.ok) continue;
    if (!fromMemoryKinds.has(item.parsed.m.kind)) break;
    out.push(item.parsed.m);
  }
  return out;
}

/** The batch's bookkeeping, added to `w` and run: mutation rows, new rejections, the feed (S5) and the device's seq. */
async function record(tx: Queryable, w: WriteStatement, ctx: DeviceContext, returning: Returning, b: { fresh: { seq: number; id: string; kind: string; hash: string; status: string }[]; rejected: Rejection[]; changes: NewChange[]; last: number; now: number; unsynced: number | null }): Promise<void> {
  const org = w.param(ctx.orgId), dev = w.param(ctx.deviceId), now = w.param(b.now);
  if (b.fresh.length > 0) {
    w.add('bm', `INSERT INTO mutations (org_id, device_id, seq, mutation_id, kind, payload_hash, status, applied_at)
      SELECT ${org}, ${dev}, seq, id, kind, hash, status, ${now} FROM jsonb_to_recordset(${w.param(json(b.fresh))}::jsonb) AS x(seq bigint, id text, kind text, hash text, status text)`);
  }
  if (b.rejected.length > 0) {
    w.add('br', `INSERT INTO rejections (org_id, device_id, seq, mutation_id, kind, code, message, at)
      SELECT ${org}, ${dev}, seq, "mutationId", kind, code, message, at FROM jsonb_to_recordset(${w.param(json(b.rejected))}::jsonb) AS x(seq bigint, "mutationId" text, kind text, code text, message text, at bigint)`);
  }
  if (b.changes.length > 0) {
    const n = w.param(b.changes.length);
    w.add('bo', `UPDATE orgs SET last_change = last_change + ${n} WHERE id = ${org} RETURNING last_change`);
    // A fact the statement inserts is sent once: its change takes the data the insert returns.
    const joins = (['sale', 'ledger'] as const).flatMap((entity) => {
      const r = returning[entity];
      return r ? [{ entity, part: r.part, ids: r.ids }] : [];
    });
    const sent = b.changes.map((c) => (joins.some((j) => j.entity === c.entity && j.ids.has(c.id)) ? { entity: c.entity, id: c.id } : c));
    w.add('bc', `INSERT INTO changes (org_id, seq, entity, entity_id, data)
      SELECT ${org}, bo.last_change - ${n} + x.ord, x.v->>'entity', x.v->>'id', COALESCE(x.v->'data'${joins.map((j) => `, ${j.part}.data`).join('')})
      FROM bo CROSS JOIN jsonb_array_elements(${w.param(json(sent))}::jsonb) WITH ORDINALITY AS x(v, ord)
      ${joins.map((j) => `LEFT JOIN ${j.part} ON x.v->>'entity' = '${j.entity}' AND ${j.part}.id = x.v->>'id'`).join('\n      ')}`);
  }
  const unsynced = b.unsynced === null ? 'unsynced' : w.param(b.unsynced);
  w.add('bd', `UPDATE devices SET last_seq = GREATEST(last_seq, ${w.param(b.last)}), last_seen = ${now}, unsynced = ${unsynced} WHERE org_id = ${org} AND id = ${dev}`);
  await w.run(tx);
}
