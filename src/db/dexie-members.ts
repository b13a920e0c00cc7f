/**
 * MemberRepository on Dexie. The counter's lookup (`search`) reads the IndexedDB connection itself
 * (idb-lookup.ts): index range reads with a count, then the totals of the rows found, in one
 * read-only transaction; no table scans. A member merged into another is found as the survivor (C-S5a). Inside a live
 * query it reads through Dexie, so the query redraws when a member is written.
 */
import { Dexie } from 'dexie';
import { initialsAlternative } from '../domain/search-keys';
import type { Id, LedgerEntry, Member, MemberQuery, MemberStats, Sale, SaleReturn, Coupon } from '../domain/records';
import { fromMemberRow, toMemberRow, type MemberRow, type RegularsDb } from './database';
import { getMeta, putMeta, runWrite } from './dexie-tx';
import { collectLive, lookupMembers, MAX_MERGE_HOPS, type LookupIndex, type LookupStep } from './idb-lookup';
import { InvalidInputError } from './errors';
import type { BootstrapProgress, HistoryItem, MemberHit, MemberRepository, StatsCheck } from './repositories';
import { byValidToThenId } from './catalog-rules';
import { checkMember, clampLimit, sumPoints, zeroStats } from './write-rules';


/** Whether this call runs inside a Dexie live query (Dexie keeps the query's subscriber in its zone). */
function inLiveQuery(): boolean {
  const zone: unknown = Reflect.get(Dexie.Promise, 'PSD');
  return typeof zone === 'object' && zone !== null && Boolean(Reflect.get(zone, 'subscr'));
}

export class DexieMemberRepository implements MemberRepository {
  constructor(private readonly db: RegularsDb) {}

  async search(q: MemberQuery, limit?: number): Promise<MemberHit[]> {
    const n = clampLimit(limit);
    const value = q.value;
    if (!value) return [];
    const exact = (index: LookupIndex): LookupStep => ({ index, value, prefix: false });
    const prefix = (index: LookupIndex, v = value): LookupStep => ({ index, value: v, prefix: true });
    let steps: LookupStep[];
    switch (q.kind) {
      case 'phone': steps = [exact('phone')]; break;
      case 'phonePrefix': steps = [prefix('phone')]; break;
      case 'last4': steps = [exact('phoneLast4')]; break;
      case 'card': steps = [exact('cardNo')]; break;
      case 'initials': steps = [prefix('initials')]; break;
      case 'name': {
        const alt = initialsAlternative(q);
        steps = alt ? [prefix('nameKey'), prefix('initials', alt.value)] : [prefix('nameKey')];
        break;
      }
      default: throw new InvalidInputError('Unknown kind of member query');
    }
    if (inLiveQuery()) return this.searchObserved(steps, n);
    const found = await lookupMembers(this.db, steps, n);
    return found.map(({ row, stats }) => ({ member: fromMemberRow(row), stats: stats ?? zeroStats(row.id) }));
  }

  /** The same lookup through Dexie, whose live queries record what was read and redraw on a write to it (D3). */
  private searchObserved(steps: LookupStep[], n: number): Promise<MemberHit[]> {
    const t = this.db.members;
    return this.read(async () => this.withStats(await collectLive(steps, n, (step, k) =>
      (step.prefix ? t.where(step.index).startsWith(step.value) : t.where(step.index).equals(step.value)).limit(k).toArray(),
    (id) => t.get(id))));
  }

  async get(id: Id): Promise<MemberHit | null> {
    return this.read(async () => {
      let row = await this.db.members.get(id);
      for (let hop = 0; row?.mergedInto && hop < MAX_MERGE_HOPS; hop++) row = await this.db.members.get(row.mergedInto);
      if (!row || row.mergedInto) return null;
      return (await this.withStats([row]))[0] ?? null;
    });
  }

  async byPhone(phone: string): Promise<MemberHit | null> {
    return this.read(async () => this.first(await this.db.members.where('phone').equals(phone).limit(MAX_MERGE_HOPS).toArray()));
  }

  async byCard(cardNo: string): Promise<MemberHit | null> {
    return this.read(async () => this.first(await this.db.members.where('cardNo').equals(cardNo).limit(MAX_MERGE_HOPS).toArray()));
  }

