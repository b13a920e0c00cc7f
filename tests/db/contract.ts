// One contract for every implementation of the repositories (Dexie and in-memory): the same cases,
// the same expected answers. Run by tests/db/dexie.test.ts and tests/db/memory.test.ts.
import { afterEach, beforeEach } from 'vitest';
import type { Repositories } from '../../src/db/repositories';
import { memberContract } from './contract-members';
import { writerContract } from './contract-writer';
import { catalogContract } from './contract-catalog';
import { propertyContract } from './contract-properties';
import { careWriterContract } from './contract-care-writer';
import { couponContract } from './contract-coupons';

export interface Harness {
  repos: Repositories;
  /** The next write to `table` fails with `error`, as the storage engine would fail it. */
  failNextWrite(table: string, error: unknown): void;
  /** The same data seen by a fresh instance, as after closing and reopening the app. */
  reopen(): Promise<Repositories>;
  close(): Promise<void>;
}

export type HarnessFactory = () => Promise<Harness>;

/** Gives each test a fresh, empty store. */
export function useHarness(make: HarnessFactory): { readonly h: Harness; readonly r: Repositories } {
  let current: Harness | null = null;
  beforeEach(async () => { current = await make(); });
  afterEach(async () => { await current?.close(); current = null; });
  const get = (): Harness => {
    if (!current) throw new Error('no harness outside a test');
    return current;
  };
  return { get h() { return get(); }, get r() { return get().repos; } };
}

export function repositoryContract(make: HarnessFactory): void {
  memberContract(make);
  writerContract(make);
  catalogContract(make);
  propertyContract(make);
  careWriterContract(make);
  couponContract(make);
}
