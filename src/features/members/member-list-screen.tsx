/**
 * The manager's member list (issue #5): filters, pages of 50, and an export of the filtered list
 * (manager PIN, audited). Pages are read in the insights worker, so a filter that matches few of
 * many members never blocks the till; each request reads at most MAX_READ members.
 */
import { useEffect, useState } from 'react';
import { useProgramme } from '../../app/programme-store';
import { useServices } from '../../app/services';
import { hasRole, useSession } from '../../app/session-store';
import { toast } from '../../app/ui/toast';
import { toCsv } from '../../domain/insights/csv';
import type { Id } from '../../domain/records';
import { localDate } from '../../domain/time';
import { maskPhone } from '../../domain/search-keys';
import { centsToInput, formatMoney } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { useCareDb } from '../care/care-db';
import { exportCsv } from '../insights/export-csv';
import { runInWorker } from '../insights/worker-client';
import { filterMembers, type MemberFilter, type MemberPage, type MemberQuery } from './member-filter';
import { MemberFilters } from './member-filters';
import { CampaignForm } from './campaign-form';
import './members.css';

const PAGE = 50;
const MAX_READ = 5000;

export default function MemberListScreen() {
  const t = useT();
  const { repos, now, newId } = useServices();
  const db = useCareDb();
  const store = useSession((s) => s.store);
  const role = useSession((s) => s.staff?.role);
  const deviceId = useSession((s) => s.deviceId);
  const tiers = useProgramme((p) => p.tiers);
  const grades = useProgramme((p) => p.grades);
  const timeZone = store?.timeZone ?? 'Asia/Shanghai';
  const [today] = useState(() => localDate(now(), timeZone));
  const [filter, setFilter] = useState<MemberFilter>({});
  const [starts, setStarts] = useState<(Id | null)[]>([null]);
  const [page, setPage] = useState<MemberPage | null>(null);
  const after = starts[starts.length - 1] ?? null;

  const run = (query: MemberQuery) => runInWorker({ kind: 'members', dbName: db.name, query },
    async () => ({ id: 0, kind: 'members' as const, page: await filterMembers(db, query) }));

  useEffect(() => {
    let live = true;
    setPage(null);
    void run({ filter, today, timeZone, after, limit: PAGE, maxRead: MAX_READ, grades }).then((r) => { if (live) setPage(r.page); });
    return () => { live = false; };
    // `run` is rebuilt each render from db, which is in the deps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, filter, today, timeZone, after, grades]);

  if (!hasRole(role, 'manager')) return <p className="error" role="alert">{t('members.managersOnly')}</p>;

  const tierName = (id: string | null) => (id === null ? '—' : tiers.find((x) => x.id === id)?.name ?? id);
  const onExport = async () => {
    const ok = await exportCsv({
      repos, deviceId, now, newId, subject: 'members:filtered', fileName: 'members.csv',
      build: async () => {
        const all = (await run({ filter, today, timeZone, after: null, limit: Number.MAX_SAFE_INTEGER, maxRead: null, grades })).page.rows;
        // [I1a] As the owner reads it: masked phones, tier and segment names, money in decimal yuan.
        const csv = toCsv([
          [t('members.col.cardNo'), t('members.col.name'), t('members.col.phone'), t('members.col.tier'), t('members.col.grade'), t('members.col.segment'),
            t('members.col.lastVisit'), t('members.col.birthday'), t('members.col.dnd'), `${t('members.col.spend')} (${store?.currency ?? 'CNY'})`, t('members.col.points')],
          ...all.map((r) => [r.cardNo, r.name, maskPhone(r.phone), r.tierId === null ? '' : tierName(r.tierId), r.grade ?? '', t(`members.segment.${r.segment}`),
            r.lastVisit ?? '', r.birthday ?? '', r.doNotDisturb ? t('members.dnd') : '', centsToInput(r.lifetimeSpend), r.points]),
        ]);
        return { csv, rows: all.length };
      },
    });
    if (ok) toast(t('insights.exported'));
  };

  return (
    <section aria-label={t('members.title')}>
      <h1>{t('members.title')}</h1>
      <MemberFilters filter={filter} tiers={tiers} onChange={(f) => { setFilter(f); setStarts([null]); }} />
      <button type="button" className="btn" onClick={() => void onExport()}>{t('members.export')}</button>
      <CampaignForm memberIds={async () => (await run({ filter, today, timeZone, after: null, limit: Number.MAX_SAFE_INTEGER, maxRead: null, grades })).page.rows.map((r) => r.id)} />
      {page === null ? <p className="loading" role="status">{t('app.loading')}</p> : (
        <>
          {page.rows.length === 0 && <p className="muted">{page.next === null ? t('members.none') : t('members.noneYet')}</p>}
          <table className="table">
            <thead><tr>
              <th scope="col">{t('members.col.name')}</th><th scope="col">{t('members.col.phone')}</th><th scope="col">{t('members.col.tier')}</th>
              <th scope="col">{t('members.col.grade')}</th><th scope="col">{t('members.col.segment')}</th>
              <th scope="col"><abbr title={t('members.rfm.how')}>{t('members.col.rfm')}</abbr></th><th scope="col">{t('members.col.lastVisit')}</th>
              <th scope="col">{t('members.col.spend')}</th><th scope="col">{t('members.col.dnd')}</th>
            </tr></thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td><td>{r.phone}</td><td>{tierName(r.tierId)}</td><td>{r.grade ?? '—'}</td>
                  <td>{t(`members.segment.${r.segment}`)}</td>
                  <td><abbr title={t('members.rfm.of', { r: r.rfm.r, f: r.rfm.f, m: r.rfm.m })}>{t('members.rfm', { r: r.rfm.r, f: r.rfm.f, m: r.rfm.m })}</abbr></td>
                  <td>{r.lastVisit ?? '—'}</td>
                  <td>{formatMoney(r.lifetimeSpend, store?.currency ?? 'CNY', t.lang)}</td><td>{r.doNotDisturb ? t('members.dnd') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" className="btn" disabled={starts.length <= 1} onClick={() => setStarts((s) => s.slice(0, -1))}>{t('members.previous')}</button>
            <button type="button" className="btn" disabled={page.next === null} onClick={() => setStarts((s) => [...s, page.next])}>{t('members.next')}</button>
          </div>
        </>
      )}
    </section>
  );
}
