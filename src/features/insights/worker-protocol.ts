/**
 * Messages between the screens and the insights worker (src/app/workers/insights-worker.ts). The
 * worker opens the same IndexedDB database by name and reads it in pages, so nothing heavy runs on
 * the till's thread. Requests carry an `id`; the worker answers each with progress, then a result or an error.
 */
import type { CareQuery } from '../../domain/care/query-plan';
import type { CareSettings } from '../../domain/care/settings';
import type { Id } from '../../domain/records';
import type { InsightsParams, InsightsResult } from './compute-insights';
import type { MemberPage, MemberQuery } from '../members/member-filter';

export type WorkerRequest =
  | { id: number; kind: 'care-scan'; dbName: string; queries: CareQuery[]; settings: CareSettings }
  | { id: number; kind: 'insights'; dbName: string; params: InsightsParams }
  | { id: number; kind: 'members'; dbName: string; query: MemberQuery };

export type WorkerReply =
  | { id: number; kind: 'progress'; read: number }
  | { id: number; kind: 'care-scan'; ids: Id[] }
  | { id: number; kind: 'insights'; result: InsightsResult; timings?: Record<string, number> }
  | { id: number; kind: 'members'; page: MemberPage }
  | { id: number; kind: 'error'; message: string };
