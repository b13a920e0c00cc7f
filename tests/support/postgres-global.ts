// Vitest global setup for the server suite: one real PostgreSQL for the whole run.
// Tests read its address with `inject('pgUrl')` and create a fresh database each.
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const pg = await startPostgres();
  project.provide('pgUrl', pg.url);
  return async () => pg.stop();
}
