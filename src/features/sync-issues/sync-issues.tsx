/**
 * The manager's sync issues screen (issue #4), opened from the sync panel. A manager or owner signs
 * in with their PIN (checked on the tablet, then by the server: S20); the screen lists the changes the
 * server refused (S8; with the points this tablet undid, C-S15) and the exceptions it flagged
 * (overdrafts S10, duplicate phones S11, points re-checks S15, coupon reuse), each in words, and the
 * shop's tablets with how many changes each held unsynced when last seen (S21). The last
 * lists fetched are kept on the tablet and shown, with their time, when the server cannot be reached.
 * The PIN lives only in this screen's memory while it is open.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import { hasRole, useSession } from '../../app/session-store';
import { MIN_PIN, PinEntry, usePinForm } from '../../app/ui/pin-entry';
import { formatDateTime } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { ApiCallError, type ManagerProof } from '../../sync/api-client';
import type { DeviceInfo } from '../../sync/protocol';
import type { LocalRejection } from '../../db/sync-rejections';
import { exceptionText, rejectionReason, rejectionWhat } from './issue-text';
import { loadIssuesCache, saveIssuesCache, type SyncIssuesCache } from './issues-cache';

type Loaded =
  | { state: 'loading' }
  | { state: 'fresh'; data: SyncIssuesCache }
  | { state: 'offline'; data: SyncIssuesCache | null }
  | { state: 'forbidden' };

export function SyncIssues({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [proof, setProof] = useState<ManagerProof | null>(null);
  return (
    <section aria-label={t('issues.title')} className="sync-issues">
      <h3>{t('issues.title')}</h3>
      {proof ? <IssuesList proof={proof} /> : <ManagerSignIn onProof={setProof} />}
      <button type="button" className="btn" onClick={onClose}>{t('common.close')}</button>
    </section>
  );
}

function ManagerSignIn({ onProof }: { onProof: (p: ManagerProof) => void }) {
  const t = useT();
  const form = usePinForm((s) => s.active && hasRole(s.role, 'manager'), 'first', 'manager');
  const submit = () => {
    const pin = form.pin;
    void form.submit((s) => onProof({ staffId: s.id, pin }));
  };
  return (
    <>
      <p>{t('issues.signIn')}</p>
      <PinEntry form={form} chooserLabel={t('role.manager')} onSubmit={submit}>
        <button type="submit" className="btn btn-primary" disabled={form.busy || form.pin.length < MIN_PIN}>{t('issues.show')}</button>
      </PinEntry>
    </>
  );
}

function IssuesList({ proof }: { proof: ManagerProof }) {
  const t = useT();
  const { repos, sync, now } = useServices();
  const timeZone = useSession((s) => s.store?.timeZone ?? 'Asia/Shanghai');
  const deviceId = useSession((s) => s.deviceId);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [local, setLocal] = useState<LocalRejection[]>([]);
  const [names, setNames] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    let live = true;
    void (async () => {
      if (sync) setLocal(await sync.localRejections());
      try {
        if (!sync) throw new Error('not paired');
        const fresh = { ...(await sync.syncIssues(proof)), fetchedAt: now() };
        await saveIssuesCache(repos, fresh);
        if (live) setLoaded({ state: 'fresh', data: fresh });
      } catch (e) {
        if (!live) return;
        if (e instanceof ApiCallError && e.code === 'forbidden') setLoaded({ state: 'forbidden' });
        else setLoaded({ state: 'offline', data: await loadIssuesCache(repos) });
      }
    })();
    return () => { live = false; };
  }, [proof, repos, sync, now]);

  const data = loaded.state === 'fresh' || loaded.state === 'offline' ? loaded.data : null;
  useEffect(() => {
    if (!data) return;
    let live = true;
    const ids = [...new Set(data.exceptions.map((e) => e.memberId).filter((x): x is string => x !== null))];
    void Promise.all(ids.map(async (id) => [id, (await repos.members.get(id))?.member.name ?? null] as const)).then((pairs) => {
      if (live) setNames(new Map(pairs.filter((p): p is readonly [string, string] => p[1] !== null)));
    });
    return () => { live = false; };
  }, [data, repos]);

  if (loaded.state === 'loading') return <p role="status">{t('issues.loading')}</p>;
  if (loaded.state === 'forbidden') return <p className="error" role="alert">{t('issues.forbidden')}</p>;
  const when = (at: number) => formatDateTime(at, timeZone, t.lang);
  const undone = new Map(local.map((r) => [r.mutationId, r.pointsUndone.reduce((a, u) => a + u.points, 0)]));
  return (
    <>
      {loaded.state === 'offline' && (
        <p role="status">{data ? t('issues.offline', { time: when(data.fetchedAt) }) : t('issues.offlineNone')}</p>
      )}
      {loaded.state === 'fresh' && <p className="muted">{t('issues.fetchedAt', { time: when(loaded.data.fetchedAt) })}</p>}
      {data && (
        <>
          <h4>{t('sync.rejections')}</h4>
          {data.rejections.length === 0 ? <p className="muted">{t('sync.noRejections')}</p> : (
            <ul aria-label={t('sync.rejections')}>
              {data.rejections.map((r) => (
                <li key={`${r.deviceId}-${r.seq}`}>
                  {t('issues.rejection', {
                    what: rejectionWhat(t, r.kind), device: r.deviceId === deviceId ? t('issues.thisTablet') : t('issues.otherTablet'),
                    time: when(r.at), reason: rejectionReason(t, r),
                  })}
                  {undone.get(r.mutationId) ? <> {t('issues.undone', { points: undone.get(r.mutationId) ?? 0 })}</> : null}
                </li>
              ))}
            </ul>
          )}
          <h4>{t('issues.exceptions')}</h4>
          {data.exceptions.length === 0 ? <p className="muted">{t('sync.noRejections')}</p> : (
            <ul aria-label={t('issues.exceptions')}>
              {data.exceptions.map((e) => (
                <li key={e.id}>{when(e.at)} · {exceptionText(t, e, (e.memberId && names.get(e.memberId)) || t('issues.member.unknown'))}</li>
              ))}
            </ul>
          )}
          {data.devices && <DeviceList devices={data.devices} when={when} />}
        </>
      )}
    </>
  );
}

/** S21: each tablet, when the server last saw it and how many changes it still held then. */
function DeviceList({ devices, when }: { devices: DeviceInfo[]; when: (at: number) => string }) {
  const t = useT();
  const line = (d: DeviceInfo) => {
    if (d.lastSeen === null) return t('issues.device.never', { name: d.name });
    if (d.unsynced === null) return t('issues.device.seenUnknown', { name: d.name, time: when(d.lastSeen) });
    return t.plural('issues.device.seen', d.unsynced, { name: d.name, time: when(d.lastSeen) });
  };
  return (
    <>
      <h4>{t('issues.devices')}</h4>
      <ul aria-label={t('issues.devices')}>
        {devices.map((d) => (
          <li key={d.id}>{line(d)}{d.revokedAt !== null && <> {t('issues.device.revoked', { time: when(d.revokedAt) })}</>}</li>
        ))}
      </ul>
    </>
  );
}
