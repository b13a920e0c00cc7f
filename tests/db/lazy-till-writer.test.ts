// The till writer loaded on first use (src/db/lazy-till-writer.ts): the repository contract runs
// through it in dexie.test.ts; these are the loading rules themselves.
import { describe, expect, it } from 'vitest';
import { lazyTillWriter } from '../../src/db/lazy-till-writer';
import type { TillWriter } from '../../src/db/repositories';

type Call = [string, unknown];

function recordingWriter(calls: Call[]): TillWriter {
  const record = (name: string) => async (input: unknown) => { calls.push([name, input]); };
  return {
    enroll: record('enroll'), commitSale: record('commitSale'), commitReturn: record('commitReturn'),
    appendLedger: record('appendLedger'), saveTask: record('saveTask'), upsertMember: record('upsertMember'),
    recordOutcome: async () => ({ ok: false, reason: 'task-closed' }) as never,
    importMembers: async () => ({ added: 0, skipped: [] }) as never,
    issueCoupons: async () => [],
  };
}

describe('the till writer loaded on first use', () => {
  it('fetches the writer once, at once, and passes every call to it with its input', async () => {
    const calls: Call[] = [];
    let loads = 0;
    const w = lazyTillWriter(async () => { loads += 1; return recordingWriter(calls); });
    expect(loads).toBe(1);
    await w.appendLedger({ entries: [], opId: 'op-1' });
    await w.saveTask({ task: { id: 't-1' } as never, opId: 'op-2', at: 5 });
    expect(loads).toBe(1);
    expect(calls).toEqual([['appendLedger', { entries: [], opId: 'op-1' }], ['saveTask', { task: { id: 't-1' }, opId: 'op-2', at: 5 }]]);
  });

  it('a failed load fails the call, and the next call loads again (a sale is never lost to one bad fetch)', async () => {
    const calls: Call[] = [];
    let loads = 0;
    const w = lazyTillWriter(async () => {
      loads += 1;
      if (loads === 1) throw new Error('chunk fetch failed');
      return recordingWriter(calls);
    });
    await expect(w.commitSale({} as never)).rejects.toThrow('chunk fetch failed');
    await w.commitSale({ sale: 's-1' } as never);
    expect(loads).toBe(2);
    expect(calls).toEqual([['commitSale', { sale: 's-1' }]]);
  });

  it('is not mistaken for a promise, and a write error reaches the caller unchanged', async () => {
    const failing = { ...recordingWriter([]), enroll: async () => { throw new RangeError('duplicate phone'); } };
    const w = lazyTillWriter(async () => failing);
    expect(await Promise.resolve(w)).toBe(w);
    await expect(w.enroll({} as never)).rejects.toBeInstanceOf(RangeError);
  });
});
