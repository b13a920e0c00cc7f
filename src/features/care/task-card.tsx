/** One care task: who, why it is due (C3 reason), what to say (C30), and the outcome (C20). */
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import type { OutcomeResult } from '../../domain/care/outcome';
import type { CareSettings } from '../../domain/care/settings';
import type { MessageTemplate } from '../../domain/care/messages';
import { ZERO_POINTS, type Cents } from '../../domain/money';
import type { Programme } from '../../domain/programme';
import type { TaskOutcome } from '../../domain/records';
import type { MessageKey } from '../../i18n/en';
import type { T } from '../../i18n/use-t';
import { useT } from '../../i18n/use-t';
import { useState } from 'react';
import { CareMessage } from './care-message';
import { ComplaintForm } from './complaint-form';
import { messageFor } from './care-templates';
import { OutcomeForm } from './outcome-form';
import { saveOutcome } from './save-outcome';
import type { CareItem } from './use-care-list';

interface Props {
  item: CareItem;
  storeName: string;
  currency: string;
  timeZone: string;
  today: string;
  settings: CareSettings;
  templates: readonly MessageTemplate[];
  programme: Programme;
  staffId: string;
  version: number;
  onDone: (r: OutcomeResult) => void;
  /** A complaint was recorded for this member (C9a): its follow-up window. */
  onComplaint: (due: { from: string; to: string }) => void;
}

/** The reason in words: `care.reason.<kind>` with the task's params (holidays by their name). */
export function reasonText(t: T, item: CareItem): string {
  const { code, params } = item.due.reason;
  const holiday = typeof params.holiday === 'string' ? (typeof params.name === 'string' ? params.name : t(`care.holiday.${params.holiday}` as MessageKey)) : '';
  return t(`care.reason.${code}`, { ...params, holidayName: holiday });
}

export function TaskCard({ item, storeName, currency, timeZone, today, settings, templates, programme, staffId, version, onDone, onComplaint }: Props) {
  const [complaining, setComplaining] = useState(false);
  const t = useT();
  const { repos, now, newId } = useServices();
  const deviceId = useSession((st) => st.deviceId);
  const { member, stats, coupons, expiring } = item.facts;
  const tierName = programme.tiers.find((x) => x.id === stats?.tierId)?.name ?? null;
  const soon = [...expiring].sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : 1))[0] ?? null;
  const birthdayCoupon = coupons.find((c) => c.kind === 'birthday' && c.usedSaleId === null && c.validTo >= today) ?? null;
  const text = messageFor(item.due.task.kind, {
    member, storeName, tierName, points: stats?.points ?? ZERO_POINTS, expiring: soon, birthdayCoupon,
  }, t.lang, templates);

  const record = async (outcome: TaskOutcome, note: string, giftCost: Cents): Promise<OutcomeResult> => {
    const r = await saveOutcome({
      repos, task: item.due.task, timeZone, settings, newId, deviceId,
      input: { outcome, note, giftCost, staffId, at: now() },
    });
    if (r.ok) onDone(r);
    return r;
  };

  return (
    <li className="care-task" aria-label={member.name}>
      <h3>{member.name} <span className="muted">{member.phone}</span></h3>
      <p className="care-reason">{reasonText(t, item)}</p>
      <p className="muted">{t('care.window', { from: item.due.task.dueFrom, to: item.due.task.dueTo })}</p>
      <CareMessage member={member} text={text} />
      <OutcomeForm memberId={member.id} memberName={member.name} year={Number(today.slice(0, 4))} timeZone={timeZone}
        currency={currency} settings={settings} version={version} onRecord={record} />
      <button type="button" className="btn" aria-expanded={complaining} onClick={() => setComplaining((v) => !v)}>
        {t('care.complaint.open')}
      </button>
      {complaining && (
        <ComplaintForm member={member} settings={settings} timeZone={timeZone}
          onSaved={(due) => { setComplaining(false); onComplaint(due); }} />
      )}
    </li>
  );
}
