/**
 * One tap records what happened (C20): reached, no answer, welcomes follow-ups, do-not-disturb,
 * with an optional note and a gift's cost. The member's yearly care budget (C22) is shown beside it;
 * a gift over budget is warned about or refused as the store's settings say (C23).
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import { careBudget, type CareBudget, type OutcomeResult } from '../../domain/care/outcome';
import type { CareSettings } from '../../domain/care/settings';
import { parseAmount, type Cents } from '../../domain/money';
import type { TaskOutcome } from '../../domain/records';
import { formatMoney } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

const OUTCOMES: readonly TaskOutcome[] = ['reached', 'no-answer', 'welcomes', 'do-not-disturb'];

interface Props {
  memberId: string;
  memberName: string;
  year: number;
  timeZone: string;
  currency: string;
  settings: CareSettings;
  /** Changes when any outcome is saved, so the budget is read again. */
  version: number;
  onRecord: (outcome: TaskOutcome, note: string, giftCost: Cents) => Promise<OutcomeResult>;
}

export function OutcomeForm({ memberId, memberName, year, timeZone, currency, settings, version, onRecord }: Props) {
  const t = useT();
  const { repos } = useServices();
  const [note, setNote] = useState('');
  const [gift, setGift] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [budget, setBudget] = useState<CareBudget | null>(null);

  useEffect(() => {
    let live = true;
    void repos.tasks.ofMember(memberId).then((tasks) => {
      if (live) setBudget(careBudget(tasks, year, timeZone, settings));
    });
    return () => { live = false; };
  }, [repos, memberId, year, timeZone, settings, version]);

  const record = async (outcome: TaskOutcome) => {
    const giftCost = gift.trim() === '' ? (0 as Cents) : parseAmount(gift);
    if (giftCost === null || giftCost < 0) {
      setError(t('care.gift.invalid'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const r = await onRecord(outcome, note, giftCost);
      if (!r.ok) {
        const c = r.refusal.code;
        setError(c === 'over-budget' ? t('care.refusal.overBudget') : c === 'note-too-long' ? t('care.refusal.noteTooLong') : c === 'task-closed' ? t('care.refusal.closed') : t('care.gift.invalid'));
      }
    } catch (e) {
      setError(t('error.generic', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const money = (c: number) => formatMoney(c, currency, t.lang);
  return (
    <div className="care-outcome">
      <label className="field">
        <span>{t('care.note')}</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('care.gift')}</span>
        <input inputMode="decimal" value={gift} onChange={(e) => setGift(e.target.value)} />
      </label>
      {budget && (
        <p className="muted">{t('care.budget', { spent: money(budget.spent), left: money(budget.left), budget: money(budget.budget) })}</p>
      )}
      <div className="actions" role="group" aria-label={t('care.outcome', { name: memberName })}>
        {OUTCOMES.map((o) => (
          <button key={o} type="button" className={o === 'do-not-disturb' ? 'btn btn-accent' : 'btn'} disabled={busy}
            onClick={() => void record(o)}>{t(`care.outcome.${o}`)}</button>
        ))}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
