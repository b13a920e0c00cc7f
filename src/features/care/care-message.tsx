/**
 * What to say to one member: the rendered message, editable before sending, then copy, share (Web
 * Share API where the browser has it) or open an SMS. Nothing is offered for a member who asked not
 * to be disturbed (C32), and each message is for one member: there is no "send to all".
 */
import { useState } from 'react';
import { smsHref } from '../../domain/care/messages';
import type { Member } from '../../domain/records';
import { useT } from '../../i18n/use-t';
import { toast } from '../../app/ui/toast';

export function CareMessage({ member, text }: { member: Member; text: string | null }) {
  const t = useT();
  const [draft, setDraft] = useState(text ?? '');
  if (member.doNotDisturb) return <p className="muted">{t('care.dnd.noMessage')}</p>;
  const sms = draft.trim() === '' ? null : smsHref(member.phone, draft);
  const canShare = typeof navigator !== 'undefined' && typeof navigator.share === 'function';

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(draft);
      toast(t('care.copied'));
    } catch {
      toast(t('care.copyFailed'), 'error');
    }
  };
  const share = async () => {
    try {
      await navigator.share({ text: draft });
    } catch {
      // Closing the share sheet rejects; nothing to report.
    }
  };

  return (
    <div className="care-message">
      <label className="field">
        <span>{t('care.message', { name: member.name })}</span>
        <textarea rows={3} value={draft} onChange={(e) => setDraft(e.target.value)} />
      </label>
      {text === null && <p className="muted">{t('care.noTemplate')}</p>}
      <div className="actions">
        <button type="button" className="btn" disabled={draft.trim() === ''} onClick={() => void copy()}>{t('care.copy')}</button>
        {canShare && <button type="button" className="btn" disabled={draft.trim() === ''} onClick={() => void share()}>{t('care.share')}</button>}
        {sms !== null && <a className="btn" href={sms} aria-label={t('care.sms', { name: member.name })}>{t('care.smsShort')}</a>}
      </div>
    </div>
  );
}
