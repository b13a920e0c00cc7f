/**
 * Care messages written per member from a store's templates (rules C30–C34 in docs/care-spec.md).
 * A template is text with {fields}; it is rendered for one member in zh-CN or en, never for a
 * member who asked not to be disturbed, and a template with no personal field is flagged: the same
 * text sent to everyone is worse than nothing (DOMAIN.md, "Follow-up and care").
 */
import type { Cents, Points } from '../money';
import type { Coupon, LocalDate, Member, TaskKind } from '../records';

export type MessageLocale = 'zh-CN' | 'en';
export const FIELDS = ['name', 'tier', 'points', 'expiringPoints', 'expiresOn', 'birthdayOffer', 'store'] as const;
export type MessageField = (typeof FIELDS)[number];
/** Fields that make a text about this member; {store} alone does not. */
export const PERSONAL_FIELDS: readonly MessageField[] = ['name', 'tier', 'points', 'expiringPoints', 'birthdayOffer'];

export interface MessageTemplate {
  id: string;
  /** The task kind it is meant for (null: any). */
  kind: TaskKind | null;
  text: Record<MessageLocale, string>;
}

export interface MessageData {
  member: Pick<Member, 'name' | 'doNotDisturb'>;
  storeName: string;
  /** The member's tier name, already in the message's language; null when they hold none. */
  tierName: string | null;
  points: Points;
  expiring: { points: Points; expiresOn: LocalDate } | null;
  birthdayCoupon: Pick<Coupon, 'percentOff' | 'amountOff'> | null;
}

export type TemplateIssue =
  | { code: 'unknown-field'; field: string; locale: MessageLocale }
  | { code: 'empty'; locale: MessageLocale }
  | { code: 'not-personal'; locale: MessageLocale }
  | { code: 'no-store-name'; locale: MessageLocale };

export type RenderResult =
  | { ok: true; text: string }
  | { ok: false; refusal: { code: 'do-not-disturb' } | { code: 'missing-field'; field: MessageField } | { code: 'invalid-template'; issues: TemplateIssue[] } };

const PLACEHOLDER = /\{([^{}]*)\}/g;

function fieldsOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? '').trim());
}

const isField = (f: string): f is MessageField => (FIELDS as readonly string[]).includes(f);

/**
 * [C31] Problems with a template, per language: unknown fields and empty texts are errors;
 * 'not-personal' (no personal field) and 'no-store-name' ("say who you are") are warnings.
 */
export function templateIssues(t: MessageTemplate): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const locale of ['zh-CN', 'en'] as const) {
    const text = t.text[locale];
    if (text.trim() === '') {
      issues.push({ code: 'empty', locale });
      continue;
    }
    const fields = fieldsOf(text);
    for (const f of fields) if (!isField(f)) issues.push({ code: 'unknown-field', field: f, locale });
    if (!fields.some((f) => isField(f) && PERSONAL_FIELDS.includes(f))) issues.push({ code: 'not-personal', locale });
    if (!fields.includes('store')) issues.push({ code: 'no-store-name', locale });
  }
  return issues;
}

export const isBlocking = (i: TemplateIssue): boolean => i.code === 'unknown-field' || i.code === 'empty';

/** [C33] A coupon's offer in words: 30% off is "7折" in Chinese. */
export function offerText(c: Pick<Coupon, 'percentOff' | 'amountOff'>, locale: MessageLocale): string {
  if (c.percentOff !== null) {
    const zhe = (100 - c.percentOff) / 10;
    return locale === 'zh-CN' ? `${zhe}折` : `${c.percentOff}% off`;
  }
  const amount = moneyText(c.amountOff ?? (0 as Cents));
  return locale === 'zh-CN' ? `立减${amount}` : `${amount} off`;
}

function moneyText(c: Cents): string {
  const yuan = Math.trunc(c / 100), fen = Math.abs(c % 100);
  return fen === 0 ? `¥${yuan}` : `¥${yuan}.${String(fen).padStart(2, '0')}`;
}

