/**
 * [PF4] Correcting a member's name and birthday after enrolment, on the member card: checked as at
 * enrolment (a refused value is shown at its field and nothing is written), the search keys made again
 * from the new name, one profile write through the writer (last writer wins per field on sync).
 */
import { useState } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { editDetails } from '../../domain/enrollment';
import type { Member } from '../../domain/records';
import { localDate } from '../../domain/time';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';

export function DetailsEditor({ member }: { member: Member }) {
  const t = useT();
  const { repos, now, newId } = useServices();
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const deviceId = useSession((s) => s.deviceId);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [birthday, setBirthday] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  const start = () => { setName(member.name); setBirthday(member.birthday ?? ''); setErrors({}); setSaved(false); setOpen(true); };
  const save = async () => {
    const r = editDetails(member, { name, birthday: birthday.trim() === '' ? null : birthday }, localDate(now(), timeZone));
    if (!r.ok) { setErrors(Object.fromEntries(r.errors.map((e) => [e.field, reasonText(t, e.code)]))); return; }
    if (r.fields.length > 0) await repos.writer.upsertMember({ member: r.member, fields: r.fields, opId: newId(), at: now(), deviceId });
    setOpen(false);
    setSaved(true);
  };

  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="btn btn-small" onClick={start}>{t('member.editDetails')}</button>
        {saved && <span role="status">{t('member.saved')}</span>}
      </div>
    );
  }
  const field = (key: 'name' | 'birthday', label: string, value: string, set: (v: string) => void, placeholder?: string) => (
    <div>
      <label className="field">
        <span>{label}</span>
        <input type="text" value={value} placeholder={placeholder} aria-invalid={errors[key] ? true : undefined}
          aria-describedby={errors[key] ? `details-err-${key}` : undefined} onChange={(e) => set(e.target.value)} />
      </label>
      {errors[key] && <p className="field-error" id={`details-err-${key}`} role="alert">{errors[key]}</p>}
    </div>
  );
  return (
    <form className="profile-edit" noValidate aria-label={t('member.editDetails')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      {field('name', t('enroll.name'), name, setName)}
      {field('birthday', t('enroll.birthday'), birthday, setBirthday, t('member.birthdayFormat'))}
      <div className="actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn-primary">{t('member.saveDetails')}</button>
      </div>
    </form>
  );
}
