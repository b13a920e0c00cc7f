/**
 * Runs a request in the insights worker and resolves with its answer. One worker per request,
 * ended when it answers: the dashboard and the care scan are occasional, so nothing stays resident.
 * Where the browser has no Worker (tests in jsdom), `fallback` computes the same answer in pages.
 */
import type { WorkerReply, WorkerRequest } from './worker-protocol';

type Req = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;
type Answer<K> = Extract<WorkerReply, { kind: K }>;

let nextId = 1;

export function runInWorker<K extends WorkerRequest['kind']>(
  request: Extract<Req, { kind: K }>, fallback: () => Promise<Answer<K>>, onProgress?: (read: number) => void,
): Promise<Answer<K>> {
  if (typeof Worker === 'undefined') return fallback();
  const worker = new Worker(new URL('../../app/workers/insights-worker.ts', import.meta.url), { type: 'module' });
  const id = nextId++;
  return new Promise<Answer<K>>((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<WorkerReply>) => {
      const reply = ev.data;
      if (reply.id !== id) return;
      if (reply.kind === 'progress') {
        onProgress?.(reply.read);
        return;
      }
      worker.terminate();
      if (reply.kind === 'error') reject(new Error(reply.message));
      else if (reply.kind === request.kind) resolve(reply as Answer<K>);
      else reject(new Error(`Unexpected worker reply ${reply.kind}`));
    };
    worker.onerror = (ev) => {
      worker.terminate();
      reject(new Error(ev.message || 'worker failed'));
    };
    worker.postMessage({ ...request, id });
  });
}
