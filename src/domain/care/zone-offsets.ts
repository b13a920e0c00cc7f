/**
 * The store-local day of an instant, fast: `Intl` is asked for the zone's UTC offset at a few
 * probe instants and the spans of constant offset are remembered, so the care list and the
 * insights can turn 100 000 purchase instants into local days without 100 000 Intl calls.
 * Always the same answer as `localDate` in time.ts (a property test compares them).
 */
import type { Instant } from '../records';

const DAY_MS = 86_400_000;
const PROBES = 16; // days either side of a new instant that one span may cover
const MAX_ZONES = 8;

/** [from, to): instants in this span have `offset` ms added to reach local wall time. */
interface Span { from: Instant; to: Instant; offset: number }

const spansByZone = new Map<string, Span[]>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetAt(at: Instant, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

/** The first instant in (lo, hi] without `offset` (lo has it, hi does not), to the millisecond. */
function edge(lo: Instant, hi: Instant, offset: number, timeZone: string): Instant {
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(mid, timeZone) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

function findSpan(spans: readonly Span[], at: Instant): Span | undefined {
  let lo = 0, hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid];
    if (s === undefined) return undefined;
    if (at < s.from) hi = mid - 1;
    else if (at >= s.to) lo = mid + 1;
    else return s;
  }
  return undefined;
}

function newSpan(at: Instant, timeZone: string): Span {
  const offset = offsetAt(at, timeZone);
  let from = at, to = at + 1;
  // Offsets change at most a few times a year and never twice within a day: probing daily is safe.
  for (let k = 1; k <= PROBES; k++) {
    const probe = at - k * DAY_MS;
    if (offsetAt(probe, timeZone) !== offset) { from = edge(probe, from, offsetAt(probe, timeZone), timeZone); break; }
    from = probe;
  }
  for (let k = 1; k <= PROBES; k++) {
    const probe = at + k * DAY_MS;
    if (offsetAt(probe, timeZone) !== offset) { to = edge(to - 1, probe, offset, timeZone); break; }
    to = probe;
  }
  return { from, to, offset };
}

/** Days since 1970-01-01 of the local date of `at` in `timeZone`. */
export function localDayNumber(at: Instant, timeZone: string): number {
  let spans = spansByZone.get(timeZone);
  if (!spans) {
    if (spansByZone.size >= MAX_ZONES) spansByZone.clear();
    spans = [];
    spansByZone.set(timeZone, spans);
  }
  let span = findSpan(spans, at);
  if (!span) {
    const s = newSpan(at, timeZone);
    // Keep spans sorted and disjoint: trim the new one against its neighbours.
    for (const other of spans) {
      if (other.from <= s.from && other.to > s.from) s.from = other.to;
      if (other.from < s.to && other.to >= s.to) s.to = other.from;
    }
    if (s.from < s.to) {
      spans.push(s);
      spans.sort((a, b) => a.from - b.from);
    }
    span = at >= s.from && at < s.to ? s : { from: at, to: at + 1, offset: offsetAt(at, timeZone) };
  }
  return Math.floor((at + span.offset) / DAY_MS);
}
