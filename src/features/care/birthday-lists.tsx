/**
 * Birthdays this week (Monday to Sunday) or this month (C16): the 'MM-DD' ranges read from the
 * birthdayMd index when the schema has it, else scanned in the insights worker in pages.
 */
import { useEffect, useState } from 'react';
import { birthdayListRanges, type CareQuery } from '../../domain/care/query-plan';
import { birthdayMonthDay } from '../../domain/care/schedule';
import { DEFAULT_CARE_SETTINGS } from '../../domain/care/settings';
import type { Member } from '../../domain/records';
import { fromMemberRow, type RegularsDb } from '../../db/database';
import { indexedCandidates, scanCandidates } from '../../db/care-queries';
import { useT } from '../../i18n/use-t';
import { runInWorker } from '../insights/worker-client';

async function birthdays(db: RegularsDb, queries: CareQuery[]): Promise<Member[]> {
  const first = await indexedCandidates(db, queries);
  const scanned = first.needScan.length === 0 ? [] : (await runInWorker(
    { kind: 'care-scan', dbName: db.name, queries: first.needScan, settings: DEFAULT_CARE_SETTINGS },
    async () => ({ id: 0, kind: 'care-scan' as const, ids: await scanCandidates(db, first.needScan, DEFAULT_CARE_SETTINGS) }),
  )).ids;
  const rows = await db.members.bulkGet([...new Set([...first.ids, ...scanned])]);
  return rows.flatMap((r) => (r && r.mergedInto === null ? [fromMemberRow(r)] : []))
    .sort((a, b) => (birthdayMonthDay(a.birthday) ?? '').localeCompare(birthdayMonthDay(b.birthday) ?? '') || a.name.localeCompare(b.name));
}

export function BirthdayLists({ db, today }: { db: RegularsDb; today: string }) {
  const t = useT();
  const [scope, setScope] = useState<'week' | 'month'>('week');
  const [list, setList] = useState<Member[] | null>(null);
  useEffect(() => {
    let live = true;
    setList(null);
    const queries: CareQuery[] = birthdayListRanges(today, scope).map((r) => ({ source: 'member.birthdayMonthDay', ...r }));
    void birthdays(db, queries).then((m) => { if (live) setList(m); });
    return () => { live = false; };
  }, [db, today, scope]);
  return (
    <section aria-label={t('care.birthdays')}>
      <h2>{t('care.birthdays')}</h2>
      <div className="choice-row" role="radiogroup" aria-label={t('care.birthdays')}>
        {(['week', 'month'] as const).map((s) => (
          <button key={s} type="button" role="radio" aria-checked={scope === s} className={scope === s ? 'chip chip-on' : 'chip'}
            onClick={() => setScope(s)}>{t(`care.birthdays.${s}`)}</button>
        ))}
      </div>
      {list === null ? <p className="loading">{t('app.loading')}</p> : list.length === 0 ? <p className="muted">{t('care.birthdays.none')}</p> : (
        <ul className="birthday-list">
          {list.map((m) => (
            <li key={m.id}>{t('care.birthdays.item', { name: m.name, date: birthdayMonthDay(m.birthday) ?? '' })}{m.doNotDisturb ? ` · ${t('care.outcome.do-not-disturb')}` : ''}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
