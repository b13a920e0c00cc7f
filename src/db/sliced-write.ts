/**
 * Many rows into one IndexedDB transaction without one long main-thread task. A put takes the row's
 * structured clone and index keys synchronously, so a page of 1,000 members put at once is a task of
 * hundreds of ms on a tablet (the till cannot paint or take a tap meanwhile). `writeSliced` issues
 * the puts in slices of about SLICE_MS of main-thread time and waits for each slice to be stored
 * before issuing the next: the event loop runs between slices, and the transaction stays one (what
 * it writes commits, or aborts, as a whole).
 */

/**
 * Rows per bulkPut in a step: the step is the unit a slice can overrun its time by. At 50 rows or
 * more a bulkPut is not tracked key by key by Dexie's live-query bookkeeping; 20 rows ran slower (one
 * run each on the loaded bench machine: 491 against 731 members/s).
 */
export const ROWS_PER_PUT = 50;
const SLICE_MS = 8;

/**
 * Calls `put(step)` for step = 0 … steps - 1, in order: each issues a few puts and returns their
 * promises. Steps are issued until about `sliceMs` of main-thread time has passed (at least one),
 * then the slice is awaited before the next is issued (a request callback is the only place the
 * transaction can go on from). Must run inside a transaction over the tables `put` writes; a failed
 * put rejects, and the caller's transaction aborts. Returns the number of slices.
 */
export async function writeSliced(steps: number, put: (step: number) => Promise<unknown>[], sliceMs = SLICE_MS): Promise<number> {
  let step = 0;
  let slices = 0;
  while (step < steps) {
    const started = performance.now();
    const pending: Promise<unknown>[] = [];
    do {
      pending.push(...put(step));
      step += 1;
    } while (step < steps && performance.now() - started < sliceMs);
    await Promise.all(pending);
    slices += 1;
  }
  return slices;
}
