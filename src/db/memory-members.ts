/**
 * MemberRepository, in memory: the same answers in the same order as the Dexie one (index key, then
 * id), found by scanning. For tests and demos; tests/db/contract.ts keeps the two in step.
 */
import { initialsAlternative } from '../domain/search-keys';
import type { Coupon, Id, LedgerEntry, Member, MemberQuery, MemberStats, Sale, SaleReturn } from '../domain/records';
import { byValidToThenId } from './catalog-rules';
import { fromMemberRow, toMemberRow, type MemberRow } from './database';
import { InvalidInputError } from './errors';
import type { MemoryStore } from './memory-store';
import type { BootstrapProgress, HistoryItem, MemberHit, MemberRepository, StatsCheck } from './repositories';
import { checkMember, clampLimit, sumPoints, zeroStats } from './write-rules';

const MAX_MERGE_HOPS = 8;
type IndexField = 'phone' | 'phoneLast4' | 'cardNo' | 'nameKey' | 'initials';

export class MemoryMemberRepository implements MemberRepository {
  constructor(private readonly s: MemoryStore) {}

  async search(q: MemberQuery, limit?: number): Promise<MemberHit[]> {
    const n = clampLimit(limit);
    const v = q.value;
    if (!v) return [];
    let rows: MemberRow[];
    switch (q.kind) {
      case 'phone': rows = this.scan('phone', (k) => k === v, n); break;
      case 'phonePrefix': rows = this.scan('phone', (k) => k.startsWith(v), n); break;
      case 'last4': rows = this.scan('phoneLast4', (k) => k === v, n); break;
      case 'card': rows = this.scan('cardNo', (k) => k === v, n); break;
      case 'initials': rows = this.scan('initials', (k) => k.startsWith(v), n); break;
      case 'name': {
        rows = this.scan('nameKey', (k) => k.startsWith(v), n);
        const alt = initialsAlternative(q);
        const seen = new Set(rows.map((r) => r.id));
        if (alt) for (const r of this.scan('initials', (k) => k.startsWith(alt.value), n)) if (!seen.has(r.id) && rows.length < n) rows.push(r);
        break;
      }
      default: throw new InvalidInputError('Unknown kind of member query');
    }
    return rows.map((r) => this.hit(r));
  }

  async get(id: Id): Promise<MemberHit | null> {
    let row = this.s.members.get(id);
    for (let hop = 0; row?.mergedInto && hop < MAX_MERGE_HOPS; hop++) row = this.s.members.get(row.mergedInto);
    return row && !row.mergedInto ? this.hit(row) : null;
  }

  async byPhone(phone: string): Promise<MemberHit | null> {
    return this.first(this.s.members.where((m) => m.phone === phone));
  }

  async byCard(cardNo: string): Promise<MemberHit | null> {
    return this.first(this.s.members.where((m) => m.cardNo === cardNo));
  }

  async history(memberId: Id, limit?: number): Promise<HistoryItem[]> {
    const n = clampLimit(limit);
    const newest = <T extends { at: number; id: Id }>(a: T, b: T) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
    const sales = this.s.sales.where((x) => x.memberId === memberId).sort(newest).slice(0, n);
    const rets = this.s.returns.where((x) => x.memberId === memberId).sort(newest).slice(0, n);
    const items: HistoryItem[] = [
      ...sales.map((sale): HistoryItem => ({ kind: 'sale', at: sale.at, sale })),
      ...rets.map((ret): HistoryItem => ({ kind: 'return', at: ret.at, ret })),
    ];
    return items.sort((a, b) => b.at - a.at).slice(0, n);
  }

  async ledger(memberId: Id): Promise<LedgerEntry[]> {
    return this.s.ledger.where((e) => e.memberId === memberId).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  }

  async coupons(memberId: Id): Promise<Coupon[]> {
    return this.s.coupons.where((c) => c.memberId === memberId).sort(byValidToThenId);
  }

  async verifyStats(memberId: Id): Promise<StatsCheck> {
    const ledgerPoints = sumPoints(await this.ledger(memberId));
    const cachedPoints = this.s.memberStats.get(memberId)?.points ?? 0;
    return { memberId, ledgerPoints, cachedPoints, ok: ledgerPoints === cachedPoints };
  }

  async sale(id: Id): Promise<Sale | null> {
    return this.s.sales.get(id) ?? null;
  }

  async saleByReceipt(receiptNo: string): Promise<Sale | null> {
    return this.s.sales.where((x) => x.receiptNo === receiptNo)[0] ?? null;
  }

  async returnsOf(saleId: Id): Promise<SaleReturn[]> {
    return this.s.returns.where((r) => r.saleId === saleId).sort((a, b) => a.at - b.at);
  }

  async bulkLoadMembers(members: Member[], stats: MemberStats[], progress?: BootstrapProgress): Promise<void> {
    for (const m of members) checkMember(m);
    const ids = new Set(members.map((m) => m.id));
    for (const st of stats) if (!ids.has(st.memberId)) throw new InvalidInputError(`Totals for member ${st.memberId} who is not in the page`);
    await this.s.tx(() => {
      for (const m of members) this.s.members.put(toMemberRow(m));
      for (const st of stats) this.s.memberStats.put(st);
      if (progress) this.s.meta.put({ key: 'bootstrap', value: progress });
    });
  }

  async bootstrapProgress(): Promise<BootstrapProgress | null> {
    // Only bulkLoadMembers writes this row, always with a BootstrapProgress.
    return (this.s.meta.get('bootstrap')?.value as BootstrapProgress | undefined) ?? null;
  }

  /**
   * Rows whose index value passes `test`, in index order (value, then id); a merged member stands for
   * its survivor, in its place, once (C-S5a).
   */
  private scan(field: IndexField, test: (key: string) => boolean, n: number): MemberRow[] {
    const sorted = this.s.members.where((m) => test(m[field]))
      .sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const out: MemberRow[] = [];
    const seen = new Set<string>();
    for (const r of sorted) {
      let cur: MemberRow | undefined = r;
      for (let hop = 0; cur?.mergedInto && hop < MAX_MERGE_HOPS; hop++) cur = this.s.members.get(cur.mergedInto);
      if (!cur || cur.mergedInto || seen.has(cur.id)) continue;
      seen.add(cur.id);
      out.push(cur);
      if (out.length >= n) break;
    }
    return out;
  }

  private async first(rows: MemberRow[]): Promise<MemberHit | null> {
    const live = rows.find((r) => !r.mergedInto);
    if (live) return this.hit(live);
    const merged = rows[0];
    return merged ? this.get(merged.id) : null;
  }

  private hit(r: MemberRow): MemberHit {
    return { member: fromMemberRow(r), stats: this.s.memberStats.get(r.id) ?? zeroStats(r.id) };
  }
}
