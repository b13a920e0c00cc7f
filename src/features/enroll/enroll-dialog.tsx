/**
 * Enroll a new member at the first purchase: phone and name are enough; birthday, WeChat and the
 * referring member (found with the same search) are optional; a consent line. An invalid phone is
 * refused at the field; a phone already on this device is caught before saving, with a button to
 * use that member instead. The new member is attached to the open sale at once.
 */
import { useState } from 'react';
import { useCart } from '../../app/cart-store';
import { enrollMember } from '../../app/enrollment';
import { currentProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { closeEnroll, useEnrollPrompt } from '../../app/till-prompts';
import { Dialog } from '../../app/ui/dialog';
import { MemberResults } from '../../app/ui/member-results';
import { toast } from '../../app/ui/toast';
import { useMemberSearch } from '../../app/use-member-search';
import type { MemberHit } from '../../db/repositories';
import { DuplicatePhoneError } from '../../db/errors';
import { validatePhone } from '../../domain/search-keys';
import { checkProfile } from '../../domain/profile-template';
import { localDate } from '../../domain/time';
import { ProfileFields, profileErrorText } from '../member/profile-fields';
import { useProfileTemplate } from '../member/profile-template-setting';
import { reasonText } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { setWelcome } from '../checkout/sale-extras';
import './enroll.css';

/** Mounted (lazily) by the shell while the enroll prompt is open. */
export default function EnrollDialog() {
  const open = useEnrollPrompt((s) => s.open);
  if (!open) return null;
  return <EnrollForm />;
}

function EnrollForm() {
  const t = useT();
  const services = useServices();
  const { repos } = services;
  const attachToSale = useEnrollPrompt((s) => s.attach);
  const store = useSession((s) => s.store);
  const country = store?.country ?? 'CN';
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [birthday, setBirthday] = useState('');
  const [wechat, setWechat] = useState('');
  const [refText, setRefText] = useState('');
  const [referrer, setReferrer] = useState<MemberHit | null>(null);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dupe, setDupe] = useState<MemberHit | null>(null);
  const [busy, setBusy] = useState(false);
  const refSearch = useMemberSearch(referrer ? '' : refText);
  const template = useProfileTemplate();
  const [more, setMore] = useState(false);
  const [profile, setProfile] = useState<Record<string, string>>({});
  const [profileErrors, setProfileErrors] = useState<Record<string, string>>({});

  const checkPhone = async (): Promise<string | null> => {
    const v = validatePhone(phone, country);
    if (!v.ok) {
      setErrors((e) => ({ ...e, phone: reasonText(t, v.code) }));
      return null;
    }
    setErrors(({ phone: _, ...rest }) => rest);
    const existing = await repos.members.byPhone(v.phone);
    setDupe(existing);
    return existing ? null : v.phone;
  };

  const use = (hit: MemberHit) => {
    if (attachToSale) useCart.getState().attachMember(hit.member.id);
    closeEnroll();
  };

  const submit = async () => {
    if (busy) return;
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = t('enroll.errorName');
    if (!consent) errs.consent = t('enroll.errorConsent');
    const normalised = await checkPhone();
    setErrors((e) => ({ ...(e.phone ? { phone: e.phone } : {}), ...errs }));
    // The template's fields are optional, but what is typed must make sense: errors at their field, nothing saved.
    const checked = checkProfile(profile, template ?? { shopType: 'general', fields: [] }, localDate(services.now(), store?.timeZone ?? 'Asia/Shanghai'));
    setProfileErrors(checked.ok ? {} : Object.fromEntries(checked.errors.map((e) => [e.key, profileErrorText(t, e)])));
    if (!checked.ok) setMore(true);
    if (!normalised || Object.keys(errs).length > 0 || !checked.ok) return;
    setBusy(true);
    try {
      const { staff, deviceId } = useSession.getState();
      const r = await enrollMember(
        { name, phone: normalised, birthday: birthday || null, wechat: wechat.trim() || null, referredBy: referrer?.member.id ?? null, consent, profile: checked.profile },
        {
          repos, programme: currentProgramme(), now: services.now(), newId: services.newId,
          timeZone: store?.timeZone ?? 'Asia/Shanghai', storeId: store?.id ?? '', deviceId, staffId: staff?.id ?? null, country,
        },
      );
      if (!r.ok) {
        setErrors(Object.fromEntries(r.errors.map((e) => [e.field, reasonText(t, e.code)])));
        return;
      }
      if (attachToSale) {
        // Said in the sale's member panel: a toast here would cover the quote the cashier reads next.
        useCart.getState().attachMember(r.member.id);
        setWelcome(r.member.id, r.bonus);
      } else {
        toast(t('enroll.done', { name: r.member.name, points: r.bonus }));
      }
      closeEnroll();
    } catch (e) {
      if (e instanceof DuplicatePhoneError) setDupe(await repos.members.get(e.existingMemberId));
      else setErrors({ form: t('error.generic', { message: e instanceof Error ? e.message : String(e) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('enroll.title')} onClose={closeEnroll} wide>
      <form className="enroll" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label className="field">
          <span>{t('enroll.phone')}</span>
          <input inputMode="tel" autoComplete="off" value={phone} aria-invalid={!!errors.phone} aria-describedby={errors.phone ? 'enroll-phone-err' : undefined}
            onChange={(e) => { setPhone(e.target.value); setDupe(null); }} onBlur={() => { if (phone.trim()) void checkPhone(); }} />
          {errors.phone && <span id="enroll-phone-err" className="error" role="alert">{errors.phone}</span>}
        </label>
        {dupe && (
          <div className="dupe" role="alert">
            <span>{t('enroll.duplicate', { name: dupe.member.name, card: dupe.member.cardNo })}</span>
            <button type="button" className="btn btn-accent" onClick={() => use(dupe)}>{t('enroll.useExisting', { name: dupe.member.name })}</button>
          </div>
        )}
        <label className="field">
          <span>{t('enroll.name')}</span>
          <input value={name} aria-invalid={!!errors.name} onChange={(e) => setName(e.target.value)} />
          {errors.name && <span className="error" role="alert">{errors.name}</span>}
        </label>
        <div className="enroll-row">
          <label className="field">
            <span>{t('enroll.birthday')} <small className="muted">({t('common.optional')})</small></span>
            <input type="date" value={birthday} onChange={(e) => setBirthday(e.target.value)} />
            {errors.birthday && <span className="error" role="alert">{errors.birthday}</span>}
          </label>
          <label className="field">
            <span>{t('enroll.wechat')} <small className="muted">({t('common.optional')})</small></span>
            <input value={wechat} onChange={(e) => setWechat(e.target.value)} />
          </label>
        </div>
        <div className="field">
          <span>{t('enroll.referrer')} <small className="muted">({t('common.optional')})</small></span>
          {referrer ? (
            <div className="chip chip-on">
              {referrer.member.name}
              <button type="button" className="icon-btn" aria-label={t('common.remove')} onClick={() => { setReferrer(null); setRefText(''); }}>✕</button>
            </div>
          ) : (
            <>
              <input type="search" value={refText} aria-label={t('enroll.referrerSearch')} placeholder={t('header.searchPlaceholder')}
                onChange={(e) => setRefText(e.target.value)} />
              {refSearch.hits.length > 0 && refSearch.text === refText && (
                <MemberResults label={t('enroll.referrerSearch')} hits={refSearch.hits.slice(0, 5)} onPick={(h) => setReferrer(h)} />
              )}
            </>
          )}
        </div>
        <div className="enroll-more">
          <button type="button" className="btn btn-small" aria-expanded={more} disabled={!template} onClick={() => setMore(!more)}>
            {more ? '▾' : '▸'} {t('profile.more')}
          </button>
          {more && template && (
            <>
              <p className="muted">{t('profile.moreHint')}</p>
              <ProfileFields fields={template.fields} values={profile} errors={profileErrors}
                onChange={(k, v) => setProfile((p) => ({ ...p, [k]: v }))} />
            </>
          )}
        </div>
        <label className="check">
          <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
          <span>{t('enroll.consent')}</span>
        </label>
        {errors.consent && <p className="error" role="alert">{errors.consent}</p>}
        {errors.form && <p className="error" role="alert">{errors.form}</p>}
        <div className="actions">
          <button type="button" className="btn" onClick={closeEnroll}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary btn-big" disabled={busy}>{t('enroll.submit')}</button>
        </div>
      </form>
    </Dialog>
  );
}
