// Vitest global setup for the e2e suite. Issue #3's harness fills this in: serve dist/ (with the
// sync server once it exists) on a free loopback port and provide its address to the tests.
import type { TestProject } from 'vitest/node';

export default async function setup(_project: TestProject) {
  return async () => {};
}
