/**
 * What the screens are given from outside: the repositories (Dexie in the app, the same on
 * fake-indexeddb in tests), the clock and the id maker. Passing them in keeps Date.now and random
 * ids out of the code the tests check, and lets a test set "today".
 */
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { RegularsDb } from '../db/database';
import type { MemberSpendRepository } from '../db/member-spend';
import type { Repositories } from '../db/repositories';
import type { SyncRuntime } from './sync/sync-runtime';

export interface Services {
  repos: Repositories;
  /** The open Dexie database itself, for the few screens that work on whole tables (backup/restore). */
  db?: RegularsDb;
  now: () => number;
  newId: () => string;
  /** The tier-window spend reader; defaults to the Dexie one over `db` (src/db/member-spend.ts). */
  memberSpend?: MemberSpendRepository;
  /** Present when the app runs with sync (main.tsx): pairing, the engine, the database switch. */
  sync?: SyncRuntime;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}
