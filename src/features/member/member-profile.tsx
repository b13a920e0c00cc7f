/**
 * The fuller profile on the member card (the store's template: sizes, a baby's birth date, tastes…),
 * filled in over several visits. Saved through the writer as a profile edit (last writer wins on
 * sync); a value that makes no sense is refused at its field and nothing is saved.
 */
import { Fragment, useState } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { checkProfile, mergeProfile } from '../../domain/profile-template';
import type { Member } from '../../domain/records';
import { localDate } from '../../domain/time';
import { useT } from '../../i18n/use-t';
import { fieldLabel, ProfileFields, profileErrorText } from './profile-fields';
import { useProfileTemplate } from './profile-template-setting';

/** The profile's facts as <dt>/<dd> pairs: the template's fields first, then any kept from an earlier template. */
export function ProfileFacts({ member }: { member: Member }) {
  const t = useT();
  const template = useProfileTemplate();
  const fields = template?.fields ?? [];
  const keys = [...fields.map((f) => f.key).filter((k) => member.profile[k]), ...Object.keys(member.profile).filter((k) => !fields.some((f) => f.key === k))];
  return <>{keys.map((k) => <Fragment key={k}><dt>{fieldLabel(t, k)}</dt><dd>{member.profile[k]}</dd></Fragment>)}</>;
}

export function ProfileEditor({ member }: { member: Member }) {
  const t = useT();
  const { repos, now, newId } = useServices();
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const deviceId = useSession((s) => s.deviceId);
  const template = useProfileTemplate();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  const start = () => { setValues({ ...member.profile }); setErrors({}); setSaved(false); setOpen(true); };
  if (!template) return null;
  const save = async () => {
    const checked = checkProfile(values, template, localDate(now(), timeZone));
    if (!checked.ok) { setErrors(Object.fromEntries(checked.errors.map((e) => [e.key, profileErrorText(t, e)]))); return; }
    const profile = mergeProfile(member.profile, checked.profile, template);
    await repos.writer.upsertMember({ member: { ...member, profile }, fields: ['profile'], opId: newId(), at: now(), deviceId });
    setOpen(false);
    setSaved(true);
  };

  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="btn btn-small" onClick={start}>{t('profile.edit')}</button>
        {saved && <span role="status">{t('member.saved')}</span>}
      </div>
    );
  }
  return (
    <form className="profile-edit" noValidate aria-label={t('profile.edit')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <ProfileFields fields={template.fields} values={values} errors={errors} onChange={(k, v) => setValues((p) => ({ ...p, [k]: v }))} />
      <div className="actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn-primary">{t('profile.save')}</button>
      </div>
    </form>
  );
}
