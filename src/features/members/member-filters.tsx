/** The member list's filters: each a labelled select; "any" leaves the filter out. */
import type { TierDef } from '../../domain/programme';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n/use-t';
import type { MemberFilter } from './member-filter';

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

export function MemberFilters({ filter, tiers, onChange }: { filter: MemberFilter; tiers: readonly TierDef[]; onChange: (f: MemberFilter) => void }) {
  const t = useT();
  const set = <K extends keyof MemberFilter>(key: K, value: MemberFilter[K] | undefined) => {
    const next = { ...filter };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  const select = (label: MessageKey, value: string, options: [string, string][], pick: (v: string) => void) => (
    <label className="field">
      <span>{t(label)}</span>
      <select value={value} onChange={(e) => pick(e.target.value)}>
        <option value="">{t('members.any')}</option>
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </label>
  );
  const lastVisit = filter.seenWithinDays !== undefined ? `in:${filter.seenWithinDays}` : filter.notSeenForDays !== undefined ? `out:${filter.notSeenForDays}` : '';
  return (
    <div className="filters">
      {select('members.filter.tier', filter.tierId === undefined ? '' : filter.tierId === '' ? '~none' : filter.tierId,
        [['~none', t('insights.noTier')], ...tiers.map((x): [string, string] => [x.id, x.name])],
        (v) => set('tierId', v === '' ? undefined : v === '~none' ? '' : v))}
      {select('members.filter.grade', filter.grade ?? '', [['A', 'A'], ['B', 'B'], ['C', 'C'], ['D', 'D'], ['E', 'E'], ['none', t('members.noGrade')]],
        (v) => set('grade', v === '' ? undefined : (v as MemberFilter['grade'])))}
      {select('members.filter.segment', filter.segment ?? '', (['loyal', 'marginal', 'potential'] as const).map((s): [string, string] => [s, t(`members.segment.${s}`)]),
        (v) => set('segment', v === '' ? undefined : (v as MemberFilter['segment'])))}
      {select('members.filter.lastVisit', lastVisit, [['in:30', t('members.seenWithin', { days: 30 })], ['out:60', t('members.notSeenFor', { days: 60 })], ['out:90', t('members.notSeenFor', { days: 90 })]],
        (v) => {
          const next = { ...filter };
          delete next.seenWithinDays;
          delete next.notSeenForDays;
          if (v.startsWith('in:')) next.seenWithinDays = Number(v.slice(3));
          if (v.startsWith('out:')) next.notSeenForDays = Number(v.slice(4));
          onChange(next);
        })}
      {select('members.filter.birthdayMonth', filter.birthdayMonth ?? '', MONTHS.map((m): [string, string] => [m, m]), (v) => set('birthdayMonth', v === '' ? undefined : v))}
      {select('members.filter.dnd', filter.doNotDisturb === undefined ? '' : filter.doNotDisturb ? 'yes' : 'no', [['yes', t('common.yes')], ['no', t('common.no')]],
        (v) => set('doNotDisturb', v === '' ? undefined : v === 'yes'))}
    </div>
  );
}
