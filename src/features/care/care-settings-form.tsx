/**
 * The care settings editor (C1): follow-up window, repeat invitation, birthday and anniversary lead
 * days, points expiring, win-back, complaint delay, holiday greetings, the yearly care budget per
 * member and what a gift over it does. Every field is checked; each problem is shown at its field
 * and nothing is saved until all are right. Saving needs a manager's PIN (save-care-config.ts).
 */
import { useState } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { toast } from '../../app/ui/toast';
import { BUDGET_MAX, CareSettingsError, DAYS_MAX, MAX_YEARS, parseCareSettings, type CareSettings } from '../../domain/care/settings';
import { parseAmount } from '../../domain/money';
import { centsToInput } from '../../i18n/format';
import type { MessageKey } from '../../i18n/en';
import { tierName } from '../../i18n/reason';
import { useT } from '../../i18n/use-t';
import { careSaveErrorText, saveCareConfig } from './save-care-config';

type Group = 'followUp' | 'repeatInvite' | 'birthday' | 'anniversary' | 'pointsExpiring' | 'winBack' | 'complaint' | 'holiday';

/** The numeric fields, in the order the form shows them, with the bounds parseCareSettings enforces. */
const NUMBERS: { group: Group; key: string; min: number; max: number }[] = [
  { group: 'followUp', key: 'fromDays', min: 0, max: DAYS_MAX }, { group: 'followUp', key: 'toDays', min: 0, max: DAYS_MAX },
  { group: 'repeatInvite', key: 'withinDays', min: 0, max: DAYS_MAX }, { group: 'repeatInvite', key: 'windowDays', min: 0, max: DAYS_MAX },
  { group: 'birthday', key: 'leadDays', min: 0, max: DAYS_MAX }, { group: 'birthday', key: 'graceDays', min: 0, max: DAYS_MAX },
  { group: 'anniversary', key: 'leadDays', min: 0, max: DAYS_MAX }, { group: 'anniversary', key: 'graceDays', min: 0, max: DAYS_MAX },
  { group: 'anniversary', key: 'maxYears', min: 1, max: MAX_YEARS },
  { group: 'pointsExpiring', key: 'withinDays', min: 0, max: DAYS_MAX }, { group: 'pointsExpiring', key: 'minPoints', min: 1, max: 1_000_000_000 },
  { group: 'winBack', key: 'afterDays', min: 1, max: DAYS_MAX }, { group: 'winBack', key: 'windowDays', min: 0, max: DAYS_MAX },
  { group: 'complaint', key: 'afterDays', min: 0, max: DAYS_MAX }, { group: 'complaint', key: 'windowDays', min: 0, max: DAYS_MAX },
  { group: 'holiday', key: 'leadDays', min: 0, max: DAYS_MAX },
];

type Draft = Record<string, string>;

function draftOf(s: CareSettings): Draft {
  const d: Draft = { yearlyBudget: centsToInput(s.yearlyBudget), overBudget: s.overBudget, 'holiday.audience': s.holiday.audience };
  for (const f of NUMBERS) d[`${f.group}.${f.key}`] = String((s[f.group] as unknown as Record<string, number>)[f.key]);
  return d;
}

/** The settings the draft describes, or the problems by field path. */
function settingsOf(d: Draft, current: CareSettings): { ok: true; value: CareSettings } | { ok: false; errors: Record<string, MessageKey> } {
  const errors: Record<string, MessageKey> = {};
  const groups: Record<string, Record<string, number | string>> = {};
  for (const f of NUMBERS) {
    const path = `${f.group}.${f.key}`;
    const text = (d[path] ?? '').normalize('NFKC').trim();
    const n = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < f.min || n > f.max) errors[path] = 'care.settings.range';
    (groups[f.group] ??= {})[f.key] = n;
  }
  (groups.holiday ??= {}).audience = d['holiday.audience'] ?? 'vip';
  const budget = parseAmount((d.yearlyBudget ?? '').trim());
  if (budget === null || budget < 0 || budget > BUDGET_MAX) errors.yearlyBudget = 'care.settings.budgetInvalid';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  try {
    return { ok: true, value: parseCareSettings({ ...current, ...groups, yearlyBudget: budget, overBudget: d.overBudget }) };
  } catch (e) {
    if (!(e instanceof CareSettingsError)) throw e;
    // The only cross-field rule: a window must not end before it starts (followUp).
    for (const f of e.fields) errors[f.path === 'followUp' ? 'followUp.toDays' : f.path] = f.path === 'followUp' ? 'care.settings.windowOrder' : 'care.settings.range';
    return { ok: false, errors };
  }
}

