/**
 * The shop's network between the tablets and the server, shared by every tablet of a run:
 *  - `delay` is real: a delayed request waits (its caller still waiting for the answer) until a later
 *    request, of any tablet, has been answered, or the run lets it go; so it reaches the server after
 *    requests sent after it, and its answer comes after theirs.
 *  - it counts pushes that reached the server while another was there, so a run shows its pushers overlapped;
 *  - `crashNextPush`: the next push is applied, then the server process dies before it answers
 *    (the answer is lost, the server is started again on the same database).
 */
import { TransportError, type SyncRequest, type SyncResponse, type Transport } from '../../../src/sync/transport';
import type { SimServer } from './server';

export class Network {
  private readonly waiting: (() => void)[] = [];
  private pushing = 0;
  /** Pushes that reached the server while another tablet's push was there. */
  overlappingPushes = 0;
  /** Delayed requests that went on only after a later request was answered. */
  overtaken = 0;
  crashNextPush = false;
  serverCrashes = 0;

  constructor(readonly server: SimServer) {}

  /** The server process dies between requests and starts again on the same database. */
  async restartServer(): Promise<void> {
    this.serverCrashes++;
    await this.server.restart();
  }

  /** The faulty transport's delay: resolves once a later request has been answered, or on `release`. */
  readonly delay = (): Promise<void> => new Promise<void>((resolve) => { this.waiting.push(resolve); });

  get delayed(): number {
    return this.waiting.length;
  }

  /** Lets the oldest delayed request (or all of them) go on to the server. */
  release(all = false): void {
    do this.waiting.shift()?.();
    while (all && this.waiting.length > 0);
  }

  /** The link to the server under one tablet's faulty transport. */
  link(inner: Transport): Transport {
    return {
      send: async (req: SyncRequest): Promise<SyncResponse> => {
        const push = req.path === '/api/push';
        if (push && this.pushing > 0) this.overlappingPushes++;
        if (push) this.pushing++;
        try {
          const crash = this.crashNextPush && push;
          if (crash) this.crashNextPush = false;
          const res = await inner.send(req);
          if (crash) {
            await this.restartServer();
            throw new TransportError('the server died after applying the push, before answering', 'dropped');
          }
          return res;
        } finally {
          if (push) this.pushing--;
          // A request sent later has been answered: the oldest delayed one may go now.
          if (this.waiting.length > 0) this.overtaken++;
          this.release();
        }
      },
    };
  }
}
