/**
 * Runs a request in the insights worker and resolves with its answer. One worker serves every
 * request (each tagged with its id) and keeps its database open, so a second opening of the
 * dashboard or care list neither loads the worker nor opens the database again; it is ended after
 * IDLE_MS with nothing asked, so nothing stays resident while the till just sells.
 * Where the browser has no Worker (tests in jsdom), `fallback` computes the same answer in pages.
 */
import type { WorkerReply, WorkerRequest } from './worker-protocol';

type Req = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;
type Answer<K> = Extract<WorkerReply, { kind: K }>;

const IDLE_MS = 60_000;

interface Pending {
  onReply: (reply: WorkerReply) => void;
  fail: (e: Error) => void;
}

let nextId = 1;
let worker: Worker | null = null;
let idle: ReturnType<typeof setTimeout> | undefined;
const pending = new Map<number, Pending>();

function end(): void {
  worker?.terminate();
  worker = null;
}

function theWorker(): Worker {
  clearTimeout(idle);
  if (worker) return worker;
  const w = new Worker(new URL('../../app/workers/insights-worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (ev: MessageEvent<WorkerReply>) => pending.get(ev.data.id)?.onReply(ev.data);
  w.onerror = (ev) => {
    // A worker that failed answers nothing more: every request in it fails, the next starts a new one.
    if (worker === w) end();
    const error = new Error(ev.message || 'worker failed');
    for (const p of [...pending.values()]) p.fail(error);
  };
  worker = w;
  return w;
}

function settled(id: number): void {
  pending.delete(id);
  if (pending.size === 0) {
    clearTimeout(idle);
    idle = setTimeout(end, IDLE_MS);
  }
}

export function runInWorker<K extends WorkerRequest['kind']>(
  request: Extract<Req, { kind: K }>, fallback: () => Promise<Answer<K>>, onProgress?: (read: number) => void,
): Promise<Answer<K>> {
  if (typeof Worker === 'undefined') return fallback();
  const w = theWorker();
  const id = nextId++;
  return new Promise<Answer<K>>((resolve, reject) => {
    pending.set(id, {
      onReply: (reply) => {
        if (reply.kind === 'progress') {
          onProgress?.(reply.read);
          return;
        }
        settled(id);
        if (reply.kind === 'error') reject(new Error(reply.message));
        else if (reply.kind === request.kind) resolve(reply as Answer<K>);
        else reject(new Error(`Unexpected worker reply ${reply.kind}`));
      },
      fail: (e) => {
        settled(id);
        reject(e);
      },
    });
    w.postMessage({ ...request, id });
  });
}
