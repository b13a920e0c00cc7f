/**
 * The message templates editor (C30–C31): pick a template, edit its Chinese and English text,
 * insert a field ({name}, {tier}, {points}…) where the cursor is, see its problems (an unknown field
 * or an empty text blocks saving; no personal field, or no store name, is a warning) and a live
 * preview for a sample member. Saved with a manager's PIN (save-care-config.ts).
 */
import { useRef, useState } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { toast } from '../../app/ui/toast';
import { DEFAULT_TEMPLATES, FIELDS, isBlocking, renderMessage, templateIssues, type MessageData, type MessageLocale, type MessageTemplate } from '../../domain/care/messages';
import type { Points } from '../../domain/money';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';
import { careSaveErrorText, saveCareConfig } from './save-care-config';

const LOCALES: readonly MessageLocale[] = ['zh-CN', 'en'];

/** The member the preview is written for: every field has a value, so every template renders. */
export function sampleData(storeName: string, locale: MessageLocale, tierName: string): MessageData {
  return {
    member: { name: locale === 'zh-CN' ? '王芳' : 'Wang Fang', doNotDisturb: false },
    storeName, tierName, points: 1280 as Points,
    expiring: { points: 200 as Points, expiresOn: '2026-12-31' },
    birthdayCoupon: { percentOff: 30, amountOff: null },
  };
}

export function CareTemplatesEditor({ templates, tierName }: { templates: readonly MessageTemplate[]; tierName: string }) {
  const t = useT();
  const services = useServices();
  const deviceId = useSession((s) => s.deviceId);
  const storeName = useSession((s) => s.store?.name ?? '');
  const [list, setList] = useState<MessageTemplate[]>(() => templates.map((x) => ({ ...x, text: { ...x.text } })));
  const [index, setIndex] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const boxes = useRef<Partial<Record<MessageLocale, HTMLTextAreaElement | null>>>({});
  const focused = useRef<MessageLocale>('zh-CN');
  const current = list[index] ?? list[0];
  if (!current) return null;

  const edit = (locale: MessageLocale, text: string) =>
    setList((l) => l.map((x, i) => (i === index ? { ...x, text: { ...x.text, [locale]: text } } : x)));

  const insert = (field: string) => {
    const locale = focused.current;
    const box = boxes.current[locale];
    const text = current.text[locale];
    const at = box ? box.selectionStart : text.length;
    const end = box ? box.selectionEnd : text.length;
    edit(locale, `${text.slice(0, at)}{${field}}${text.slice(end)}`);
    box?.focus();
  };

  const save = async () => {
    const bad = list.find((x) => templateIssues(x).some(isBlocking));
    if (bad) {
      setIndex(list.indexOf(bad));
      setError(t('care.templates.blocked'));
      return;
    }
    setError('');
    setBusy(true);
    try {
      if (await saveCareConfig(services, deviceId, 'careTemplates', list)) toast(t('care.templates.saved'));
    } catch (e) {
      toast(careSaveErrorText(t, e), 'error');
    } finally {
      setBusy(false);
    }
  };

  const issues = templateIssues(current);
  const kindName = (x: MessageTemplate) => t(`care.kind.${x.kind ?? 'general'}` as MessageKey);
  return (
    <section className="care-templates" aria-label={t('care.templates.title')}>
      <h2>{t('care.templates.title')}</h2>
      <label className="field">
        <span>{t('care.templates.pick')}</span>
        <select value={index} onChange={(e) => setIndex(Number(e.target.value))}>
          {list.map((x, i) => <option key={x.id} value={i}>{`${kindName(x)} (${x.id})`}</option>)}
        </select>
      </label>
      {LOCALES.map((locale) => (
        <label key={locale} className="field">
          <span>{t('care.templates.text', { lang: t(`care.templates.lang.${locale}` as MessageKey) })}</span>
          <textarea ref={(el) => { boxes.current[locale] = el; }} value={current.text[locale]} rows={3}
            onFocus={() => { focused.current = locale; }} onChange={(e) => edit(locale, e.target.value)} />
        </label>
      ))}
      <div className="actions" role="group" aria-label={t('care.templates.fields')}>
        {FIELDS.map((f) => (
          <button key={f} type="button" className="btn" onClick={() => insert(f)} title={t(`care.templates.field.${f}` as MessageKey)}>
            {`{${f}}`}
          </button>
        ))}
      </div>
      <ul className="care-template-issues">
        {issues.map((i) => (
          <li key={`${i.code}-${i.locale}-${'field' in i ? i.field : ''}`} className={isBlocking(i) ? 'error' : 'muted'}>
            {t(`care.templates.issue.${i.code}` as MessageKey, { lang: t(`care.templates.lang.${i.locale}` as MessageKey), field: 'field' in i ? i.field : '' })}
          </li>
        ))}
      </ul>
      <h3>{t('care.templates.preview')}</h3>
      {LOCALES.map((locale) => {
        const r = renderMessage(current, sampleData(storeName, locale, tierName), locale);
        return (
          <output key={locale} className="care-preview" aria-label={t('care.templates.previewIn', { lang: t(`care.templates.lang.${locale}` as MessageKey) })}>
            {r.ok ? r.text : t('care.templates.noPreview')}
          </output>
        );
      })}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" className="btn" onClick={() => { setList(DEFAULT_TEMPLATES.map((x) => ({ ...x, text: { ...x.text } }))); setIndex(0); }}>
          {t('care.templates.reset')}
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>{t('care.templates.save')}</button>
      </div>
    </section>
  );
}
