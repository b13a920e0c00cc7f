/**
 * Birthdays this week (Monday to Sunday) or this month (C16): the 'MM-DD' ranges read from the
 * birthdayMd index with their rows (else scanned in the insights worker in pages), shown 30 names
 * at a time like the care list (C15b): a big shop has a few thousand birthdays a month.
 */
import { useEffect, useState } from 'react';
import { birthdayListRanges, type CareQuery } from '../../domain/care/query-plan';
import { birthdayMonthDay } from '../../domain/care/schedule';
import { DEFAULT_CARE_SETTINGS } from '../../domain/care/settings';
import type { Member } from '../../domain/records';
import { fromMemberRow, type MemberRow, type RegularsDb } from '../../db/database';
import { scanCandidates } from '../../db/care-queries';
import { useT } from '../../i18n/use-t';
import { runInWorker } from '../insights/worker-client';

/** Names shown at first, and added by each tap on "show more". */
const PAGE = 30;

async function birthdays(db: RegularsDb, queries: CareQuery[]): Promise<Member[]> {
  let rows: (MemberRow | undefined)[];
  if (db.members.schema.idxByName.birthdayMd !== undefined) {
    rows = (await Promise.all(queries.map((q) => (q.source === 'member.birthdayMonthDay'
      ? db.members.where('birthdayMd').between(q.from, q.to, true, true).toArray() : [])))).flat();
  } else {
    const scanned = await runInWorker(
      { kind: 'care-scan', dbName: db.name, queries, settings: DEFAULT_CARE_SETTINGS },
      async () => ({ id: 0, kind: 'care-scan' as const, ids: await scanCandidates(db, queries, DEFAULT_CARE_SETTINGS) }),
    );
    rows = await db.members.bulkGet(scanned.ids);
  }
  return rows.flatMap((r) => (r && r.mergedInto === null ? [fromMemberRow(r)] : []))
    .sort((a, b) => (birthdayMonthDay(a.birthday) ?? '').localeCompare(birthdayMonthDay(b.birthday) ?? '') || a.name.localeCompare(b.name));
}

export function BirthdayLists({ db, today }: { db: RegularsDb; today: string }) {
  const t = useT();
  const [scope, setScope] = useState<'week' | 'month'>('week');
  const [list, setList] = useState<Member[] | null>(null);
  const [shown, setShown] = useState(PAGE);
  useEffect(() => {
    let live = true;
    setList(null);
    setShown(PAGE);
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
          {list.slice(0, shown).map((m) => (
            <li key={m.id}>{t('care.birthdays.item', { name: m.name, date: birthdayMonthDay(m.birthday) ?? '' })}{m.doNotDisturb ? ` · ${t('care.outcome.do-not-disturb')}` : ''}</li>
          ))}
        </ul>
      )}
      {list !== null && list.length > shown && (
        <button type="button" className="btn" onClick={() => setShown((n) => n + PAGE)}>
          {t('care.birthdays.more', { count: Math.min(PAGE, list.length - shown), left: list.length - shown })}
        </button>
      )}
    </section>
  );
}
