/**
 * The repository interfaces: everything the app and the sync engine may ask of the on-device store.
 * Two implementations keep the same behaviour, checked by one contract suite (tests/db/contract.ts):
 * Dexie (src/db/dexie-*.ts) for the app, in-memory (src/db/memory-*.ts) for fast tests.
 *
 * Numbered storage rules (tests cite them as [D1]…):
 *  D1  Each TillWriter method is ONE transaction: the facts, the kept totals (memberStats) and the
 *      outbox rows are all written, or nothing is; a failure reaches the caller as a DbError (errors.ts).
 *  D2  Outbox seqs are gapless per device, start at 1, never reused, even after acks and reloads.
 *  D3  A search reads one index, returns at most `limit` hits (default 20, max 200) in index order
 *      (key, then id), never a member merged into another.
 *  D4  A name query of Latin letters also matches pinyin initials: name matches first, then initials, no duplicates.
 *  D5  Enrolling (or editing to) a phone another live member has is refused, naming that member.
 *  D6  A coupon is used once, by its own member; a second use is refused.
 *  D7  Points in memberStats equal the sum of the member's ledger entries; no balance goes below zero.
 *  D8  Storage full (QuotaExceededError) reaches the caller as StorageFullError with nothing written.
 *  D9  Bad input gets a clear error (InvalidInputError, NotFoundError) and writes nothing.
 *  D10 get / byPhone / byCard follow `mergedInto` to the surviving member; so does search: a merged
 *      member is listed as the survivor, in its place, once (C-S5a).
 *  D11 Schema versions are only added; a database made by any earlier version upgrades with its data.
 *  D12 A return never takes back more of a line than was sold, counting earlier returns.
 *  D13 Results are copies: changing them does not change the store.
 *  D15 Benefit coupons (loyalty-spec B9) are put if absent: a coupon whose id is already held (issued here,
 *      or pulled from another tablet) is left as it is and not sent again; nothing held → nothing written.
 */
import type { Cents } from '../domain/money';
import type {
  AuditEntry, CareTask, Coupon, Id, Instant, LedgerEntry, Member, MemberQuery, MemberStats, Product, Sale, SaleReturn, Staff,
} from '../domain/records';
import type { OutboxRow } from '../sync/protocol';
import type { OutcomeResult } from '../domain/care/outcome';
import type { OutcomeInput } from '../domain/care/outcome';
import type { CareSettings } from '../domain/care/settings';
import type { MetaMap, ProgrammeRecord, SettingKey, SettingsMap } from './database';

export type BootstrapProgress = MetaMap['bootstrap'];

export interface MemberHit {
  member: Member;
  /** Zero totals if the member has none yet. */
  stats: MemberStats;
}

/** A sale or a return, newest first, for the member screen. */
export type HistoryItem = { kind: 'sale'; at: Instant; sale: Sale } | { kind: 'return'; at: Instant; ret: SaleReturn };

export interface MemberRepository {
  /**
   * Answers a classified lookup from its index. Order: by the index key (phone, last four, card, nameKey,
   * initials), then by member id. A `name` query of 1–8 Latin letters also matches `initials` (the engine's
   * `initialsAlternative`: 'zs' → 张三, 'zoe' → Zoe Smith): name matches first, then initials, no duplicates.
   */
  search(q: MemberQuery, limit?: number): Promise<MemberHit[]>;
  /** Follows `mergedInto` to the surviving member. */
  get(id: Id): Promise<MemberHit | null>;
  byPhone(phone: string): Promise<MemberHit | null>;
  byCard(cardNo: string): Promise<MemberHit | null>;
  /** Recent sales and returns, newest first. */
  history(memberId: Id, limit?: number): Promise<HistoryItem[]>;
  /** All ledger entries of the member, oldest first. */
  ledger(memberId: Id): Promise<LedgerEntry[]>;
  /** The member's coupons, used or not, by validTo. */
  coupons(memberId: Id): Promise<Coupon[]>;
  /** Recomputes points from the ledger and compares with the kept total (the cache is only a cache). */
  verifyStats(memberId: Id): Promise<StatsCheck>;
  sale(id: Id): Promise<Sale | null>;
  saleByReceipt(receiptNo: string): Promise<Sale | null>;
  returnsOf(saleId: Id): Promise<SaleReturn[]>;
  /**
   * Bootstrap of a fresh device: one page of members and their totals in one transaction, no outbox.
   * `progress` (the sync cursor after this page) is saved in the same transaction, so a bootstrap
   * cut short resumes after the last page that was really stored.
   */
  bulkLoadMembers(members: Member[], stats: MemberStats[], progress?: BootstrapProgress): Promise<void>;
  bootstrapProgress(): Promise<BootstrapProgress | null>;
}

