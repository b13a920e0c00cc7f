// Unit suites use fake-indexeddb for Dexie; the real browser is exercised by the e2e suite.
import 'fake-indexeddb/auto';
