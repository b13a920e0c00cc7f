/**
 * The store's holiday and profession-day calendar (C10a–C10c): every day with the date it falls on
 * this year (lunar holidays shown with their lunar date and this year's Gregorian date), a button to
 * remove it, and a form to add the store's own. Changes are kept in the editor until saved with a
 * manager's PIN (save-care-config.ts).
 */
import { useState } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { toast } from '../../app/ui/toast';
import type { HolidayRule, StoreCalendar } from '../../domain/care/calendar';
import { calendarForYear, holidayRuleFrom, withoutHoliday, type HolidayDraft, type HolidayProblem } from '../../domain/care/calendar-edit';
import type { MessageKey } from '../../i18n/en';
import type { T } from '../../i18n/use-t';
import { useT } from '../../i18n/use-t';
import { careSaveErrorText, saveCareConfig } from './save-care-config';

const EMPTY: HolidayDraft = { name: '', kind: 'gregorian', month: '', day: '', audience: 'all', field: '', values: '' };

export function holidayName(t: T, rule: HolidayRule): string {
  return rule.name ?? t(`care.holiday.${rule.id}` as MessageKey);
}

function whenText(t: T, rule: HolidayRule): string {
  if (rule.kind === 'gregorian') return t('care.calendar.gregorian', { month: Number(rule.monthDay.slice(0, 2)), day: Number(rule.monthDay.slice(3)) });
  return t('care.calendar.lunar', { month: rule.lunarMonth, day: rule.lunarDay });
}

function audienceText(t: T, rule: HolidayRule): string {
  const a = rule.audience;
  if (a.kind === 'all') return t('care.calendar.forAll');
  return a.values ? t('care.calendar.forValues', { field: a.field, values: a.values.join(', ') }) : t('care.calendar.forField', { field: a.field });
}

export function CareCalendarEditor({ calendar, year }: { calendar: StoreCalendar; year: number }) {
  const t = useT();
  const services = useServices();
  const deviceId = useSession((s) => s.deviceId);
  const [cal, setCal] = useState<StoreCalendar>(calendar);
  const [draft, setDraft] = useState<HolidayDraft>(EMPTY);
  const [problems, setProblems] = useState<HolidayProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof HolidayDraft>(k: K, v: HolidayDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const add = () => {
    const id = `store-${services.newId()}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
    const r = holidayRuleFrom(draft, cal, id, (hid) => t(`care.holiday.${hid}` as MessageKey));
    if (!r.ok) {
      setProblems(r.problems);
      return;
    }
    setProblems([]);
    setCal({ holidays: [...cal.holidays, r.rule] });
    setDraft(EMPTY);
  };

  const save = async () => {
    setBusy(true);
    try {
      if (await saveCareConfig(services, deviceId, 'careCalendar', cal)) toast(t('care.calendar.saved'));
    } catch (e) {
      toast(careSaveErrorText(t, e), 'error');
    } finally {
      setBusy(false);
    }
  };

  const problemAt = (field: HolidayProblem['field']) => {
    const p = problems.find((x) => x.field === field);
    return p ? <p id={`holiday-${field}-error`} className="error" role="alert">{t(`care.calendar.${p.code}` as MessageKey, { max: 'max' in p ? (p.max ?? 0) : 0 })}</p> : null;
  };
  const invalid = (field: HolidayProblem['field']) => problems.some((p) => p.field === field);
  const rows = calendarForYear(cal, year);
  return (
    <section className="care-calendar" aria-label={t('care.calendar.title')}>
      <h2>{t('care.calendar.title')}</h2>
      <table className="table" aria-label={t('care.calendar.table', { year })}>
        <thead><tr>
          <th scope="col">{t('care.calendar.name')}</th><th scope="col">{t('care.calendar.when')}</th>
          <th scope="col">{t('care.calendar.thisYear', { year })}</th><th scope="col">{t('care.calendar.who')}</th><th scope="col"><span className="visually-hidden">{t('care.calendar.remove')}</span></th>
        </tr></thead>
        <tbody>
          {rows.map(({ rule, date }) => (
            <tr key={rule.id}>
              <td>{holidayName(t, rule)}</td>
              <td>{whenText(t, rule)}</td>
              <td>{date ?? t('care.calendar.noDate')}</td>
              <td>{audienceText(t, rule)}</td>
              <td>
                <button type="button" className="btn" aria-label={t('care.calendar.removeNamed', { name: holidayName(t, rule) })}
                  onClick={() => setCal(withoutHoliday(cal, rule.id))}>{t('care.calendar.remove')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset className="care-calendar-add">
        <legend>{t('care.calendar.add')}</legend>
        <label className="field">
          <span>{t('care.calendar.name')}</span>
          <input value={draft.name} onChange={(e) => set('name', e.target.value)} aria-invalid={invalid('name')}
            aria-describedby={invalid('name') ? 'holiday-name-error' : undefined} />
        </label>
        {problemAt('name')}
        <label className="field">
          <span>{t('care.calendar.kind')}</span>
          <select value={draft.kind} onChange={(e) => set('kind', e.target.value === 'lunar' ? 'lunar' : 'gregorian')}>
            <option value="gregorian">{t('care.calendar.kind.gregorian')}</option>
            <option value="lunar">{t('care.calendar.kind.lunar')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('care.calendar.month')}</span>
          <input inputMode="numeric" value={draft.month} onChange={(e) => set('month', e.target.value)} aria-invalid={invalid('date')}
            aria-describedby={invalid('date') ? 'holiday-date-error' : undefined} />
        </label>
        <label className="field">
          <span>{t('care.calendar.day')}</span>
          <input inputMode="numeric" value={draft.day} onChange={(e) => set('day', e.target.value)} aria-invalid={invalid('date')}
            aria-describedby={invalid('date') ? 'holiday-date-error' : undefined} />
        </label>
        {problemAt('date')}
        <label className="field">
          <span>{t('care.calendar.who')}</span>
          <select value={draft.audience} onChange={(e) => set('audience', e.target.value === 'profile' ? 'profile' : 'all')}>
            <option value="all">{t('care.calendar.forAll')}</option>
            <option value="profile">{t('care.calendar.forProfile')}</option>
          </select>
        </label>
        {draft.audience === 'profile' && (
          <>
            <label className="field">
              <span>{t('care.calendar.field')}</span>
              <input value={draft.field} onChange={(e) => set('field', e.target.value)} aria-invalid={invalid('field')}
                aria-describedby={invalid('field') ? 'holiday-field-error' : undefined} />
            </label>
            {problemAt('field')}
            <label className="field">
              <span>{t('care.calendar.values')}</span>
              <input value={draft.values} onChange={(e) => set('values', e.target.value)} />
            </label>
          </>
        )}
        <button type="button" className="btn" onClick={add}>{t('care.calendar.addButton')}</button>
      </fieldset>
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>{t('care.calendar.save')}</button>
    </section>
  );
}
