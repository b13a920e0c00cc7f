/**
 * Brings rows saved under an older database schema up to the current one, the same way the Dexie
 * `version().upgrade()` blocks in src/db/database.ts do for a live database. One entry per schema step;
 * add a step here whenever a schema version with an upgrade function is added there.
 */
import { phoneLast4 } from '../db/database';
import type { BackupTable } from './format';

type Step = (table: BackupTable, row: Record<string, unknown>) => Record<string, unknown>;

/** STEPS[n] turns a row of schema n into a row of schema n + 1. */
const STEPS: Record<number, Step> = {
  1: (table, row) => (table === 'members' && typeof row.phone === 'string' ? { ...row, phoneLast4: phoneLast4(row.phone) } : row),
};

export function upgradeRow(table: BackupTable, row: Record<string, unknown>, fromSchema: number, toSchema: number): Record<string, unknown> {
  let out = row;
  for (let v = fromSchema; v < toSchema; v++) {
    const step = STEPS[v];
    if (step) out = step(table, out);
  }
  return out;
}
