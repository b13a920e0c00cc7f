/**
 * Regulars itself, through its real on-device code: RegularsDb (Dexie, strict durability), the
 * sync store's `bootstrapPage` (what src/sync/bootstrap.ts calls for each members page), the member
 * repository's `search`, and the till writer's `commitSale`.
 * History is written straight into the tables (timed apart: a bootstrap does not download it).
 */
import { Dexie } from 'dexie';
import { RegularsDb } from '../../src/db/database';
import { DexieMemberRepository } from '../../src/db/dexie-members';
import { DexieSyncStore } from '../../src/db/dexie-sync-store';
import type { BootstrapProgress } from '../../src/db/repositories';
import type { MembersPage } from '../../src/sync/protocol';
import { DexieTillWriter } from '../../src/db/dexie-till-writer';
import { rebuildKept } from '../../src/db/insight-rebuild';
import type { LedgerEntry, MemberQuery, Sale } from '../../src/domain/records';
import type { CheckoutFacts, Contender, Hit } from './store';

const NAME = 'bench-regulars';

export class Regulars implements Contender {
  readonly name = 'Regulars';
  private db: RegularsDb | null = null;
  private repo: DexieMemberRepository | null = null;
  private writer: DexieTillWriter | null = null;
  private sync: DexieSyncStore | null = null;

  async open(): Promise<void> {
    await Dexie.delete(NAME);
    const db = new RegularsDb(NAME);
    await db.open();
    this.db = db;
    this.repo = new DexieMemberRepository(db);
    this.writer = new DexieTillWriter(db);
    this.sync = new DexieSyncStore(db, { deviceId: 'device-bench' });
  }

  private parts(): { db: RegularsDb; repo: DexieMemberRepository; writer: DexieTillWriter } {
    if (!this.db || !this.repo || !this.writer) throw new Error('Regulars store not open');
    return { db: this.db, repo: this.repo, writer: this.writer };
  }

  async loadPage(text: string, progress: BootstrapProgress): Promise<void> {
    if (!this.sync) throw new Error('Regulars store not open');
    const page = JSON.parse(text) as MembersPage;
    await this.sync.bootstrapPage(page.members, progress, Date.now(), page.asOf ?? null);
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

  /**
   * The dashboard's kept totals fresh, as on a till whose dashboard was opened once (care-spec I11): each
   * checkout then keeps them in its transaction. (A new database's totals are stale and a write there only
   * counts itself, which would time a cheaper checkout than a shop's.)
   */
  async prepareCommits(): Promise<void> {
    await rebuildKept(this.parts().db, 'Asia/Shanghai', 5000, () => undefined);
  }

  async commit({ sale, ledger }: CheckoutFacts): Promise<void> {
    await this.parts().writer.commitSale({ sale, ledger, couponsIssued: [] });
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = null;
  }
}