export interface StatsCheck {
  memberId: Id;
  ledgerPoints: number;
  cachedPoints: number;
  ok: boolean;
}

/** What the tier engine decided for this action (omit when the tier does not change). */
export interface TierChange {
  tierId: string | null;
  tierSince: Instant | null;
}

/** A profile edit: the edited member, the fields it changes, and the device and moment that stamp them. */
export interface MemberEditInput {
  member: Member;
  fields: (keyof Member)[];
  opId: Id;
  at: Instant;
  deviceId: Id;
}

export interface EnrollInput {
  member: Member;
  /** The opening totals, usually all zero; points are recomputed from `ledger`. */
  stats: MemberStats;
  /** Enrolment bonus and similar; may be empty. */
  ledger: LedgerEntry[];
  coupons: Coupon[];
  /** A fresh device-made id for this action; the outbox mutations' ids derive from it. */
  opId: Id;
}

export interface SaleInput {
  /** `sale.couponIds` are marked used by this sale; each must be the member's and unused. */
  sale: Sale;
  /** Earn and redeem entries (and a referrer's reward, which may name another member). */
  ledger: LedgerEntry[];
  /** [B9][D15] Benefits due today, put if absent in the sale's transaction; the sale's mutation carries those written. */
  couponsIssued: Coupon[];
  /** As buildSale returns them; optional, checked against `sale.couponIds` (the store marks them used itself). */
  couponsUsed?: Coupon[];
  tier?: TierChange;
  /**
   * Optional: the receipt counter value this sale's receipt number used. The writer stores it as the
   * setting `receiptCounter` in the sale's own transaction, so a sale that is not written leaves no gap,
   * and refuses (InvalidInputError) when the stored counter is not `receiptCounter − 1` (another tab took it).
   */
  receiptCounter?: number;
  /** Audit entries about this sale (the sale itself, a manager's override), written in its transaction. */
  audit?: AuditEntry[];
}

export interface IssueCouponsInput {
  /** Due coupons with their deterministic ids (src/domain/benefits-due.ts); at most 500. */
  coupons: Coupon[];
  /** A fresh device-made id: the 'coupon.issue' mutation's id. */
  opId: Id;
  at: Instant;
}

export interface ReturnInput {
  ret: SaleReturn;
  /** Reversals may take a balance below zero (loyalty-spec X6). */
  ledger: LedgerEntry[];
  /** What buildReturn says comes off lifetime spend; defaults to `ret.refund`. */
  spendReversed?: Cents;
  tier?: TierChange;
  /** Audit entries about this return, written in its transaction. */
  audit?: AuditEntry[];
}

export interface TillWriter {
  /** Refuses a phone already on the device (DuplicatePhoneError names the member). */
  enroll(input: EnrollInput): Promise<void>;
  /**
   * Outbox: one 'sale.record' mutation with id = sale.id. Like a return and a ledger append, it writes the
   * `audit` entries it is given (and their 'audit.append' rows) in the same transaction: no sale without its audit.
   */
  commitSale(input: SaleInput): Promise<void>;
  /**
   * [B9][D15] Benefit coupons in ONE transaction: those not yet held are written with one 'coupon.issue'
   * outbox row; returns the ones written (none: nothing was written). Every coupon's member must exist.
   */
  issueCoupons(input: IssueCouponsInput): Promise<Coupon[]>;
  /** Refuses returning more of a line than was sold minus what was already returned. */
  commitReturn(input: ReturnInput): Promise<void>;
  /** Manual adjustment or bonus; refuses to take points a member does not have. */
  appendLedger(input: { entries: LedgerEntry[]; opId: Id; audit?: AuditEntry[] }): Promise<void>;
  saveTask(input: { task: CareTask; opId: Id; at: Instant }): Promise<void>;
  /**
   * Profile edit (D5, D14): `fields` of `member` are written onto the member as stored, each stamped on
   * this device's clock (`deviceId`, at `at`) so the server and the other tablets take it (S9, C-S3).
   */
  upsertMember(input: MemberEditInput): Promise<void>;
  /**
   * A care outcome (docs/care-spec.md C20–C23) in ONE transaction: the task, the member's do-not-disturb
   * flag and their other open tasks dropped (C21), the gift against the yearly budget as stored, an audit
   * entry and the outbox rows. A domain refusal (closed task, over budget…) is returned and writes nothing.
   */
  recordOutcome(input: OutcomeWrite): Promise<OutcomeResult>;
  /** An import batch (M5–M6) in ONE transaction; phones already held by a live member are skipped. */
  importMembers(input: ImportInput): Promise<ImportResult>;
}