export function CareSettingsForm({ settings, tiers }: { settings: CareSettings; tiers: readonly { id: string; name: string }[] }) {
  const t = useT();
  const services = useServices();
  const deviceId = useSession((s) => s.deviceId);
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  // [C2] No tier ticked: any member with a tier counts as a VIP (vipTierIds null).
  const [vip, setVip] = useState<string[]>(() => settings.vipTierIds ?? []);
  const [errors, setErrors] = useState<Record<string, MessageKey>>({});
  const [busy, setBusy] = useState(false);
  const set = (path: string, v: string) => setDraft((d) => ({ ...d, [path]: v }));

  const save = async () => {
    const r = settingsOf(draft, { ...settings, vipTierIds: vip.length > 0 ? vip : null });
    if (!r.ok) {
      setErrors(r.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      if (await saveCareConfig(services, deviceId, 'careSettings', r.value)) toast(t('care.settings.saved'));
    } catch (e) {
      toast(careSaveErrorText(t, e), 'error');
    } finally {
      setBusy(false);
    }
  };

  const errorFor = (path: string, min = 0, max = 0) => {
    const key = errors[path];
    return key ? <p id={`care-set-${path}`} className="error" role="alert">{t(key, { min, max })}</p> : null;
  };
  return (
    <form className="care-settings" aria-label={t('care.settings.rules')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h2>{t('care.settings.rules')}</h2>
      {NUMBERS.map((f) => {
        const path = `${f.group}.${f.key}`;
        return (
          <div key={path}>
            <label className="field">
              <span>{t(`care.settings.${path}` as MessageKey)}</span>
              <input inputMode="numeric" value={draft[path] ?? ''} onChange={(e) => set(path, e.target.value)}
                aria-invalid={errors[path] !== undefined} aria-describedby={errors[path] ? `care-set-${path}` : undefined} />
            </label>
            {errorFor(path, f.min, f.max)}
          </div>
        );
      })}
      <label className="field">
        <span>{t('care.settings.holiday.audience')}</span>
        <select value={draft['holiday.audience']} onChange={(e) => set('holiday.audience', e.target.value)}>
          <option value="vip">{t('care.settings.audience.vip')}</option>
          <option value="all">{t('care.settings.audience.all')}</option>
        </select>
      </label>
      <fieldset className="care-settings-vip">
        <legend>{t('care.settings.vipTiers')}</legend>
        {tiers.map((tier) => (
          <label key={tier.id} className="check">
            <input type="checkbox" checked={vip.includes(tier.id)}
              onChange={(e) => setVip((v) => (e.target.checked ? [...v, tier.id] : v.filter((x) => x !== tier.id)))} />
            <span>{tierName(t, tier.name)}</span>
          </label>
        ))}
        <p className="muted">{vip.length === 0 ? t('care.settings.vipAny') : t('care.settings.vipSome', { count: vip.length })}</p>
      </fieldset>
      <label className="field">
        <span>{t('care.settings.yearlyBudget')}</span>
        <input inputMode="decimal" value={draft.yearlyBudget ?? ''} onChange={(e) => set('yearlyBudget', e.target.value)}
          aria-invalid={errors.yearlyBudget !== undefined} aria-describedby={errors.yearlyBudget ? 'care-set-yearlyBudget' : undefined} />
      </label>
      {errorFor('yearlyBudget')}
      <label className="field">
        <span>{t('care.settings.overBudget')}</span>
        <select value={draft.overBudget} onChange={(e) => set('overBudget', e.target.value)}>
          <option value="warn">{t('care.settings.overBudget.warn')}</option>
          <option value="refuse">{t('care.settings.overBudget.refuse')}</option>
        </select>
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy}>{t('care.settings.save')}</button>
    </form>
  );
}
