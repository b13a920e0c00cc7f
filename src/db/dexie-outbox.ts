/**
 * OutboxRepository on Dexie. Rows are appended only by the writers (dexie-tx.ts `appendOutbox`), in
 * the transaction of the facts they carry. The counter in `meta` survives acks and reloads, so seqs
 * stay gapless and are never reused.
 */
import type { OutboxRow } from '../sync/protocol';
import type { RegularsDb } from './database';
import { outboxCounter, putMeta, runWrite } from './dexie-tx';
import { InvalidInputError } from './errors';
import type { OutboxRepository } from './repositories';

export class DexieOutboxRepository implements OutboxRepository {
  constructor(private readonly db: RegularsDb) {}

  async peek(limit: number): Promise<OutboxRow[]> {
    if (!Number.isInteger(limit) || limit < 1) throw new InvalidInputError('peek needs a limit above 0');
    return this.db.outbox.limit(limit).toArray();
  }

  async ack(uptoSeq: number): Promise<void> {
    if (!Number.isInteger(uptoSeq) || uptoSeq < 0) throw new InvalidInputError('ack needs a whole seq');
    const db = this.db;
    await runWrite(db, ['outbox', 'meta'], async () => {
      const counter = await outboxCounter(db);
      if (uptoSeq >= counter.nextSeq) throw new InvalidInputError(`Cannot acknowledge seq ${uptoSeq}: the last one written is ${counter.nextSeq - 1}`);
      if (uptoSeq <= counter.ackedUpTo) return;
      await db.outbox.where('seq').belowOrEqual(uptoSeq).delete();
      await putMeta(db, 'outbox', { ...counter, ackedUpTo: uptoSeq });
    });
  }

  async count(): Promise<number> {
    return this.db.outbox.count();
  }

  async nextSeq(): Promise<number> {
    return (await outboxCounter(this.db)).nextSeq;
  }

  async continueAfter(lastSeq: number): Promise<void> {
    if (!Number.isSafeInteger(lastSeq) || lastSeq < 0) throw new InvalidInputError('continueAfter needs a whole seq');
    const db = this.db;
    await runWrite(db, ['outbox', 'meta'], async () => {
      const counter = await outboxCounter(db);
      if (counter.nextSeq > lastSeq) return;
      if ((await db.outbox.count()) > 0) throw new InvalidInputError('Changes wait in the outbox: their seqs cannot move');
      await putMeta(db, 'outbox', { nextSeq: lastSeq + 1, ackedUpTo: lastSeq });
    });
  }
}