export interface OutboxRepository {
  /** The oldest rows not yet acknowledged, by seq. */
  peek(limit: number): Promise<OutboxRow[]>;
  /** Removes every row up to and including `uptoSeq`. Seqs are never reused. */
  ack(uptoSeq: number): Promise<void>;
  count(): Promise<number>;
  /** The seq the next write will get. */
  nextSeq(): Promise<number>;
  /**
   * A re-downloaded device (its browser cleared the database) continues the sequence the server
   * already holds: the next write gets `lastSeq + 1`. Never lowers the counter; refused while rows wait.
   */
  continueAfter(lastSeq: number): Promise<void>;
}

export interface ProductRepository {
  put(products: Product[]): Promise<void>;
  get(id: Id): Promise<Product | null>;
  bySku(sku: string): Promise<Product | null>;
  byBarcode(barcode: string): Promise<Product | null>;
  /** Active products of a category, by name. */
  byCategory(category: string, limit?: number): Promise<Product[]>;
  /** Active products whose name starts with `prefix` (case as stored), by name. */
  searchName(prefix: string, limit?: number): Promise<Product[]>;
  quickKeys(): Promise<Product[]>;
  /** Every product, active or not, by name: the owner's catalogue screen (a few thousand rows at most). */
  list(): Promise<Product[]>;
}

export interface StaffRepository {
  /** With `audit`: the entry and its 'audit.append' outbox row are written in the same transaction. */
  put(staff: Staff, audit?: AuditEntry): Promise<void>;
  get(id: Id): Promise<Staff | null>;
  list(): Promise<Staff[]>;
}

export interface SettingsRepository {
  get<K extends SettingKey>(key: K): Promise<SettingsMap[K] | null>;
  /** With `audit`: the entry and its 'audit.append' outbox row are written in the same transaction. */
  set<K extends SettingKey>(key: K, value: SettingsMap[K], audit?: AuditEntry): Promise<void>;
}

export interface ProgrammeRepository {
  /** Refuses to overwrite an existing version (a sale may have been priced by it). */
  save(record: ProgrammeRecord): Promise<void>;
  /**
   * A new version (docs/loyalty-spec.md P5–P7) in ONE transaction (D1): the version, the setting
   * `activeProgrammeVersion` and its audit entry, with the entry's 'audit.append' outbox row when `push`
   * (a till without a server). Without `push` the server already numbered the version and holds the
   * entry: a version or entry a pull brought first is kept as it is. With `push` an existing version is refused.
   */
  saveVersion(input: { record: ProgrammeRecord; audit: AuditEntry; push: boolean }): Promise<void>;
  get(version: number): Promise<ProgrammeRecord | null>;
  latest(): Promise<ProgrammeRecord | null>;
  versions(): Promise<number[]>;
}

export interface AuditRepository {
  /** Writes the entry and its 'audit.append' outbox row in one transaction. */
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  recent(limit: number): Promise<AuditEntry[]>;
}

export interface TaskRepository {
  get(id: Id): Promise<CareTask | null>;
  /** Open tasks due on or before `onOrBefore` ('YYYY-MM-DD'), by dueFrom. */
  openDue(onOrBefore: string, limit?: number): Promise<CareTask[]>;
  ofMember(memberId: Id): Promise<CareTask[]>;
}

/** Everything, as one object the app builds once (src/db/open.ts) and tests build per case. */
export interface Repositories {
  members: MemberRepository;
  writer: TillWriter;
  outbox: OutboxRepository;
  products: ProductRepository;
  staff: StaffRepository;
  settings: SettingsRepository;
  programmes: ProgrammeRepository;
  audit: AuditRepository;
  tasks: TaskRepository;
}

// ---- The care writes' inputs (care-writes.ts decides what they store) ----

export interface OutcomeWrite {
  /** The task as the care list generated it; the stored copy (if any) wins for every field. */
  task: CareTask;
  input: OutcomeInput;
  timeZone: string;
  settings: CareSettings;
  deviceId: Id;
  /** A fresh device-made id for this action; the outbox mutations' and the audit entry's ids derive from it. */
  opId: Id;
}

/** One import batch: the new members' enrolments, written together or not at all. */
export interface ImportInput {
  enrollments: Omit<EnrollInput, 'opId' | 'coupons'>[];
  /** A fresh id for this batch; each member's mutations use `${opId}:${index}`. */
  opId: Id;
}

export interface ImportResult {
  created: Id[];
  /** Phones already held by a live member: nobody is created for them. */
  skippedPhones: string[];
}
