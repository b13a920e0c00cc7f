/**
 * Push: a device's outbox, applied in one transaction. Guarantees:
 *  - S4: per device, sequence numbers are gapless; a seq already applied is acknowledged again
 *    with no effect; a seq beyond the next expected one refuses the whole batch (409 `seq_gap`).
 *  - S6: a mutation id seen before with a different payload refuses the batch (409 `mutation_conflict`);
 *    with the same payload it is acknowledged with no effect, whichever device sent it first.
 *  - S8: a mutation that breaks a rule is recorded in `rejections` and acknowledged: it never blocks
 *    the queue behind it. Its partial writes are undone with a savepoint. A push that repeats it (its
 *    answer was lost) is told of the rejection again.
 *  - S5: all changes of the batch take feed numbers under the organisation's lock (change-feed.ts).
 */
import { createHash } from 'node:crypto';
import type { Mutation, PushRequest, PushResponse, Rejection } from '../../sync/protocol';
import type { Db, Queryable } from '../storage/db';
import { ApiFailure, MutationRejected } from '../errors';
import type { DeviceContext } from '../tenancy';
import { appendChanges, lockOrg, type NewChange } from './change-feed';
import { firstIssue, mutationSchema } from './mutation-schemas';
import { upsertMember } from './members';
import { appendAudit, appendLedger, recordReturn, recordSale, updateTask, upsertCoupons } from './facts';
import { recheckSalePoints } from './points-recheck';
import { recheckReturnPoints } from './return-recheck';

/** JSON with object keys sorted, so that the same mutation always hashes the same. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function payloadHash(m: unknown): string {
  return createHash('sha256').update(canonical(m)).digest('hex');
}

async function apply(tx: Queryable, orgId: string, m: Mutation, now: number): Promise<NewChange[]> {
  switch (m.kind) {
    case 'member.upsert': return upsertMember(tx, orgId, m.member, m.fields, now);
    case 'sale.record': {
      const { changes, sale } = await recordSale(tx, orgId, m.sale, m.ledger, m.coupons, now);
      if (sale) changes.push(...(await recheckSalePoints(tx, orgId, sale, now)));
      return changes;
    }
    case 'return.record': {
      const { changes, checked } = await recordReturn(tx, orgId, m.ret, m.ledger);
      if (checked) changes.push(...(await recheckReturnPoints(tx, orgId, checked.ret, checked.sale, checked.ledger, now)));
      return changes;
    }
    case 'ledger.append': return appendLedger(tx, orgId, m.entries, m.id, now);
    case 'coupon.issue': return upsertCoupons(tx, orgId, m.coupons, now);
    case 'task.update': return updateTask(tx, orgId, m.task, m.at);
    case 'audit.append': return appendAudit(tx, orgId, m.entry);
  }
}

async function storedRejection(tx: Queryable, ctx: DeviceContext, seq: number): Promise<Rejection[]> {
  const rows = await tx.query<{ mutation_id: string; kind: string; code: string; message: string; at: number }>(
    'SELECT mutation_id, kind, code, message, at FROM rejections WHERE org_id = $1 AND device_id = $2 AND seq = $3', [ctx.orgId, ctx.deviceId, seq]);
  return rows.map((r) => ({ deviceId: ctx.deviceId, seq, mutationId: r.mutation_id, kind: r.kind, code: r.code, message: r.message, at: r.at }));
}

export async function handlePush(db: Db, ctx: DeviceContext, req: PushRequest, now: number): Promise<PushResponse> {
  if (req.deviceId !== ctx.deviceId) throw new ApiFailure(403, 'forbidden', 'deviceId is not the device this token belongs to');
  return db.transaction(async (tx) => {
    await lockOrg(tx, ctx.orgId);
    const dev = await tx.query<{ last_seq: number }>('SELECT last_seq FROM devices WHERE org_id = $1 AND id = $2 FOR UPDATE', [ctx.orgId, ctx.deviceId]);
    let last = dev[0]?.last_seq ?? 0;
    const rejected: Rejection[] = [];
    for (const { seq, mutation } of req.batch) {
      const hash = payloadHash(mutation);
      if (seq <= last) {
        const seen = await tx.query<{ mutation_id: string; payload_hash: string; status: string }>(
          'SELECT mutation_id, payload_hash, status FROM mutations WHERE org_id = $1 AND device_id = $2 AND seq = $3', [ctx.orgId, ctx.deviceId, seq]);
        const s = seen[0];
        if (s && (s.mutation_id !== mutation.id || s.payload_hash !== hash)) {
          throw new ApiFailure(409, 'mutation_conflict', `seq ${seq} was already applied with another mutation`);
        }
        // The answer that reported a rejection may have been lost: report it again (C-S15 records it once).
        if (s?.status === 'rejected') rejected.push(...(await storedRejection(tx, ctx, seq)));
        continue;
      }
      if (seq !== last + 1) throw new ApiFailure(409, 'seq_gap', `expected seq ${last + 1}, got ${seq}`, { expectedSeq: last + 1 });
      const prior = await tx.query<{ payload_hash: string }>(
        'SELECT payload_hash FROM mutations WHERE org_id = $1 AND mutation_id = $2 LIMIT 1', [ctx.orgId, mutation.id]);
      let status = 'applied';
      if (prior[0]) {
        if (prior[0].payload_hash !== hash) throw new ApiFailure(409, 'mutation_conflict', `mutation ${mutation.id} was already received with a different payload`);
        status = 'duplicate';
      } else {
        const parsed = mutationSchema.safeParse(mutation);
        try {
          if (!parsed.success) throw new MutationRejected('invalid_mutation', firstIssue(parsed.error));
          await tx.query('SAVEPOINT mutation');
          const changes = await apply(tx, ctx.orgId, parsed.data as Mutation, now);
          await appendChanges(tx, ctx.orgId, changes);
          await tx.query('RELEASE SAVEPOINT mutation');
        } catch (e) {
          if (!(e instanceof MutationRejected)) throw e;
          if (parsed.success) await tx.query('ROLLBACK TO SAVEPOINT mutation');
          status = 'rejected';
          const r: Rejection = { deviceId: ctx.deviceId, seq, mutationId: mutation.id, kind: mutation.kind, code: e.code, message: e.message, at: now };
          await tx.query('INSERT INTO rejections (org_id, device_id, seq, mutation_id, kind, code, message, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
            [ctx.orgId, r.deviceId, r.seq, r.mutationId, r.kind, r.code, r.message, r.at]);
          rejected.push(r);
        }
      }
      await tx.query('INSERT INTO mutations (org_id, device_id, seq, mutation_id, kind, payload_hash, status, applied_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [ctx.orgId, ctx.deviceId, seq, mutation.id, mutation.kind, hash, status, now]);
      last = seq;
    }
    await tx.query('UPDATE devices SET last_seq = $3, last_seen = $4 WHERE org_id = $1 AND id = $2', [ctx.orgId, ctx.deviceId, last, now]);
    return { ackedThrough: last, rejected };
  });
}
