// The hybrid logical clock (docs/sync-protocol.md S9).
import { describe, expect, it } from 'vitest';
import { checkDrift, compareHlc, encodeHlc, hlcNow, hlcReceive, HlcError, parseHlc, DEFAULT_MAX_DRIFT_MS } from '../../src/domain/hlc';

const T = Date.UTC(2026, 5, 1);

describe('hybrid logical clock', () => {
  it('[S9] follows the wall clock when it moves forward', () => {
    const a = hlcNow(null, T, 'dev-a');
    expect(parseHlc(a)).toEqual({ wallMs: T, counter: 0, nodeId: 'dev-a' });
    expect(parseHlc(hlcNow(a, T + 5, 'dev-a'))).toEqual({ wallMs: T + 5, counter: 0, nodeId: 'dev-a' });
  });

  it('[S9] never goes backwards when the wall clock stalls or jumps back', () => {
    const a = hlcNow(null, T, 'n');
    const b = hlcNow(a, T, 'n');
    const c = hlcNow(b, T - 60_000, 'n');
    expect(compareHlc(a, b)).toBeLessThan(0);
    expect(compareHlc(b, c)).toBeLessThan(0);
    expect(parseHlc(c)).toEqual({ wallMs: T, counter: 2, nodeId: 'n' });
  });

  it('[S9] string order is clock order, also across digit-count boundaries', () => {
    const stamps = [
      encodeHlc({ wallMs: 9, counter: 5, nodeId: 'z' }),
      encodeHlc({ wallMs: 10, counter: 0, nodeId: 'a' }),
      encodeHlc({ wallMs: 10, counter: 10, nodeId: 'a' }),
      encodeHlc({ wallMs: 10, counter: 10, nodeId: 'b' }),
      encodeHlc({ wallMs: T, counter: 0, nodeId: 'a' }),
    ];
    expect([...stamps].reverse().sort()).toEqual(stamps);
    expect(compareHlc(stamps[1] as string, stamps[1] as string)).toBe(0);
  });

  it('[S9] after receiving a remote stamp, the local clock is later than both', () => {
    const remote = encodeHlc({ wallMs: T + 1000, counter: 3, nodeId: 'r' });
    const local = hlcNow(null, T, 'l');
    const next = hlcReceive(local, remote, T, 'l');
    expect(compareHlc(next, remote)).toBeGreaterThan(0);
    expect(parseHlc(next)).toEqual({ wallMs: T + 1000, counter: 4, nodeId: 'l' });
    expect(parseHlc(hlcReceive(null, remote, T + 5000, 'l'))).toEqual({ wallMs: T + 5000, counter: 0, nodeId: 'l' });
  });

  it('[S9] refuses a stamp more than the allowed drift ahead, with a message saying so', () => {
    const ahead = encodeHlc({ wallMs: T + DEFAULT_MAX_DRIFT_MS + 1000, counter: 0, nodeId: 'r' });
    expect(() => hlcReceive(null, ahead, T, 'l')).toThrow(/ahead of this clock/);
    try {
      checkDrift(ahead, T);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HlcError);
      expect((e as HlcError).code).toBe('clock_ahead');
    }
    expect(() => checkDrift(encodeHlc({ wallMs: T + DEFAULT_MAX_DRIFT_MS, counter: 0, nodeId: 'r' }), T)).not.toThrow();
  });

  it('[S9] refuses malformed stamps and node ids', () => {
    expect(() => parseHlc('2026-06-01T00:00:00Z')).toThrow(/Not a clock stamp/);
    expect(() => hlcNow(null, T, 'a:b')).toThrow(/node id/);
    expect(() => hlcNow(null, 1.5, 'a')).toThrow(/whole number/);
  });
});
