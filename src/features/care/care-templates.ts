/**
 * The message for one task: the store's template for its kind, else a starting template for the
 * kinds DEFAULT_TEMPLATES leaves out. Each names the member and the store (C31: never the same text
 * for everyone; say who you are). When a field has no value for this member (no birthday coupon),
 * the next template that renders is used.
 */
import { DEFAULT_TEMPLATES, renderMessage, type MessageData, type MessageLocale, type MessageTemplate } from '../../domain/care/messages';
import type { TaskKind } from '../../domain/records';

const EXTRA: readonly MessageTemplate[] = [
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

/** The rendered text for a member, or null (do-not-disturb, or no template renders). */
export function messageFor(kind: TaskKind, data: MessageData, locale: MessageLocale): string | null {
  const candidates = [...DEFAULT_TEMPLATES, ...EXTRA].filter((t) => t.kind === kind || t.kind === null)
    .sort((a, b) => (a.kind === null ? 1 : 0) - (b.kind === null ? 1 : 0));
  for (const t of candidates) {
    const r = renderMessage(t, data, locale);
    if (r.ok) return r.text;
    if (r.refusal.code === 'do-not-disturb') return null;
  }
  return null;
}
