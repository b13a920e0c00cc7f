/**
 * The owner's insights (rules I2–I11, C40–C42). Runs in the insights worker
 * (src/app/workers/insights-worker.ts). From the kept totals (I11, kept-insights.ts) when they are
 * fresh; when they are stale, first rebuilt once from a full scan (src/db/insight-rebuild.ts), with
 * progress in rows read. The full scan of every record stays as the reference (scan-insights.ts).
 * The result is plain data (numbers and TableData), posted back to the screen as is.
 */
import type { RegularsDb } from '../../db/database';
import { readKept, rebuildKept } from '../../db/insight-rebuild';
import { insightsFromKept } from './kept-insights';
import type { InsightsParams, InsightsResult } from './insights-types';

export type { InsightsParams, InsightsResult } from './insights-types';

/**
 * [I11] The dashboard: kept totals read as they are, or rebuilt first when stale (a new or upgraded
 * database, a restore or bulk load, a time-zone change). `onProgress` counts the rows read.
 */
export async function computeInsights(
  db: RegularsDb, p: InsightsParams, onProgress?: (read: number) => void, timings?: Record<string, number>,
): Promise<InsightsResult> {
  let read = 0;
  const progress = (n: number) => { read += n; onProgress?.(read); };
  const t0 = performance.now();
  const kept = await readKept(db, p.timeZone) ?? await rebuildKept(db, p.timeZone, p.pageSize ?? 5000, progress);
  if (timings) timings.readKept = Math.round(performance.now() - t0);
  return insightsFromKept(db, p, kept, progress, timings);
}
