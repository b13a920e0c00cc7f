/**
 * The words a manager reads for each server rejection (S8) and exception (S10, S11, S15, coupon
 * reuse): what happened, to whom, and what was done about it, in the till's language. Every code and
 * kind of the protocol has its key: the two maps below must name one for each (a new code in
 * REJECTION_CODES without words is a type error here, and a key missing from en or zh-CN is one in the
 * catalogues). A code the till does not know (from a newer server) falls back to a plain "refused (code)".
 */
import type { MessageKey } from '../../i18n/en';
import type { T } from '../../i18n/use-t';
import { isMutationKind, isRejectionCode, type MutationKind, type RejectionCode, type ServerException } from '../../sync/protocol';

type CodeKey = Extract<MessageKey, `issues.code.${string}`>;
type KindKey = Extract<MessageKey, `issues.kind.${string}`>;

/** Each code's words; the text rule's two (sync-protocol S23) in the very words the till uses where the text is typed. */
export const REJECTION_WORDS: { readonly [C in RejectionCode]: (CodeKey & `issues.code.${C}`) | 'input.text.invalid' | 'input.text.long' } = {
  invalid_mutation: 'issues.code.invalid_mutation',
  unknown_field: 'issues.code.unknown_field',
  out_of_range: 'issues.code.out_of_range',
  text_too_long: 'input.text.long',
  invalid_text: 'input.text.invalid',
  invalid_date: 'issues.code.invalid_date',
  time_ahead: 'issues.code.time_ahead',
  hlc_invalid: 'issues.code.hlc_invalid',
  clock_ahead: 'issues.code.clock_ahead',
  counter_overflow: 'issues.code.counter_overflow',
  clock_invalid: 'issues.code.clock_invalid',
  clock_missing: 'issues.code.clock_missing',
  device_revoked: 'issues.code.device_revoked',
  unknown_store: 'issues.code.unknown_store',
  unknown_member: 'issues.code.unknown_member',
  unknown_sale: 'issues.code.unknown_sale',
  unknown_line: 'issues.code.unknown_line',
  return_exceeds_sale: 'issues.code.return_exceeds_sale',
  ledger_member_mismatch: 'issues.code.ledger_member_mismatch',
  ledger_source_mismatch: 'issues.code.ledger_source_mismatch',
  ledger_without_member: 'issues.code.ledger_without_member',
  server_only_entry: 'issues.code.server_only_entry',
  ledger_sale_mismatch: 'issues.code.ledger_sale_mismatch',
  ledger_kind_not_allowed: 'issues.code.ledger_kind_not_allowed',
  bonus_not_allowed: 'issues.code.bonus_not_allowed',
  approval_refused: 'issues.code.approval_refused',
};

const KIND_WORDS: { readonly [K in MutationKind]: KindKey & `issues.kind.${K}` } = {
  'member.upsert': 'issues.kind.member.upsert',
  'sale.record': 'issues.kind.sale.record',
  'return.record': 'issues.kind.return.record',
  'ledger.append': 'issues.kind.ledger.append',
  'coupon.issue': 'issues.kind.coupon.issue',
  'task.update': 'issues.kind.task.update',
  'audit.append': 'issues.kind.audit.append',
};

/** `code` is typed by the protocol, but a newer server (or a kept list) may carry one this till does not know. */
export function rejectionReason(t: T, r: { code: string }): string {
  return isRejectionCode(r.code) ? t(REJECTION_WORDS[r.code]) : t('issues.code.other', { code: r.code });
}

export function rejectionWhat(t: T, kind: string): string {
  return isMutationKind(kind) ? t(KIND_WORDS[kind]) : kind;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** `member` is the member's name (or "a member" when this tablet does not have them). */
export function exceptionText(t: T, e: ServerException, member: string): string {
  const d = e.detail ?? {};
  switch (e.kind) {
    case 'overdraft':
      return t('issues.exception.overdraft', { member, balance: num(d.balance) ?? 0, redeemed: num(d.redeemed) ?? 0 });
    case 'points_mismatch': {
      if (d.reason === 'programme_version_unknown') return t('issues.exception.points_unknown', { member, version: num(d.programmeVersion) ?? 0 });
      const first = Array.isArray(d.mismatches) ? (d.mismatches[0] as { field?: unknown; recorded?: unknown; expected?: unknown } | undefined) : undefined;
      if (first && typeof first.field === 'string') {
        return t('issues.exception.points_mismatch', { member, field: first.field, recorded: num(first.recorded) ?? 0, expected: num(first.expected) ?? 0 });
      }
      return t('issues.exception.points_other', { member });
    }
    case 'duplicate_phone': return t('issues.exception.duplicate_phone', { member });
    case 'coupon_reuse': return t('issues.exception.coupon_reuse', { member });
    default: return t('issues.exception.other', { kind: String(e.kind), member });
  }
}
