/**
 * The wire protocol between a till and the sync server, shared by both sides.
 * docs/sync-protocol.md states the rules (S1...) these types carry; the zod schemas in protocol-schemas.ts validate
 * requests on the server and generate its OpenAPI document, so the two cannot drift apart.
 *
 * Every /api request except health and openapi.json sends the headers PROTOCOL_HEADER and
 * SCHEMA_HEADER (S2); every error is `{ code, message }` with a 4xx/5xx status (S3).
 * The outbox on the device stores `Mutation` values exactly as they will be pushed.
 */
import type {
  AuditEntry, CareTask, Coupon, Id, Instant, LedgerEntry, LocalDate, Member, MemberStats, Role, Sale, SaleReturn, Store,
} from '../domain/records';

export const PROTOCOL_VERSION = 1;
/** Older clients get 426 `client_outdated` (S2). */
export const MIN_PROTOCOL_VERSION = 1;
/** The lowest on-device database schema version the server still syncs with. */
export const MIN_SCHEMA_VERSION = 1;
export const PROTOCOL_HEADER = 'x-regulars-protocol';
export const SCHEMA_HEADER = 'x-regulars-schema';
/** S20: the manager or owner (staff id) and their PIN, for the manager-only endpoints (rejections, exceptions). */
export const MANAGER_STAFF_HEADER = 'x-regulars-staff';
export const MANAGER_PIN_HEADER = 'x-regulars-pin';

export type Mutation =
  | { kind: 'member.upsert'; id: Id; at: Instant; member: Member; fields: (keyof Member)[] }
  | { kind: 'sale.record'; id: Id; at: Instant; sale: Sale; ledger: LedgerEntry[]; coupons: Coupon[] }
  | { kind: 'return.record'; id: Id; at: Instant; ret: SaleReturn; ledger: LedgerEntry[] }
  | { kind: 'ledger.append'; id: Id; at: Instant; entries: LedgerEntry[] }
  | { kind: 'coupon.issue'; id: Id; at: Instant; coupons: Coupon[] }
  | { kind: 'task.update'; id: Id; at: Instant; task: CareTask }
  | { kind: 'audit.append'; id: Id; at: Instant; entry: AuditEntry };

/** S23: a request body nested deeper than this (objects and arrays) is refused with 400 before it is looked at. */
export const MAX_JSON_DEPTH = 32;
/** S23: a pull page stops adding changes once their JSON reaches this many bytes (it always has at least one). */
export const PULL_PAGE_BYTES = 2 * 1024 * 1024;

export type MutationKind = Mutation['kind'];
export const MUTATION_KINDS = [
  'member.upsert', 'sale.record', 'return.record', 'ledger.append', 'coupon.issue', 'task.update', 'audit.append',
] as const satisfies readonly MutationKind[];

/** A row of the device's outbox: a gapless per-device sequence number and the mutation. */
export interface OutboxRow {
  seq: number;
  mutation: Mutation;
  createdAt: Instant;
}

/** Error codes a client must handle; everything else is a plain 4xx/5xx to show and retry. */
export type ErrorCode =
  | 'invalid_request' | 'invalid_json' | 'body_too_large' | 'unauthorized' | 'device_revoked' | 'forbidden'
  | 'client_outdated' | 'protocol_unsupported' | 'seq_gap' | 'mutation_conflict' | 'pair_code_invalid'
  | 'rate_limited' | 'not_found' | 'invalid_programme' | 'invalid_setting' | 'internal';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** For `seq_gap`: the sequence number the server expects next. */
  expectedSeq?: number;
}

// ---- Requests: validated on the server by the zod schemas in protocol-schemas.ts (kept out of this
// file so the till's bundle, which imports these types and constants, does not carry zod). ----

export interface PairRequest {
  code: string;
  deviceName: string;
}

export interface PushRequest {
  deviceId: Id;
  batch: { seq: number; mutation: Mutation }[];
  /** S21: the rows in the device's outbox as it sends, this batch included (what it holds when last seen). */
  pending?: number;
}

