// The repository contract against Dexie on fake-indexeddb, with a DBCore middleware to inject failures.
import type { DBCore, Middleware } from 'dexie';
import { describe } from 'vitest';
import { RegularsDb } from '../../src/db/database';
import { createDexieRepositories } from '../../src/db/dexie-repositories';
import { repositoryContract } from './contract';

type Fault = { table: string; error: unknown };

/** Makes the next mutation of a table reject, the way IndexedDB rejects a write (quota, I/O). */
function faults(list: Fault[]): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'test-faults',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => {
            const i = list.findIndex((f) => f.table === name);
            if (i < 0) return table.mutate(req);
            const [fault] = list.splice(i, 1);
            return Promise.reject(fault?.error);
          },
        };
      },
    }),
  };
}

let n = 0;

describe('Dexie repositories', () => {
  repositoryContract(async () => {
    const name = `contract-${++n}`;
    const list: Fault[] = [];
    const open = () => new RegularsDb(name).use(faults(list));
    let db = open() as RegularsDb;
    return {
      repos: createDexieRepositories(db),
      failNextWrite: (table, error) => { list.push({ table, error }); },
      reopen: async () => {
        db.close();
        db = open() as RegularsDb;
        return createDexieRepositories(db);
      },
      close: async () => { await db.delete(); },
    };
  });
});