/** [C30] The template's text for this member; [C32] refused for a do-not-disturb member. */
export function renderMessage(t: MessageTemplate, data: MessageData, locale: MessageLocale): RenderResult {
  if (data.member.doNotDisturb) return { ok: false, refusal: { code: 'do-not-disturb' } };
  const blocking = templateIssues(t).filter((i) => i.locale === locale && isBlocking(i));
  if (blocking.length > 0) return { ok: false, refusal: { code: 'invalid-template', issues: blocking } };
  const values: Record<MessageField, string | null> = {
    name: data.member.name.trim() || null,
    tier: data.tierName,
    points: String(data.points),
    expiringPoints: data.expiring ? String(data.expiring.points) : null,
    expiresOn: data.expiring?.expiresOn ?? null,
    birthdayOffer: data.birthdayCoupon ? offerText(data.birthdayCoupon, locale) : null,
    store: data.storeName.trim() || null,
  };
  for (const f of fieldsOf(t.text[locale])) {
    if (isField(f) && values[f] === null) return { ok: false, refusal: { code: 'missing-field', field: f } };
  }
  return { ok: true, text: t.text[locale].replace(PLACEHOLDER, (_, f: string) => values[f.trim() as MessageField] ?? '') };
}

/** [C34] An sms: link (RFC 5724) with the text as its body; null for a phone that is not digits. */
export function smsHref(phone: string, text: string): string | null {
  const p = phone.replace(/[\s-]/g, '');
  if (!/^\+?\d{3,20}$/.test(p)) return null;
  return `sms:${p}?body=${encodeURIComponent(text)}`;
}

/** [C30] Starting templates; every store edits its own. Each names the store and the member. */
export const DEFAULT_TEMPLATES: readonly MessageTemplate[] = [
  { id: 'followup', kind: 'first-purchase-followup', text: {
    'zh-CN': '{name}您好，我是{store}的店员。您上次买的东西用得还好吗？有什么建议随时告诉我们。',
    en: 'Hello {name}, this is {store}. How are you getting on with your purchase? We would love to hear your thoughts.' } },
  { id: 'birthday', kind: 'birthday', text: {
    'zh-CN': '{name}，祝您生日快乐！我是{store}，生日当月来店可享{birthdayOffer}，同行的朋友也一样。',
    en: 'Happy birthday, {name}! From all of us at {store}: this month you get {birthdayOffer}, and so do friends shopping with you.' } },
  { id: 'points-expiring', kind: 'points-expiring', text: {
    'zh-CN': '{name}您好，我是{store}。您有{expiringPoints}积分将于{expiresOn}到期，欢迎来店使用。',
    en: 'Hello {name}, this is {store}. {expiringPoints} of your points expire on {expiresOn}; come and use them.' } },
  { id: 'win-back', kind: 'win-back', text: {
    'zh-CN': '{name}您好，我是{store}，好久不见！新品已到，您的{tier}会员积分还有{points}分，期待您再来。',
    en: 'Hello {name}, this is {store}. We have missed you! New arrivals are in, and your {tier} account holds {points} points.' } },
  // For kinds the member's data may not fill (no birthday offer), and a general fallback (kind null).
  { id: 'repeat-invite', kind: 'repeat-invite', text: {
    'zh-CN': '{name}您好，我是{store}。感谢您常来！新品已到，欢迎来店先看看。',
    en: 'Hello {name}, this is {store}. Thank you for coming back! New arrivals are in; come and have a first look.' } },
  { id: 'anniversary', kind: 'anniversary', text: {
    'zh-CN': '{name}您好，我是{store}。感谢您一直以来的支持，入会周年快乐！',
    en: 'Hello {name}, this is {store}. Thank you for being a member with us: happy anniversary!' } },
  { id: 'complaint', kind: 'complaint', text: {
    'zh-CN': '{name}您好，我是{store}。上次的问题现在解决得怎么样？还有什么我们可以做的吗？',
    en: 'Hello {name}, this is {store}. Is everything sorted out since your last visit? Is there anything more we can do?' } },
  { id: 'holiday', kind: 'holiday', text: {
    'zh-CN': '{name}您好，我是{store}，祝您节日快乐！',
    en: 'Hello {name}, this is {store}: warm wishes for the holiday!' } },
  { id: 'birthday-plain', kind: 'birthday', text: {
    'zh-CN': '{name}，祝您生日快乐！我是{store}，生日当月欢迎来店，我们为您准备了小惊喜。',
    en: 'Happy birthday, {name}! From all of us at {store}: come and see us this month, we have a small surprise for you.' } },
  { id: 'general', kind: null, text: {
    'zh-CN': '{name}您好，我是{store}，好久没见您了，最近好吗？',
    en: 'Hello {name}, this is {store}. How have you been?' } },

];
