/**
 * The member bootstrap's paging (C-S13): the next page is asked for while a page is stored, pages are
 * stored in order, and a download cut short resumes after the last page stored.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryRepositories } from '../../src/db/memory-repositories';
import { MemoryStore } from '../../src/db/memory-store';
import { MemorySyncStore } from '../../src/db/memory-sync-store';
import type { SyncStore } from '../../src/db/sync-store';
import { points } from '../../src/domain/money';
import { bootstrapMembers } from '../../src/sync/bootstrap';
import type { BootstrapMember, MembersPage, OrgHistory } from '../../src/sync/protocol';
import { TransportError, type SyncRequest, type Transport } from '../../src/sync/transport';
import { member, stats } from '../db/fixtures';

const MEMBERS: BootstrapMember[] = Array.from({ length: 5 }, (_, i) => {
  const m = member({ id: `m-${i}`, name: `Member ${i}`, phone: `1380000000${i}` });
  return { member: m, stats: stats(m.id, { points: points(10 * (i + 1)) }) };
});

const HISTORY: OrgHistory = { since: '1', sales: [{ day: '2026-11-02', memberSales: 1, memberNet: 500, walkInSales: 0, walkInNet: 0 }], points: [] };

/**
 * The server's GET /api/members over MEMBERS (keyset paging by id) and GET /api/history (C-S18), logging
 * each request; `history` answers the history request (404: a server that has none).
 */
function server(log: string[], fail?: (after: string) => boolean, history: (since: string) => { status: number; body: unknown } = () => ({ status: 200, body: HISTORY })): Transport {
  return {
    async send(req: SyncRequest) {
      if (req.path === '/api/history') {
        log.push(`history since ${req.query?.since}`);
        return history(req.query?.since ?? '');
      }
      if (req.query?.since !== '1') throw new Error('a members page must be asked with the pairing cursor as since');
      const after = req.query?.after ?? '';
      const limit = Number(req.query?.limit);
      log.push(`ask ${after || 'start'}`);
      if (fail?.(after)) throw new TransportError('offline');
      const rest = MEMBERS.filter((m) => m.member.id > after);
      const members = rest.slice(0, limit);
      const page: MembersPage = { members, after: members[members.length - 1]?.member.id ?? after, more: rest.length > limit, asOf: '3' };
      return { status: 200, body: page };
    },
  };
}

/** The in-memory store, logging when each page's write starts and ends; a write ends only when `release` is called. */
function slowStore(inner: SyncStore, log: string[]): { store: SyncStore; release(): void } {
  const waiting: (() => void)[] = [];
  const store: SyncStore = Object.create(inner) as SyncStore;
  store.bootstrapPage = async (page, progress, at, asOf) => {
    const last = page[page.length - 1]?.member.id ?? '';
    log.push(`store ${last}`);
    await new Promise<void>((resolve) => waiting.push(resolve));
    await inner.bootstrapPage(page, progress, at, asOf);
    log.push(`stored ${last}`);
  };
  return { store, release: () => waiting.shift()?.() };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(cond()).toBe(true);
}

describe('member bootstrap pages', () => {
  it('[C-S13] asks for the next page while a page is stored, and stores the pages in order', async () => {
    const mem = new MemoryStore();
    const repos = createMemoryRepositories(mem);
    const log: string[] = [];
    const { store, release } = slowStore(new MemorySyncStore(mem), log);
    const run = bootstrapMembers({ transport: server(log), members: repos.members, store, pairingCursor: '1', pageSize: 2, yieldToTill: async () => {} });
    await until(() => log.includes('store m-1'));
    // Page 1 is being stored and page 2 is already asked for; page 2 is not stored before page 1 is.
    expect(log).toEqual(['ask start', 'ask m-1', 'store m-1']);
    release();
    await until(() => log.includes('store m-3'));
    release();
    await until(() => log.includes('store m-4'));
    release();
    expect(await run).toEqual({ membersLoaded: 5 });
    expect(log).toEqual(['ask start', 'ask m-1', 'store m-1', 'stored m-1', 'ask m-3', 'store m-3', 'stored m-3', 'store m-4', 'stored m-4', 'history since 1']);
    expect(await store.pastSince()).toBe('1');
    // No request after the last page, and every member is found with the downloaded balance.
    expect((await repos.members.byPhone('13800000004'))?.stats.points).toBe(50);
    expect(await repos.members.bootstrapProgress()).toMatchObject({ membersLoaded: 5, complete: true });
  });

  it('[C-S13] a page asked for ahead that fails stops the download after the pages stored, and it resumes there', async () => {
    const mem = new MemoryStore();
    const repos = createMemoryRepositories(mem);
    const log: string[] = [];
    const store = new MemorySyncStore(mem);
    const opts = { members: repos.members, store, pairingCursor: '1', pageSize: 2, yieldToTill: async () => {} };
    await expect(bootstrapMembers({ ...opts, transport: server(log, (after) => after === 'm-1') })).rejects.toThrow(TransportError);
    expect(await repos.members.bootstrapProgress()).toMatchObject({ membersLoaded: 2, complete: false, cursor: 'm-1' });
    expect(await repos.members.byPhone('13800000002')).toBeNull();
    expect(await store.cursor()).toBe('0');

    log.length = 0;
    expect(await bootstrapMembers({ ...opts, transport: server(log) })).toEqual({ membersLoaded: 5 });
    expect(log).toEqual(['ask m-1', 'ask m-3', 'history since 1']);
    expect((await repos.members.byPhone('13800000002'))?.stats.points).toBe(30);
    expect(await store.cursor()).toBe('1');
  });

  it('[C-S18] a download cut short after its last page fetches the organisation\'s past when run again; a server without it is no failure', async () => {
    const mem = new MemoryStore();
    const repos = createMemoryRepositories(mem);
    const log: string[] = [];
    const store = new MemorySyncStore(mem);
    const opts = { members: repos.members, store, pairingCursor: '1', pageSize: 5, yieldToTill: async () => {} };
    const down = () => { throw new TransportError('offline'); };
    await expect(bootstrapMembers({ ...opts, transport: server(log, undefined, down) })).rejects.toThrow(TransportError);
    expect(await repos.members.bootstrapProgress()).toMatchObject({ membersLoaded: 5, complete: true });
    expect(await store.pastSince()).toBeNull();
    expect(await store.cursor()).toBe('0'); // not pulling yet: the bootstrap is not over

    log.length = 0;
    expect(await bootstrapMembers({ ...opts, transport: server(log) })).toEqual({ membersLoaded: 5 });
    expect(log).toEqual(['history since 1']); // no member page again
    expect(await store.pastSince()).toBe('1');

    const older = new MemoryStore();
    const olderStore = new MemorySyncStore(older);
    const notFound = () => ({ status: 404, body: { code: 'not_found', message: 'Route GET:/api/history not found' } });
    await bootstrapMembers({ ...opts, members: createMemoryRepositories(older).members, store: olderStore, transport: server([], undefined, notFound) });
    expect(await olderStore.pastSince()).toBeNull();
    expect(await olderStore.cursor()).toBe('1');
  });
});
