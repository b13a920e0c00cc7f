/**
 * Tablets for the server suite that run the till's own code: its in-memory repositories (the writer that
 * builds every fact and outbox row), its sync store and the real client engine, against the server of a
 * test file (support.ts `serverOn`). Nothing the till would make is made by the test.
 */
import { expect } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from '../../src/db/database';
import { MemoryStore } from '../../src/db/memory-store';
import { createMemoryRepositories } from '../../src/db/memory-repositories';
import { MemorySyncStore } from '../../src/db/memory-sync-store';
import type { Member } from '../../src/domain/records';
import { createSyncEngine } from '../../src/sync/engine';
import type { PairResponse } from '../../src/sync/protocol';
import { createInjectTransport } from '../../src/sync/transport';
import { api, T0, uid, type serverOn } from './support';

type Server = ReturnType<typeof serverOn>;

/** One tablet: the till's in-memory repositories, its sync store and the real engine against the server. */
export function tablet(server: Server, paired: PairResponse) {
  const mem = new MemoryStore();
  const repos = createMemoryRepositories(mem);
  const store = new MemorySyncStore(mem, paired.deviceId);
  const transport = createInjectTransport(server.app, { token: () => paired.token, schemaVersion: CURRENT_SCHEMA_VERSION });
  const engine = createSyncEngine({
    transport, deviceId: paired.deviceId, outbox: repos.outbox, store, locks: null, online: null,
    clock: { now: () => T0, setTimeout: () => 0, clearTimeout: () => undefined }, random: () => 0.5,
  });
  const shown = async (id: string): Promise<Member> => {
    const hit = await repos.members.get(id);
    if (!hit) throw new Error(`member ${id} is not on ${paired.deviceId}`);
    return hit.member;
  };
  /** An edit as the member card saves it: the copy on screen with the changed fields. */
  const edit = async (id: string, changes: Partial<Member>, at: number) => {
    await repos.writer.upsertMember({ member: { ...(await shown(id)), ...changes }, fields: Object.keys(changes) as (keyof Member)[], opId: uid('op'), at, deviceId: paired.deviceId });
  };
  return { repos, engine, shown, edit, deviceId: paired.deviceId, init: () => store.initCursor(paired.cursor) };
}

export async function syncAll(...ts: ReturnType<typeof tablet>[]): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (const t of ts) {
      expect(await t.engine.syncNow()).toBe(true);
      expect(t.engine.status().rejections).toEqual([]);
    }
  }
}

export async function serverMember(server: Server, token: string, id: string): Promise<Member | undefined> {
  const r = await api(server.app, token).get('/api/members');
  return r.json<{ members: { member: Member }[] }>().members.find((x) => x.member.id === id)?.member;
}

