/**
 * A hybrid logical clock (HLC): a stamp that follows wall time but never goes backwards and
 * orders every event, even across devices whose clocks disagree a little.
 *
 * Encoding: `<wall ms, 15 digits>:<counter, 6 digits>:<node id>`. The fixed widths make the plain
 * string order equal to the clock order, so stamps compare with `<` and sort in any index.
 * Pure: the wall time and the node id are parameters.
 */

export type Hlc = string;

export interface HlcParts {
  wallMs: number;
  counter: number;
  nodeId: string;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
/** A remote stamp further ahead of our wall clock than this is refused, not adopted. */
export const DEFAULT_MAX_DRIFT_MS = 5 * 60 * 1000;

export class HlcError extends Error {
  constructor(
    readonly code: 'hlc_invalid' | 'clock_ahead' | 'counter_overflow',
    message: string,
  ) {
    super(message);
    this.name = 'HlcError';
  }
}

function checkNode(nodeId: string): void {
  if (nodeId.length === 0 || nodeId.includes(':')) {
    throw new HlcError('hlc_invalid', `A clock node id must be non-empty and contain no ':', got "${nodeId}"`);
  }
}

export function encodeHlc(p: HlcParts): Hlc {
  if (!Number.isSafeInteger(p.wallMs) || p.wallMs < 0 || p.wallMs >= 10 ** WALL_DIGITS) {
    throw new HlcError('hlc_invalid', `A clock wall time must be a whole number of ms, got ${p.wallMs}`);
  }
  if (!Number.isSafeInteger(p.counter) || p.counter < 0) {
    throw new HlcError('hlc_invalid', `A clock counter must be a whole number, got ${p.counter}`);
  }
  if (p.counter > MAX_COUNTER) {
    throw new HlcError('counter_overflow', `The clock counter passed ${MAX_COUNTER} within one millisecond`);
  }
  checkNode(p.nodeId);
  return `${String(p.wallMs).padStart(WALL_DIGITS, '0')}:${String(p.counter).padStart(COUNTER_DIGITS, '0')}:${p.nodeId}`;
}

const PATTERN = /^(\d{15}):(\d{6}):([^:]+)$/;

export function parseHlc(s: string): HlcParts {
  const m = PATTERN.exec(s);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) {
    throw new HlcError('hlc_invalid', `Not a clock stamp: "${s}"`);
  }
  return { wallMs: Number(m[1]), counter: Number(m[2]), nodeId: m[3] };
}

export function isHlc(s: unknown): s is Hlc {
  return typeof s === 'string' && PATTERN.test(s);
}

/** Orders two stamps: negative if a is earlier, positive if later, 0 if equal. */
export function compareHlc(a: Hlc, b: Hlc): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A stamp for a local event: later than `prev` and than the wall clock. */
export function hlcNow(prev: Hlc | null, wallMs: number, nodeId: string): Hlc {
  if (prev === null) return encodeHlc({ wallMs, counter: 0, nodeId });
  const p = parseHlc(prev);
  if (wallMs > p.wallMs) return encodeHlc({ wallMs, counter: 0, nodeId });
  return encodeHlc({ wallMs: p.wallMs, counter: p.counter + 1, nodeId });
}

/**
 * Checks that a stamp from elsewhere is not too far ahead of our wall clock. A device whose clock
 * is set days ahead would otherwise win every last-writer-wins merge for days.
 */
export function checkDrift(remote: Hlc, wallMs: number, maxDriftMs = DEFAULT_MAX_DRIFT_MS): void {
  const r = parseHlc(remote);
  if (r.wallMs - wallMs > maxDriftMs) {
    const ahead = Math.round((r.wallMs - wallMs) / 1000);
    throw new HlcError('clock_ahead', `A clock stamp is ${ahead} s ahead of this clock (at most ${maxDriftMs / 1000} s allowed): check the device's date and time`);
  }
}

/** Our clock after receiving a remote stamp: later than both and than the wall clock. */
export function hlcReceive(local: Hlc | null, remote: Hlc, wallMs: number, nodeId: string, maxDriftMs = DEFAULT_MAX_DRIFT_MS): Hlc {
  checkDrift(remote, wallMs, maxDriftMs);
  const r = parseHlc(remote);
  const l = local === null ? { wallMs: 0, counter: 0 } : parseHlc(local);
  const wall = Math.max(wallMs, r.wallMs, l.wallMs);
  let counter = 0;
  if (wall === l.wallMs && wall === r.wallMs) counter = Math.max(l.counter, r.counter) + 1;
  else if (wall === l.wallMs) counter = l.counter + 1;
  else if (wall === r.wallMs) counter = r.counter + 1;
  return encodeHlc({ wallMs: wall, counter, nodeId });
}