  async history(memberId: Id, limit?: number): Promise<HistoryItem[]> {
    const n = clampLimit(limit);
    const range = [[memberId, Dexie.minKey], [memberId, Dexie.maxKey]] as const;
    const [sales, rets] = await Promise.all([
      this.db.sales.where('[memberId+at]').between(range[0], range[1]).reverse().limit(n).toArray(),
      this.db.returns.where('[memberId+at]').between(range[0], range[1]).reverse().limit(n).toArray(),
    ]);
    const items: HistoryItem[] = [
      ...sales.map((sale): HistoryItem => ({ kind: 'sale', at: sale.at, sale })),
      ...rets.map((ret): HistoryItem => ({ kind: 'return', at: ret.at, ret })),
    ];
    return items.sort((a, b) => b.at - a.at).slice(0, n);
  }

  async ledger(memberId: Id): Promise<LedgerEntry[]> {
    return this.db.ledger.where('[memberId+at]').between([memberId, Dexie.minKey], [memberId, Dexie.maxKey]).toArray();
  }

  async coupons(memberId: Id): Promise<Coupon[]> {
    const list = await this.db.coupons.where('memberId').equals(memberId).toArray();
    return list.sort(byValidToThenId);
  }

  async verifyStats(memberId: Id): Promise<StatsCheck> {
    const [entries, stats] = await Promise.all([this.ledger(memberId), this.db.memberStats.get(memberId)]);
    const ledgerPoints = sumPoints(entries);
    const cachedPoints = stats?.points ?? 0;
    return { memberId, ledgerPoints, cachedPoints, ok: ledgerPoints === cachedPoints };
  }

  async sale(id: Id): Promise<Sale | null> {
    return (await this.db.sales.get(id)) ?? null;
  }

  async saleByReceipt(receiptNo: string): Promise<Sale | null> {
    return (await this.db.sales.where('receiptNo').equals(receiptNo).first()) ?? null;
  }

  async returnsOf(saleId: Id): Promise<SaleReturn[]> {
    return this.db.returns.where('saleId').equals(saleId).sortBy('at');
  }

  async bulkLoadMembers(members: Member[], stats: MemberStats[], progress?: BootstrapProgress): Promise<void> {
    for (const m of members) checkMember(m);
    const ids = new Set(members.map((m) => m.id));
    for (const s of stats) if (!ids.has(s.memberId)) throw new InvalidInputError(`Totals for member ${s.memberId} who is not in the page`);
    await runWrite(this.db, ['members', 'memberStats', 'meta'], async () => {
      await this.db.members.bulkPut(members.map(toMemberRow));
      await this.db.memberStats.bulkPut(stats);
      if (progress) await putMeta(this.db, 'bootstrap', progress);
    });
  }

  async bootstrapProgress(): Promise<BootstrapProgress | null> {
    return (await getMeta(this.db, 'bootstrap')) ?? null;
  }

  /**
   * One read-only transaction for the rows and their totals: a consistent snapshot, and one IndexedDB
   * transaction per lookup (as hand-written IndexedDB code would do) instead of one per request.
   */
  private read<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction('r', [this.db.members, this.db.memberStats], work);
  }

  /** The first live member among rows sharing a phone or card, else where the first one was merged to. */
  private async first(rows: MemberRow[]): Promise<MemberHit | null> {
    const live = rows.find((r) => !r.mergedInto);
    if (live) return (await this.withStats([live]))[0] ?? null;
    const merged = rows[0];
    if (!merged) return null;
    let row: MemberRow | undefined = merged;
    for (let hop = 0; row?.mergedInto && hop < MAX_MERGE_HOPS; hop++) row = await this.db.members.get(row.mergedInto);
    return row && !row.mergedInto ? ((await this.withStats([row]))[0] ?? null) : null;
  }

  private async withStats(rows: MemberRow[]): Promise<MemberHit[]> {
    const stats = await this.db.memberStats.bulkGet(rows.map((r) => r.id));
    return rows.map((r, i) => ({ member: fromMemberRow(r), stats: stats[i] ?? zeroStats(r.id) }));
  }
}
