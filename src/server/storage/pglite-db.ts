/**
 * Db over an embedded PGlite (PostgreSQL compiled to WASM) in a data directory, or in memory when
 * none is given. PGlite runs one connection: transactions are serialised by PGlite itself.
 */
import { PGlite } from '@electric-sql/pglite';
import { LOCK_ORG_SQL, type Db, type Queryable, type Row } from './db';

function wrap(q: { query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> }): Queryable {
  return {
    async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
      const r = await q.query<T>(sql, params ?? []);
      return r.rows;
    },
  };
}

export interface PgliteDb extends Db {
  readonly pglite: PGlite;
  /** A gzipped tarball of the data directory, consistent with every committed transaction. */
  dump(): Promise<Blob>;
}

export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<PgliteDb> {
  const pglite = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(loadDataDir ? { loadDataDir } : {}) });
  const base = wrap(pglite);
  return {
    kind: 'pglite',
    pglite,
    query: base.query,
    transaction: (fn, options) => pglite.transaction(async (tx) => {
      const q = wrap(tx);
      if (options?.lockOrg !== undefined && (await q.query(LOCK_ORG_SQL, [options.lockOrg])).length !== 1) {
        throw new Error(`organisation ${options.lockOrg} not found`);
      }
      return fn(q);
    }),
    close: () => pglite.close(),
    dump: () => pglite.dumpDataDir('gzip'),
  };
}
