/**
 * [B12] A coupon for every member of the list as filtered (a segment): percent or money off, a
 * minimum spend and a validity. A manager's PIN first; the coupons (ids per campaign and member, so
 * a second run gives nobody a second one) are written in batches with their outbox rows and synced;
 * the campaign is an audit entry. The cashier sees each coupon on the member card and at checkout.
 */
import { useState } from 'react';
import { useProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { askManager } from '../../app/ui/manager-pin';
import { campaignCoupons, campaignProblems, type CampaignInput } from '../../domain/campaign';
import { parseAmount, type Cents } from '../../domain/money';
import type { Id } from '../../domain/records';
import { useT } from '../../i18n/use-t';

const BATCH = 500;

export function CampaignForm({ memberIds }: { memberIds: () => Promise<Id[]> }) {
  const t = useT();
  const { repos, now, newId } = useServices();
  const deviceId = useSession((s) => s.deviceId);
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const programme = useProgramme((p) => p);
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [value, setValue] = useState('');
  const [minSpend, setMinSpend] = useState('0');
  const [days, setDays] = useState(String(programme.coupons.defaultValidDays));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);

  const give = async () => {
    const whole = (s: string) => (/^\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);
    const input: CampaignInput = {
      off: kind === 'percent' ? { percentOff: whole(value) } : { amountOff: (parseAmount(value) ?? Number.NaN) as Cents },
      minSpend: (parseAmount(minSpend) ?? Number.NaN) as Cents,
      validDays: whole(days),
    };
    const problems = campaignProblems(input);
    setErrors(Object.fromEntries(problems.map((p) => [p.field, t(`members.campaign.error.${p.field}`)])));
    if (problems.length > 0) return;
    const manager = await askManager('campaign');
    if (!manager) return;
    const campaignId = newId();
    const at = now();
    const ids = await memberIds();
    let given = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const coupons = campaignCoupons(campaignId, input, ids.slice(i, i + BATCH), at, timeZone, programme);
      given += (await repos.writer.issueCoupons({ coupons, opId: newId(), at })).length;
    }
    await repos.audit.append({ id: newId(), at, staffId: manager.id, deviceId, action: 'campaign', subjectId: campaignId, detail: `coupons=${given}` });
    setStatus(t('members.campaign.given', { count: given }));
    setOpen(false);
  };

  const field = (key: string, label: string, v: string, set: (s: string) => void, mode: 'numeric' | 'decimal') => (
    <div>
      <label className="field">
        <span>{label}</span>
        <input type="text" inputMode={mode} value={v} aria-invalid={errors[key] ? true : undefined}
          aria-describedby={errors[key] ? `campaign-err-${key}` : undefined} onChange={(e) => set(e.target.value)} />
      </label>
      {errors[key] && <p className="field-error" id={`campaign-err-${key}`} role="alert">{errors[key]}</p>}
    </div>
  );
  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="btn" onClick={() => { setOpen(true); setStatus(null); }}>{t('members.campaign.open')}</button>
        {status && <span role="status">{status}</span>}
      </div>
    );
  }
  return (
    <form aria-label={t('members.campaign.open')} noValidate onSubmit={(e) => { e.preventDefault(); void give(); }}>
      <p className="muted">{t('members.campaign.help')}</p>
      <label className="field">
        <span>{t('members.campaign.kind')}</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as 'percent' | 'amount')}>
          <option value="percent">{t('members.campaign.percent')}</option>
          <option value="amount">{t('members.campaign.amount')}</option>
        </select>
      </label>
      {field('off', kind === 'percent' ? t('members.campaign.percentValue') : t('members.campaign.amountValue'), value, setValue, kind === 'percent' ? 'numeric' : 'decimal')}
      {field('minSpend', t('members.campaign.minSpend'), minSpend, setMinSpend, 'decimal')}
      {field('validDays', t('members.campaign.days'), days, setDays, 'numeric')}
      <div className="actions">
        <button type="button" className="btn" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
        <button type="submit" className="btn btn-primary">{t('members.campaign.give')}</button>
      </div>
    </form>
  );
}
