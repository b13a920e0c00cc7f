/**
 * Today's care list (C15, C15b): the first page from the soonest deadlines' index ranges, its cards
 * shown at once, then the whole list counted from the plan's index reads (src/db/care-due.ts) for
 * "show more"; each card's member facts (coupons, ledger, tasks) are read only when its page is
 * shown. A plan part no index answers (a store greeting everyone on a holiday) is scanned in the
 * insights worker while the indexed answer is shown.
 */
import { useEffect, useRef, useState } from 'react';
import { holidaysDue, DEFAULT_CALENDAR, type StoreCalendar } from '../../domain/care/calendar';
import type { CareContext } from '../../domain/care/schedule';
import { DEFAULT_CARE_SETTINGS, type CareSettings } from '../../domain/care/settings';
import type { CareTask } from '../../domain/records';
import { localDate } from '../../domain/time';
import type { RegularsDb } from '../../db/database';
import { careDueTasks, careFirstTasks, careItemsFor, type CareDueOptions, type CareItem } from '../../db/care-due';
import { scanCandidates } from '../../db/care-queries';
import { runInWorker } from '../insights/worker-client';

export type { CareItem };

export interface CareList {
  phase: 'loading' | 'scanning' | 'ready' | 'error';
  /** The cards of the tasks shown (at most `shown`), in order. */
  items: CareItem[];
  /** How many tasks are due today in all; null while they are being counted (the first page is shown). */
  total: number | null;
  today: string;
  error: string;
}

export function careContext(
  now: number, timeZone: string, settings: CareSettings = DEFAULT_CARE_SETTINGS, calendar: StoreCalendar = DEFAULT_CALENDAR,
): CareContext {
  const today = localDate(now, timeZone);
  return { today, timeZone, settings, holidays: holidaysDue(calendar, today, settings.holiday.leadDays) };
}

interface Loaded {
  ctx: CareContext;
  /** Today's tasks in order: only the head of the list until `complete`. */
  tasks: CareTask[];
  complete: boolean;
  scanning: boolean;
  /** The cards read so far: those of tasks[0 … upTo). */
  items: CareItem[];
  upTo: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * `version` reloads the list (after an outcome is recorded); `config` null: not loaded yet; `shown`:
 * tasks to show cards for. The first page is read from the soonest deadlines and shown before the
 * whole list is counted (C15b); `total` is null until it is.
 */
export function useCareList(
  db: RegularsDb, now: number, timeZone: string, version: number, config: { settings: CareSettings; calendar: StoreCalendar } | null, shown: number,
): CareList {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState('');
  const shownRef = useRef(shown);
  shownRef.current = shown;

  useEffect(() => {
    if (!config) return undefined;
    let live = true;
    const ctx = careContext(now, timeZone, config.settings, config.calendar);
    const want = shownRef.current;
    const list = (opts: CareDueOptions) => careDueTasks(db, ctx, opts);
    void (async () => {
      const head = await careFirstTasks(list, ctx, want);
      const first = head === null ? await list({}) : null;
      const tasks = head ?? first?.tasks ?? [];
      const items = await careItemsFor(db, tasks.slice(0, want), ctx);
      if (!live) return;
      const scanning = first !== null && first.needScan.length > 0;
      setLoaded({ ctx, tasks, complete: first !== null, scanning, items, upTo: Math.min(want, tasks.length) });
      const all = first ?? await list({});
      if (first === null && live) setLoaded((l) => (l && l.ctx === ctx ? { ...l, tasks: all.tasks, complete: true, scanning: all.needScan.length > 0 } : l));
      if (all.needScan.length === 0 || !live) return;
      const scanned = await runInWorker(
        { kind: 'care-scan', dbName: db.name, queries: all.needScan, settings: ctx.settings },
        async () => ({ id: 0, kind: 'care-scan' as const, ids: await scanCandidates(db, all.needScan, ctx.settings) }),
      );
      const found = await list({ scanned: scanned.ids });
      // The scan may add tasks anywhere in the order: the cards are read again.
      const again = await careItemsFor(db, found.tasks.slice(0, shownRef.current), ctx);
      if (live) setLoaded({ ctx, tasks: found.tasks, complete: true, scanning: false, items: again, upTo: Math.min(shownRef.current, found.tasks.length) });
    })().catch((e: unknown) => { if (live) setError(message(e)); });
    return () => { live = false; };
  }, [db, now, timeZone, version, config]);

  // "Show more": the cards of the next tasks only, once the whole list is known.
  useEffect(() => {
    if (!loaded || !loaded.complete || loaded.upTo >= Math.min(shown, loaded.tasks.length)) return undefined;
    let live = true;
    const { ctx, upTo } = loaded;
    void careItemsFor(db, loaded.tasks.slice(upTo, shown), ctx).then((more) => {
      if (live) setLoaded((l) => (l && l.ctx === ctx && l.upTo === upTo ? { ...l, items: [...l.items, ...more], upTo: Math.min(shown, l.tasks.length) } : l));
    }).catch((e: unknown) => { if (live) setError(message(e)); });
    return () => { live = false; };
  }, [db, loaded, shown]);

  const today = loaded?.ctx.today ?? localDate(now, timeZone);
  const total = loaded?.complete ? loaded.tasks.length : null;
  if (error !== '') return { phase: 'error', items: loaded?.items ?? [], total, today, error };
  if (!loaded) return { phase: 'loading', items: [], total: null, today, error: '' };
  return { phase: loaded.scanning ? 'scanning' : 'ready', items: loaded.items, total, today, error: '' };
}
