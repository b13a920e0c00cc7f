/**
 * Regulars itself, through its real on-device code: RegularsDb (Dexie, strict durability), the
 * member repository's `search` and `bulkLoadMembers`, and the till writer's `commitSale`.
 * History is written straight into the tables because it is setup, not a measured path.
 */
import { Dexie } from 'dexie';
import { RegularsDb } from '../../src/db/database';
import { DexieMemberRepository } from '../../src/db/dexie-members';
import { DexieTillWriter } from '../../src/db/dexie-till-writer';
import type { LedgerEntry, Member, MemberQuery, MemberStats, Sale } from '../../src/domain/records';
import type { CheckoutFacts, Contender, Hit } from './store';

const NAME = 'bench-regulars';

export class Regulars implements Contender {
  readonly name = 'Regulars';
  private db: RegularsDb | null = null;
  private repo: DexieMemberRepository | null = null;
  private writer: DexieTillWriter | null = null;

  async open(): Promise<void> {
    await Dexie.delete(NAME);
    const db = new RegularsDb(NAME);
    await db.open();
    this.db = db;
    this.repo = new DexieMemberRepository(db);
    this.writer = new DexieTillWriter(db);
  }

  private parts(): { db: RegularsDb; repo: DexieMemberRepository; writer: DexieTillWriter } {
    if (!this.db || !this.repo || !this.writer) throw new Error('Regulars store not open');
    return { db: this.db, repo: this.repo, writer: this.writer };
  }

  async loadMembers(members: Member[], stats: MemberStats[]): Promise<void> {
    await this.parts().repo.bulkLoadMembers(members, stats);
  }

  async loadFacts(sales: Sale[], ledger: LedgerEntry[]): Promise<void> {
    const { db } = this.parts();
    await db.transaction('rw', db.sales, db.ledger, async () => {
      await db.sales.bulkPut(sales);
      await db.ledger.bulkPut(ledger);
    });
  }

  async search(q: MemberQuery, limit: number): Promise<Hit[]> {
    return this.parts().repo.search(q, limit);
  }

  async commit({ sale, ledger }: CheckoutFacts): Promise<void> {
    await this.parts().writer.commitSale({ sale, ledger, couponsIssued: [] });
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = null;
  }
}
