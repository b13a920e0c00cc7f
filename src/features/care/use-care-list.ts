/**
 * Today's care list: the query plan (C15) answered from indexes at once, then the index-less part
 * of the plan scanned in the insights worker (in pages), then `careTasksDue` over the candidates'
 * facts. The first answer shows while the scan runs, so the list opens without waiting for it.
 */
import { useEffect, useState } from 'react';
import { holidaysDue, DEFAULT_CALENDAR, type StoreCalendar } from '../../domain/care/calendar';
import { careQueryPlan } from '../../domain/care/query-plan';
import { careTasksDue, type CareContext, type DueTask, type MemberCareFacts } from '../../domain/care/schedule';
import { DEFAULT_CARE_SETTINGS, type CareSettings } from '../../domain/care/settings';
import type { Id } from '../../domain/records';
import { localDate } from '../../domain/time';
import type { RegularsDb } from '../../db/database';
import { indexedCandidates, loadCareFacts, scanCandidates } from '../../db/care-queries';
import { runInWorker } from '../insights/worker-client';

export interface CareItem {
  due: DueTask;
  facts: MemberCareFacts;
}

export interface CareList {
  phase: 'loading' | 'scanning' | 'ready' | 'error';
  items: CareItem[];
  today: string;
  error: string;
}

export function careContext(
  now: number, timeZone: string, settings: CareSettings = DEFAULT_CARE_SETTINGS, calendar: StoreCalendar = DEFAULT_CALENDAR,
): CareContext {
  const today = localDate(now, timeZone);
  return { today, timeZone, settings, holidays: holidaysDue(calendar, today, settings.holiday.leadDays) };
}

async function itemsFor(db: RegularsDb, ids: Id[], ctx: CareContext): Promise<CareItem[]> {
  const facts = await loadCareFacts(db, ids, ctx.timeZone);
  const byMember = new Map(facts.map((f) => [f.member.id, f]));
  return careTasksDue(facts, ctx).flatMap((due) => {
    const f = byMember.get(due.task.memberId);
    return f ? [{ due, facts: f }] : [];
  });
}

/** `version` reloads the list (after an outcome is recorded); `config` null: not loaded yet. */
export function useCareList(
  db: RegularsDb, now: number, timeZone: string, version: number, config: { settings: CareSettings; calendar: StoreCalendar } | null,
): CareList {
  const [state, setState] = useState<CareList>({ phase: 'loading', items: [], today: localDate(now, timeZone), error: '' });
  useEffect(() => {
    if (!config) return undefined;
    let live = true;
    const ctx = careContext(now, timeZone, config.settings, config.calendar);
    void (async () => {
      const plan = careQueryPlan(ctx);
      const first = await indexedCandidates(db, plan);
      const items = await itemsFor(db, first.ids, ctx);
      if (!live) return;
      setState({ phase: first.needScan.length > 0 ? 'scanning' : 'ready', items, today: ctx.today, error: '' });
      if (first.needScan.length === 0) return;
      const scanned = await runInWorker(
        { kind: 'care-scan', dbName: db.name, queries: first.needScan, settings: ctx.settings },
        async () => ({ id: 0, kind: 'care-scan' as const, ids: await scanCandidates(db, first.needScan, ctx.settings) }),
      );
      const all = await itemsFor(db, [...new Set([...first.ids, ...scanned.ids])], ctx);
      if (live) setState({ phase: 'ready', items: all, today: ctx.today, error: '' });
    })().catch((e: unknown) => {
      if (live) setState((s) => ({ ...s, phase: 'error', error: e instanceof Error ? e.message : String(e) }));
    });
    return () => { live = false; };
  }, [db, now, timeZone, version, config]);
  return state;
}
