/**
 * The on-device database (Dexie 4 over IndexedDB).
 *
 * Guarantees:
 *  - Every transaction is opened with strict durability (`chromeTransactionDurability: 'strict'`):
 *    when a write resolves, the data is on disk, not only in the OS cache.
 *  - Schema versions are only ever ADDED, never edited. A `version(n)` block, once released, stays
 *    exactly as it is; a change is a new block with an upgrade function. tests/db/migrations.test.ts
 *    keeps a database made by every earlier version and checks the current code upgrades it.
 *  - Every lookup the counter makes has an index (see `SCHEMA_V2.members`), so a search reads at
 *    most its limit of rows, whatever the number of members.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type {
  AuditEntry, CareTask, Coupon, Id, Instant, LedgerEntry, Member, MemberStats, Product, Sale, SaleReturn, Staff, Store,
} from '../domain/records';
import type { OutboxRow } from '../sync/protocol';
import { birthdayMonthDay, profileTags } from '../domain/care/member-keys';
import type { HeldShopConfig } from '../domain/care/shop-config';
import { insightTotalsMiddleware } from './insight-middleware';
import type { SpendBucketRow, TierRow } from './insight-member-totals';
import type { VisitRow } from './insight-visits';
import type { PastRow } from './insight-past';
import { STALE, type BuyerRow, type CohortRow, type DayTotals, type InsightState, type ReferralRow } from './insight-totals';

/** A member as stored: the record plus `phoneLast4`, derived so "last four digits" has an index. */
export interface MemberRow extends Member {
  phoneLast4: string;
  /** v3: 'MM-DD' of the birthday, for "birthdays this week / month" (absent: not indexed). */
  birthdayMd?: string;
  /** v3: one 'field=value' tag per filled profile field, for care lists by occupation and the like. */
  profileTags?: string[];
}

/** One version of the loyalty programme configuration (validated by src/domain before saving). */
export interface ProgrammeRecord {
  version: number;
  savedAt: Instant;
  savedBy: Id | null;
  config: unknown;
}

/**
 * Store-wide settings kept in the database (the device's own settings live in idb-keyval).
 * Other modules may add keys by declaration merging: `declare module '../db/database' { interface SettingsMap { … } }`.
 */
export interface SettingsMap {
  store: Store;
  activeProgrammeVersion: number;
  /** Last receipt number handed out on this device, for the next one. */
  receiptCounter: number;
  /**
   * S24: which of the shop's settings (careSettings, careCalendar, careTemplates) this paired tablet holds
   * from the server, at which version. A key not listed is still this tablet's own value (or the default).
   */
  shopConfig: HeldShopConfig;
}
export type SettingKey = keyof SettingsMap;
export interface SettingRow<K extends SettingKey = SettingKey> {
  key: K;
  value: SettingsMap[K];
}

/** Bookkeeping of the database itself. */
export interface MetaMap {
  /** The outbox counter: the next seq to hand out and the highest seq the server acknowledged. */
  outbox: { nextSeq: number; ackedUpTo: number };
  device: { deviceId: Id; orgId: Id; createdAt: Instant };
  bootstrap: { membersLoaded: number; complete: boolean; cursor: string | null };
  /** Reserved for a pull cursor; src/backup reads it. The sync store (sync-store.ts) keeps its cursor in settings `syncCursor`. */
  pull: { cursor: string };
}
export type MetaKey = keyof MetaMap;
export interface MetaRow<K extends MetaKey = MetaKey> {
  key: K;
  value: MetaMap[K];
}

/** v1: the first schema. Never edit. */
export const SCHEMA_V1 = {
  members: 'id, phone, cardNo, nameKey, initials',
  memberStats: 'memberId',
  sales: 'id, receiptNo, [memberId+at], businessDate',
  returns: 'id, saleId, [memberId+at]',
  ledger: 'id, [memberId+at], sourceId',
  coupons: 'id, memberId',
  tasks: 'id, memberId, [status+dueFrom]',
  products: 'id, sku, barcode, category, name',
  staff: 'id',
  programmes: 'version',
  settings: 'key',
  outbox: 'seq',
  audit: 'id, at',
  meta: 'key',
} as const;

