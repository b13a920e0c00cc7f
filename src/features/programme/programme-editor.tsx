/**
 * The programme's settings as a form. Saving checks everything with the engine first: an error is
 * shown at its field and nothing is saved (P2–P4, P7); a valid form becomes a NEW version (P6), and
 * the counter's next quote uses it.
 */
import { useState } from 'react';
import { currentProgramme, loadProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';
import { CheckField, TextField } from './fields';
import { errorText } from './error-text';
import { errorsByPath, fromForm, toForm, type FieldError, type ProgrammeForm } from './programme-form';
import { saveProgramme, type Approver } from './save-programme';
import { TierFields } from './tier-fields';
import { RewardFields } from './reward-fields';
import { PromotionFields } from './promotion-fields';
import { RuleFields } from './rule-fields';

type TextKey = { [K in keyof ProgrammeForm]: ProgrammeForm[K] extends string ? K : never }[keyof ProgrammeForm];
type BoolKey = { [K in keyof ProgrammeForm]: ProgrammeForm[K] extends boolean ? K : never }[keyof ProgrammeForm];
/** A text setting: the form field, the setting's path (where its errors are reported), the label, money or not. */
type Spec = [TextKey, string, MessageKey, ('decimal' | 'text')?];
type Item = Spec | BoolKey;

const EARN: Item[] = [
  ['earnPoints', 'earn.pointsPerUnit', 'programme.earnPoints'],
  ['spendUnit', 'earn.spendUnit', 'programme.spendUnit', 'decimal'],
  ['noEarnCategories', 'earn.noEarnCategories', 'programme.noEarnCategories', 'text'],
  ['enrollBonus', 'bonus.enroll', 'programme.enrollBonus'],
];
const REDEEM: Item[] = [
  'redeemEnabled',
  ['redeemPointsPerUnit', 'redemption.pointsPerUnit', 'programme.redeemPointsPerUnit'],
  ['redeemMin', 'redemption.minPoints', 'programme.redeemMin'],
  ['redeemStep', 'redemption.stepPoints', 'programme.redeemStep'],
  ['redeemMaxShare', 'redemption.maxSharePct', 'programme.redeemMaxShare'],
  'offlineCap',
  ['offlineAfterHours', 'redemption.unsynced.afterHours', 'programme.offlineAfterHours'],
  ['offlineCapPoints', 'redemption.unsynced.capPoints', 'programme.offlineCapPoints'],
];
const COUPONS: Item[] = [
  'birthdayEnabled', ['birthdayPercent', 'benefits.birthday.percentOff', 'programme.birthdayPercent'], 'birthdayCompanions',
  'anniversaryEnabled', ['anniversaryPercent', 'benefits.anniversary.percentOff', 'programme.anniversaryPercent'],
  ['anniversaryFrom', 'benefits.anniversary.fromYear', 'programme.anniversaryFrom'],
  ['anniversaryTo', 'benefits.anniversary.toYear', 'programme.anniversaryTo'],
  ['anniversaryDays', 'benefits.anniversary.validDays', 'programme.anniversaryDays'],
  'cashbackEnabled', ['cashbackPercent', 'benefits.cashback.percent', 'programme.cashbackPercent'],
  ['cashbackThreshold', 'benefits.cashback.thresholdMonthly', 'programme.cashbackThreshold', 'decimal'],
  ['cashbackDays', 'benefits.cashback.validDays', 'programme.cashbackDays'],
  'referralEnabled', ['referralPercent', 'benefits.referral.percent', 'programme.referralPercent'],
  ['couponDays', 'coupons.defaultValidDays', 'programme.couponDays'],
];
const GRADES: Item[] = (['A', 'B', 'C', 'D', 'E'] as const).map((g): Spec => [`grade${g}`, `grades.${g}`, `programme.grade${g}`]);
const VALUE: Item[] = [
  ['marginPct', 'value.marginPct', 'programme.marginPct'], ['expectedYears', 'value.expectedYearsTenths', 'programme.expectedYears', 'decimal'],
];
const SECTIONS: [MessageKey, Item[]][] = [
  ['programme.section.earn', EARN], ['programme.section.redeem', REDEEM], ['programme.section.coupons', COUPONS], ['programme.section.grades', GRADES],
  ['programme.section.value', VALUE],
];
const SHOWN = new Set(SECTIONS.flatMap(([, items]) => items.flatMap((it) => (typeof it === 'string' ? [] : [it[1]]))));
const onTier = (path: string) => /^tiers\[\d+\]\.(name|id|minSpend|percentOff|earnMultiplierPct)$/.test(path)
  || /^redemption\.catalogue\[\d+\]\.(name|points|percentOff)$/.test(path)
  || /^earn\.promotions\[\d+\]\.(name|multiplierPct|from|to)$/.test(path) || path === 'expiry.months';

type Status = { kind: 'saved' | 'error'; text: string } | null;

export function ProgrammeEditor({ approver }: { approver: Approver }) {
  const t = useT();
  const services = useServices();
  const deviceId = useSession((s) => s.deviceId);
  const [form, setForm] = useState<ProgrammeForm>(() => toForm(currentProgramme()));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const byPath = errorsByPath(errors);
  const elsewhere = errors.filter((e) => !SHOWN.has(e.path) && !onTier(e.path));

  const save = async () => {
    if (busy) return;
    const base = currentProgramme();
    const r = fromForm(form, base, base.version + 1);
    if (!r.ok) {
      setErrors(r.errors);
      setStatus({ kind: 'error', text: t('programme.invalid') });
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const res = await saveProgramme(r.programme, { repos: services.repos, server: services.sync, approver, deviceId, now: services.now(), newId: services.newId });
      if (res.ok) {
        setForm(toForm(await loadProgramme(services.repos)));
        setStatus({ kind: 'saved', text: t('programme.saved', { version: res.version }) });
      } else {
        setStatus({ kind: 'error', text: res.reason === 'offline' ? t('programme.offline') : t(`programme.${res.reason}`, { message: res.message }) });
      }
    } catch (e) {
      setStatus({ kind: 'error', text: t('programme.failed', { message: e instanceof Error ? e.message : String(e) }) });
    } finally {
      setBusy(false);
    }
  };

  const item = (it: Item) => {
    if (typeof it === 'string') {
      return <CheckField key={it} label={t(`programme.${it}`)} checked={form[it]} onChange={(v) => setForm((f) => ({ ...f, [it]: v }))} />;
    }
    const [key, path, label, mode] = it;
    return <TextField key={key} t={t} label={t(label)} value={form[key]} path={path} inputMode={mode ?? 'numeric'}
      error={byPath.get(path)} onChange={(v) => setForm((f) => ({ ...f, [key]: v }))} />;
  };

  return (
    <form aria-label={t('programme.title')} onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
      <p className="muted">{t('programme.approvedBy', { name: approver.name })}</p>
      <fieldset>
        <legend>{t('programme.section.earn')}</legend>
        <p className="muted">{t('programme.rounding')}</p>
        <div className="programme-grid">{EARN.map(item)}</div>
      </fieldset>
      <PromotionFields t={t} promotions={form.promotions} errors={byPath} newId={services.newId}
        onChange={(promotions) => setForm((f) => ({ ...f, promotions }))} />
      <TierFields t={t} tiers={form.tiers} errors={byPath} newId={services.newId} onChange={(tiers) => setForm((f) => ({ ...f, tiers }))} />
      {SECTIONS.slice(1).map(([legend, items]) => (
        <fieldset key={legend}>
          <legend>{t(legend)}</legend>
          <div className="programme-grid">{items.map(item)}</div>
        </fieldset>
      ))}
      <RuleFields t={t} form={form} errors={byPath} onChange={(patch) => setForm((f) => ({ ...f, ...patch }))} />
      <RewardFields t={t} rewards={form.rewards} errors={byPath} newId={services.newId} onChange={(rewards) => setForm((f) => ({ ...f, rewards }))} />
      {elsewhere.map((e) => <p key={e.path} className="error" role="alert">{t('programme.error.elsewhere', { path: e.path, detail: errorText(t, e) })}</p>)}
      {status && <p className={status.kind === 'saved' ? 'ok' : 'error'} role={status.kind === 'saved' ? 'status' : 'alert'}>{status.text}</p>}
      <div className="actions">
        <button type="submit" className="btn btn-primary btn-big" disabled={busy}>{busy ? t('programme.saving') : t('programme.save')}</button>
      </div>
    </form>
  );
}
