/**
 * Today's care list (issue #5), for cashiers between customers and the manager: every task due
 * today with why and what to say, and a one-tap outcome. Lazy-loaded: the till's first bundle does
 * not carry it. Recording an outcome reloads the list, so a do-not-disturb member's tasks vanish.
 */
import { useEffect, useState } from 'react';
import { useProgramme } from '../../app/programme-store';
import { useRouter } from '../../app/router';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-store';
import { toast } from '../../app/ui/toast';
import { DEFAULT_CARE_SETTINGS } from '../../domain/care/settings';
import { DEFAULT_TEMPLATES } from '../../domain/care/messages';
import { useCareConfig } from './care-config';
import type { OutcomeResult } from '../../domain/care/outcome';
import { useT } from '../../i18n/use-t';
import { useCareDb } from './care-db';
import { BirthdayLists } from './birthday-lists';
import { TaskCard } from './task-card';
import { useCareList } from './use-care-list';
import './care.css';

/** Task cards shown at first, and added by each tap on "show more". */
const PAGE = 30;

export default function CareScreen() {
  const t = useT();
  const { now, repos, newId } = useServices();
  const db = useCareDb();
  const store = useSession((s) => s.store);
  const staff = useSession((s) => s.staff);
  const programme = useProgramme((p) => p);
  const [openedAt] = useState(() => now());
  const [version, setVersion] = useState(0);
  // A big shop can have thousands of tasks on a day (every birthday of the month): cards come a page at a time,
  // the first page before the rest is counted (C15b).
  const [shown, setShown] = useState(PAGE);
  const go = useRouter((r) => r.go);
  const timeZone = store?.timeZone ?? 'Asia/Shanghai';
  const config = useCareConfig();
  const list = useCareList(db, openedAt, timeZone, version, config ?? null, shown);

  // B9: the daily pass issues every benefit due today (a birthday's coupon the card's message names); new ones redraw the list.
  useEffect(() => {
    let live = true;
    void import('../../db/benefits-pass')
      .then(({ runBenefitsPass }) => runBenefitsPass(db, repos.writer, programme, openedAt, timeZone, newId))
      .then((written) => { if (live && written > 0) setVersion((v) => v + 1); })
      .catch(() => undefined); // a refused write is tried again by the next pass or at the counter
    return () => { live = false; };
  }, [db, repos, programme, openedAt, timeZone, newId]);

  const done = (r: OutcomeResult) => {
    if (r.ok && r.warning === 'over-budget') toast(t('care.overBudgetWarning'), 'error');
    else toast(t('care.saved'));
    setVersion((v) => v + 1);
  };

  return (
    <section aria-label={t('care.title')}>
      <h1>{t('care.title')}</h1>
      <button type="button" className="btn" onClick={() => go({ name: 'care-settings' })}>{t('care.settings.open')}</button>
      <p className="muted">{t('care.today', { date: list.today })}</p>
      {list.phase === 'loading' && <p className="loading">{t('app.loading')}</p>}
      {list.phase === 'scanning' && <p className="muted" role="status">{t('care.scanning')}</p>}
      {list.phase === 'error' && <p className="error" role="alert">{t('error.generic', { message: list.error })}</p>}
      {list.phase === 'ready' && list.total === 0 && <p className="muted">{t('care.empty')}</p>}
      <ul className="care-list">
        {list.items.map((item) => (
          <TaskCard key={item.due.task.id} item={item} storeName={store?.name ?? ''} currency={store?.currency ?? 'CNY'}
            timeZone={timeZone} today={list.today} settings={config?.settings ?? DEFAULT_CARE_SETTINGS} templates={config?.templates ?? DEFAULT_TEMPLATES} programme={programme}
            staffId={staff?.id ?? ''} version={version} onDone={done}
            onComplaint={(due) => { toast(t('care.complaint.saved', due)); setVersion((v) => v + 1); }} />
        ))}
      </ul>
      {list.phase === 'ready' && list.total === null && <p className="muted" role="status">{t('care.counting')}</p>}
      {list.total !== null && list.total > shown && (
        <button type="button" className="btn" onClick={() => setShown((n) => n + PAGE)}>
          {t('care.showMore', { count: Math.min(PAGE, list.total - shown), left: list.total - shown })}
        </button>
      )}
      <BirthdayLists db={db} today={list.today} />
    </section>
  );
}
