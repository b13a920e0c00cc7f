/**
 * The message for one task: the first template of its kind that renders for this member (a field with
 * no value, such as a birthday offer, makes the next one be tried), else the general one. Each names
 * the member and the store (C31: never the same text for everyone; say who you are).
 */
import { DEFAULT_TEMPLATES, renderMessage, type MessageData, type MessageLocale, type MessageTemplate } from '../../domain/care/messages';
import type { TaskKind } from '../../domain/records';

/** The rendered text for a member, or null (do-not-disturb, or no template renders). */
export function messageFor(
  kind: TaskKind, data: MessageData, locale: MessageLocale, templates: readonly MessageTemplate[] = DEFAULT_TEMPLATES,
): string | null {
  const candidates = templates.filter((t) => t.kind === kind || t.kind === null)
    .sort((a, b) => (a.kind === null ? 1 : 0) - (b.kind === null ? 1 : 0));
  for (const t of candidates) {
    const r = renderMessage(t, data, locale);
    if (r.ok) return r.text;
    if (r.refusal.code === 'do-not-disturb') return null;
  }
  return null;
}
