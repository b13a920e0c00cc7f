/** Runs the dashboard's computation in the insights worker (or in pages here, where there is no Worker). */
import { useEffect, useState } from 'react';
import type { RegularsDb } from '../../db/database';
import { computeInsights, type InsightsParams, type InsightsResult } from './compute-insights';
import { runInWorker } from './worker-client';

export type InsightsState =
  | { phase: 'loading'; read: number }
  | { phase: 'ready'; result: InsightsResult }
  | { phase: 'error'; message: string };

export function useInsights(db: RegularsDb, params: InsightsParams): InsightsState {
  const [state, setState] = useState<InsightsState>({ phase: 'loading', read: 0 });
  const key = JSON.stringify({ ...params, programme: params.programme.version });
  useEffect(() => {
    let live = true;
    setState({ phase: 'loading', read: 0 });
    const progress = (read: number) => { if (live) setState({ phase: 'loading', read }); };
    const askedAt = Math.round(performance.timeOrigin + performance.now());
    runInWorker(
      { kind: 'insights', dbName: db.name, params },
      async () => ({ id: 0, kind: 'insights' as const, result: await computeInsights(db, params, progress) }),
      progress,
    ).then((r) => {
      // A dev aid (issue #5): where the dashboard's time goes, in the console.
      if (r.timings) console.debug('[insights]', JSON.stringify({ askedAt, ...r.timings, answeredAt: Math.round(performance.timeOrigin + performance.now()) }));
      if (live) setState({ phase: 'ready', result: r.result });
    })
      .catch((e: unknown) => { if (live) setState({ phase: 'error', message: e instanceof Error ? e.message : String(e) }); });
    return () => { live = false; };
    // `key` stands for params: a new object each render must not restart the computation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, key]);
  return state;
}
