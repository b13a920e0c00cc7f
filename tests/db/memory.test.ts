// The repository contract against the in-memory twin.
import { describe } from 'vitest';
import { createMemoryRepositories } from '../../src/db/memory-repositories';
import { MemoryStore } from '../../src/db/memory-store';
import { repositoryContract } from './contract';

describe('in-memory repositories', () => {
  repositoryContract(async () => {
    const store = new MemoryStore();
    return {
      repos: createMemoryRepositories(store),
      failNextWrite: (table, error) => store.failNextWrite(table, error),
      reopen: async () => createMemoryRepositories(store),
      close: async () => {},
    };
  });
});