// ---- Responses ----

export interface StaffPublic {
  id: Id;
  name: string;
  role: Role;
  /** PBKDF2-SHA256 of the PIN, base64, with its salt (base64) and iteration count. */
  pinHash: string;
  pinSalt: string;
  pinIterations: number;
  active: boolean;
}

export interface ProgrammeVersion {
  version: number;
  config: Record<string, unknown>;
  createdAt: Instant;
  createdBy: Id | null;
}

/** S24: one version of one of the shop's settings (care settings, calendar, templates: care-spec C1a). */
export interface ShopSetting {
  key: 'careSettings' | 'careCalendar' | 'careTemplates';
  version: number;
  value: unknown;
  createdAt: Instant;
  createdBy: Id | null;
}

export interface PairResponse {
  deviceId: Id;
  /** Shown once; the server keeps only its sha256. */
  token: string;
  orgId: Id;
  storeId: Id;
  store: Store;
  staff: StaffPublic[];
  programme: ProgrammeVersion | null;
  /** S24: the shop's settings as they are now, one per key (absent from an older server). */
  settings?: ShopSetting[];
  /** The feed position at pairing: pull from here after the member bootstrap (S12). */
  cursor: string;
}

/**
 * GET /api/setup: what a paired tablet needs besides its members, to start again after the browser
 * cleared its database (SH5, docs/operations.md): the store, every staff member (PIN hashes and roles), every programme
 * version, and the last outbox seq the server holds from this device (its next write continues after it).
 */
export interface DeviceSetup {
  store: Store;
  staff: StaffPublic[];
  programmes: ProgrammeVersion[];
  /** S24: the shop's settings as they are now (absent from an older server). */
  settings?: ShopSetting[];
  lastSeq: number;
}

/**
 * S8: every code a rejection can carry, one closed list. The server rejects only with these; the till's
 * sync issues screen has words for each in both languages (a code without them is a type error there).
 * Grouped by where they come from: the shape check at the edge, the clock rules (S9), the facts' rules.
 */
export const REJECTION_CODES = [
  // The shape and ranges of a mutation (S23, the server's mutation schemas).
  'invalid_mutation', 'unknown_field', 'out_of_range', 'text_too_long', 'invalid_text', 'invalid_date', 'time_ahead',
  // Clock stamps of a member's fields (S9, domain/hlc.ts).
  'hlc_invalid', 'clock_ahead', 'counter_overflow', 'clock_invalid', 'clock_missing',
  // The device (S21).
  'device_revoked',
  // What a fact names and the points it carries (S8, S22).
  'unknown_store', 'unknown_member', 'unknown_sale', 'unknown_line', 'return_exceeds_sale',
  'ledger_member_mismatch', 'ledger_source_mismatch', 'ledger_without_member', 'server_only_entry', 'ledger_sale_mismatch',
  'ledger_kind_not_allowed', 'bonus_not_allowed', 'approval_refused',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];
const rejectionCodes: ReadonlySet<string> = new Set(REJECTION_CODES);
export const isRejectionCode = (s: string): s is RejectionCode => rejectionCodes.has(s);
const mutationKinds: ReadonlySet<string> = new Set(MUTATION_KINDS);
export const isMutationKind = (s: string): s is MutationKind => mutationKinds.has(s);

export interface Rejection {
  deviceId: Id;
  seq: number;
  mutationId: Id;
  kind: MutationKind;
  code: RejectionCode;
  message: string;
  at: Instant;
}

/** S21: a tablet of the organisation as the server last saw it (GET /api/devices, a manager's read). */
export interface DeviceInfo {
  id: Id;
  name: string;
  storeId: Id;
  pairedAt: Instant;
  /** Its last push or pull; null if never. */
  lastSeen: Instant | null;
  /** The changes it still held (its outbox) when last seen; null if it never said. */
  unsynced: number | null;
  revokedAt: Instant | null;
}

