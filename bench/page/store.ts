/**
 * What every contender in the benchmark implements: the same data in, the same questions out.
 * Regulars goes through its real repository (src/db); the baselines are written here as well as
 * their library allows, so the ratios measure Regulars' overhead, not a strawman.
 */
import type { LedgerEntry, Member, MemberQuery, MemberStats, Sale } from '../../src/domain/records';
import type { BootstrapProgress } from '../../src/db/repositories';

export interface Hit {
  member: Member;
  stats: MemberStats | null;
}

export interface CheckoutFacts {
  sale: Sale;
  ledger: LedgerEntry[];
  /** The member's phone, for stores keyed by phone (PouchDB). */
  phone: string | null;
}

export interface Contender {
  readonly name: string;
  /** Opens (or creates) an empty store. */
  open(): Promise<void>;
  /**
   * Bootstrap: one members page as the server sends it (GET /api/members: JSON text of
   * `{ members: [{ member, stats }], after, more, asOf }`), parsed and stored with its progress,
   * as the till's bootstrap stores it (members, totals, one 'opening' ledger entry each, progress).
   */
  loadPage(text: string, progress: BootstrapProgress): Promise<void>;
  /** History: sales and ledger entries (not timed as bootstrap). */
  loadFacts(sales: Sale[], ledger: LedgerEntry[]): Promise<void>;
  search(q: MemberQuery, limit: number): Promise<Hit[]>;
  /** Brings the store to the state a till is in at the counter before checkouts are timed (not timed). */
  prepareCommits?(): Promise<void>;
  /** Sale, ledger, kept totals and outbox in one transaction (strict durability where possible). */
  commit(facts: CheckoutFacts): Promise<void>;
  close(): Promise<void>;
}
