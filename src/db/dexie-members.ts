/**
 * MemberRepository on Dexie. Every lookup is an index range read with `limit` (IndexedDB getAll with
 * a count), then one bulkGet for the totals of the rows found: no table scans, no filters on a cursor.
 * Members merged into another are skipped; if that leaves a page short, the read is repeated larger.
 */
import { Dexie } from 'dexie';
import { initialsAlternative } from '../domain/search-keys';
import type { Id, LedgerEntry, Member, MemberQuery, MemberStats, Sale, SaleReturn, Coupon } from '../domain/records';
import { fromMemberRow, toMemberRow, type MemberRow, type RegularsDb } from './database';
import { getMeta, putMeta, runWrite } from './dexie-tx';
import { InvalidInputError } from './errors';
import type { BootstrapProgress, HistoryItem, MemberHit, MemberRepository, StatsCheck } from './repositories';
import { byValidToThenId } from './catalog-rules';
import { checkMember, clampLimit, sumPoints, zeroStats } from './write-rules';

const MAX_MERGE_HOPS = 8;

export class DexieMemberRepository implements MemberRepository {
  constructor(private readonly db: RegularsDb) {}

  async search(q: MemberQuery, limit?: number): Promise<MemberHit[]> {
    const n = clampLimit(limit);
    const v = q.value;
    if (!v) return [];
    const t = this.db.members;
    const on = (index: 'phone' | 'phoneLast4' | 'cardNo', key: string) => (k: number) => t.where(index).equals(key).limit(k);
    const prefix = (index: 'phone' | 'nameKey' | 'initials', key: string) => (k: number) => t.where(index).startsWith(key).limit(k);
    let first: (k: number) => { toArray(): Promise<MemberRow[]> };
    let second: ((k: number) => { toArray(): Promise<MemberRow[]> }) | null = null;
    switch (q.kind) {
      case 'phone': first = on('phone', v); break;
      case 'phonePrefix': first = prefix('phone', v); break;
      case 'last4': first = on('phoneLast4', v); break;
      case 'card': first = on('cardNo', v); break;
      case 'initials': first = prefix('initials', v); break;
      case 'name': {
        first = prefix('nameKey', v);
        const alt = initialsAlternative(q);
        if (alt) second = prefix('initials', alt.value);
        break;
      }
      default: throw new InvalidInputError('Unknown kind of member query');
    }
    return this.read(async () => {
      const rows = await liveRows(first, n);
      if (second && rows.length < n) {
        const seen = new Set(rows.map((r) => r.id));
        for (const r of await liveRows(second, n)) if (!seen.has(r.id) && rows.length < n) rows.push(r);
      }
      return this.withStats(rows);
    });
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

/** Reads up to `n` rows not merged away; re-reads a bigger page only when merged rows were skipped. */
async function liveRows(page: (k: number) => { toArray(): Promise<MemberRow[]> }, n: number): Promise<MemberRow[]> {
  for (let k = n; ; k *= 4) {
    const rows = await page(k).toArray();
    const live = rows.filter((r) => !r.mergedInto);
    if (live.length >= n || rows.length < k) return live.slice(0, n);
  }
}