export interface PushResponse {
  /** Every seq up to this one is durably applied or rejected; drop them from the outbox. */
  ackedThrough: number;
  /** Mutations of this batch that were rejected (recorded for a manager, S8). */
  rejected: Rejection[];
  /** S21: the device is revoked; this push was its handover. It erases its data once its outbox is empty. */
  revoked?: boolean;
}

export interface MemberMerge {
  loserId: Id;
  survivorId: Id;
}

export type Change =
  | { seq: number; entity: 'member'; id: Id; data: Member }
  | { seq: number; entity: 'sale'; id: Id; data: Sale }
  | { seq: number; entity: 'return'; id: Id; data: SaleReturn }
  | { seq: number; entity: 'ledger'; id: Id; data: LedgerEntry }
  | { seq: number; entity: 'coupon'; id: Id; data: Coupon }
  | { seq: number; entity: 'task'; id: Id; data: CareTask }
  | { seq: number; entity: 'audit'; id: Id; data: AuditEntry }
  | { seq: number; entity: 'merge'; id: Id; data: MemberMerge }
  | { seq: number; entity: 'programme'; id: Id; data: ProgrammeVersion }
  | { seq: number; entity: 'setting'; id: Id; data: ShopSetting }
  | { seq: number; entity: 'staff'; id: Id; data: StaffPublic };

export type ChangeEntity = Change['entity'];

export interface PullResponse {
  changes: Change[];
  /** Pass back as `cursor` on the next pull; store it in the same transaction as the changes. */
  cursor: string;
  more: boolean;
}

export interface BootstrapMember {
  member: Member;
  stats: MemberStats;
  /**
   * C-S18: the member's purchases the tablet will never pull (their change is at or before the `since`
   * the page was asked with), per business day. Present only when the page was asked with `since` and
   * the member has such sales.
   */
  past?: PastPurchases;
}

/** C-S18: one member's sales from before a tablet's pairing cursor, per business day. */
export interface PastPurchases {
  /** Counting sales (I6): a sale refunded in full by returns at or before `since` does not count. */
  bought: Record<LocalDate, number>;
  /** Every sale, refunded or not (the grades' visits, I4). */
  visits: Record<LocalDate, number>;
  /**
   * C-S20: per day, the sales' spend net of their past returns (the tier window, T1) and the largest
   * such sale (T2); days with none left out. Absent from an older server.
   */
  spend?: Record<LocalDate, number>;
  largest?: Record<LocalDate, number>;
  /** C-S20: the member's past referral rewards as a referrer (C41): points net of take-backs, rewarded sales. */
  referral?: { points: number; sales: number };
}

/** C-S18: the organisation's figures from before a tablet's pairing cursor, for its dashboard. */
export interface OrgHistory {
  since: string;
  /** Per business day: the sales whose change is at or before `since`, each net of its returns at or before it (I6). */
  sales: PastSalesDay[];
  /** Per 15-minute slot (`Math.floor(at / PAST_SLOT_MS)`): the ledger entries at or before `since`, as I9 counts them. */
  points: PastPointsSlot[];
}

export interface PastSalesDay { day: LocalDate; memberSales: number; memberNet: number; walkInSales: number; walkInNet: number }
export interface PastPointsSlot { slot: number; issued: number; redeemed: number; expired: number; other: number }
/** The points flow's slot: a local day in any zone (offsets are whole quarter hours) is a run of whole slots. */
export const PAST_SLOT_MS = 15 * 60 * 1000;

export interface MembersPage {
  members: BootstrapMember[];
  /** Pass as `after` for the next page. */
  after: string;
  more: boolean;
  /**
   * Optional: the feed position (last change seq) the page's totals were read at, in the same snapshot.
   * A client pulling from an earlier (pairing) cursor then knows which pulled facts the totals already
   * count, and does not count them twice (C-S13).
   */
  asOf?: string;
}

export interface ServerException {
  id: Id;
  kind: 'overdraft' | 'points_mismatch' | 'coupon_reuse' | 'duplicate_phone';
  memberId: Id | null;
  subjectId: Id | null;
  detail: Record<string, unknown>;
  at: Instant;
}