/** v2: members get the derived `phoneLast4` index for the "last four digits" lookup. Never edit. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  members: 'id, phone, cardNo, nameKey, initials, phoneLast4',
} as const;

/**
 * v3: the indexes the care list reads (docs/care-spec.md, the query plan): birthdays by month-day,
 * profile tags, enrolment date, first and last purchase, tier, and ledger expiry dates. Never edit.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  members: `${SCHEMA_V2.members}, birthdayMd, *profileTags, enrolledOn`,
  memberStats: 'memberId, firstPurchaseAt, lastPurchaseAt, tierId',
  ledger: `${SCHEMA_V1.ledger}, expiresOn`,
} as const;

/**
 * v4: the dashboard's kept totals (docs/care-spec.md I11, src/db/insight-totals.ts), kept by
 * insight-middleware.ts in every write's transaction; members indexed by referrer and by merge so the
 * referral book reads only the members it concerns. Never edit.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  members: `${SCHEMA_V3.members}, referredBy, mergedInto`,
  insightDays: 'day',
  insightBuyers: 'memberId',
  insightCohorts: 'month',
  insightReferrals: 'id',
  insightState: 'key',
} as const;

/**
 * v5: the dashboard's kept member figures (docs/care-spec.md I11, src/db/insight-member-totals.ts):
 * live members per tier and tier date, and per spend bucket; sales per day and member (insight-visits.ts,
 * for the grades); memberStats indexed by lifetime spend
 * so the spend ranking reads only the rows it needs. Never edit.
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  memberStats: `${SCHEMA_V3.memberStats}, lifetimeSpend`,
  insightTiers: '[tierId+day]',
  insightSpend: 'bucket',
  insightVisits: '[day+memberId]',
} as const;

/**
 * v6: the organisation's past on a tablet paired after the shop already had sales (docs/care-spec.md I13,
 * src/db/insight-past.ts; C-S18 in docs/sync-protocol.md). Never edit.
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  insightPast: 'key',
} as const;

export const CURRENT_SCHEMA_VERSION = 6;

export function phoneLast4(phone: string): string {
  return phone.slice(-4);
}

export function toMemberRow(m: Member): MemberRow {
  const row: MemberRow = { ...m, phoneLast4: phoneLast4(m.phone), profileTags: profileTags(m) };
  const md = birthdayMonthDay(m.birthday);
  if (md !== null) row.birthdayMd = md;
  return row;
}

/** Strips the derived fields so callers get exactly a `Member`. */
export function fromMemberRow(row: MemberRow): Member {
  const { phoneLast4: _last4, birthdayMd: _md, profileTags: _tags, ...member } = row;
  return member;
}

export class RegularsDb extends Dexie {
  members!: EntityTable<MemberRow, 'id'>;
  memberStats!: EntityTable<MemberStats, 'memberId'>;
  sales!: EntityTable<Sale, 'id'>;
  returns!: EntityTable<SaleReturn, 'id'>;
  ledger!: EntityTable<LedgerEntry, 'id'>;
  coupons!: EntityTable<Coupon, 'id'>;
  tasks!: EntityTable<CareTask, 'id'>;
  products!: EntityTable<Product, 'id'>;
  staff!: EntityTable<Staff, 'id'>;
  programmes!: EntityTable<ProgrammeRecord, 'version'>;
  settings!: Table<SettingRow, SettingKey>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  audit!: EntityTable<AuditEntry, 'id'>;
  meta!: Table<MetaRow, MetaKey>;
  insightDays!: EntityTable<DayTotals, 'day'>;
  insightBuyers!: EntityTable<BuyerRow, 'memberId'>;
  insightCohorts!: EntityTable<CohortRow, 'month'>;
  insightReferrals!: EntityTable<ReferralRow, 'id'>;
  insightState!: EntityTable<InsightState, 'key'>;
  insightTiers!: Table<TierRow, [string, string]>;
  insightSpend!: EntityTable<SpendBucketRow, 'bucket'>;
  insightVisits!: Table<VisitRow, [string, string]>;
  insightPast!: Table<PastRow, string>;

  constructor(name: string, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}) {
    super(name, { chromeTransactionDurability: 'strict', ...options });

    // ---- Schema versions: ADD new blocks below; never edit a released one. ----
    this.version(1).stores(SCHEMA_V1);
    this.version(2).stores(SCHEMA_V2).upgrade(async (tx) => {
      await tx.table<MemberRow, Id>('members').toCollection().modify((m) => {
        m.phoneLast4 = phoneLast4(m.phone);
      });
    });
    this.version(3).stores(SCHEMA_V3).upgrade(async (tx) => {
      await tx.table<MemberRow, Id>('members').toCollection().modify((m) => {
        Object.assign(m, toMemberRow(fromMemberRow(m)));
      });
    });
    // The kept totals start stale: the insights worker rebuilds them once from a full scan.
    this.version(4).stores(SCHEMA_V4).upgrade(async (tx) => {
      await tx.table<InsightState, string>('insightState').put({ ...STALE });
    });
    // The new kept tables start empty: stale again, rebuilt once.
    this.version(5).stores(SCHEMA_V5).upgrade(async (tx) => {
      await tx.table<InsightState, string>('insightState').put({ ...STALE });
    });
    // A bootstrap's opening entries no longer count as points issued (I9, I13): the totals are rebuilt once.
    this.version(6).stores(SCHEMA_V6).upgrade(async (tx) => {
      await tx.table<InsightState, string>('insightState').put({ ...STALE });
    });
    this.use(insightTotalsMiddleware());
  }
}
