/**
 * The words a manager reads for each server rejection (S8) and exception (S10, S11, S15, coupon
 * reuse): what happened, to whom, and what was done about it, in the till's language. Codes the
 * till does not know yet fall back to a plain "refused (code)".
 */
import type { MessageKey } from '../../i18n/en';
import type { T } from '../../i18n/use-t';
import type { Rejection, ServerException } from '../../sync/protocol';

const KNOWN_CODES = new Set([
  'invalid_mutation', 'unknown_store', 'unknown_member', 'unknown_sale', 'unknown_line', 'return_exceeds_sale',
  'ledger_member_mismatch', 'ledger_source_mismatch', 'ledger_without_member', 'clock_ahead', 'clock_invalid', 'clock_missing',
  'device_revoked',
  'server_only_entry', 'ledger_sale_mismatch', 'ledger_kind_not_allowed', 'bonus_not_allowed', 'approval_refused',
  'out_of_range', 'invalid_date', 'time_ahead', 'unknown_field',
]);
/** The text rule's rejections (sync-protocol S23) in the very words the till uses where the text is typed. */
const TEXT_CODES: Record<string, MessageKey> = { invalid_text: 'input.text.invalid', text_too_long: 'input.text.long' };
const KNOWN_KINDS = new Set(['member.upsert', 'sale.record', 'return.record', 'ledger.append', 'coupon.issue', 'task.update', 'audit.append']);

export function rejectionReason(t: T, r: Pick<Rejection, 'code'>): string {
  const textKey = TEXT_CODES[r.code];
  if (textKey) return t(textKey);
  return KNOWN_CODES.has(r.code) ? t(`issues.code.${r.code}` as MessageKey) : t('issues.code.other', { code: r.code });
}

export function rejectionWhat(t: T, kind: string): string {
  return KNOWN_KINDS.has(kind) ? t(`issues.kind.${kind}` as MessageKey) : kind;
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
