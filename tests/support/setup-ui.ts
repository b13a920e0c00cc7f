import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// findBy/waitFor wait up to 10 s: PIN hashing (PBKDF2) and IndexedDB work share two cores with the
// other suites in CI, and 1 s (the default) is a timing assertion in disguise.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => cleanup());
