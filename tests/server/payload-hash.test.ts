// S6 (docs/sync-protocol.md): a mutation's payload hash is of its canonical JSON, and hashes already
// stored must keep matching the same mutation pushed again after an upgrade.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonical, payloadHash } from '../../src/server/sync/payload-hash';

/** The canonical form as first written (session 2), the one every stored hash was made with. */
function firstForm(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(firstForm).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${firstForm(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The same value with every object's keys in reverse order. */
function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
  return v;
}

// JSON values as a push carries them, plus the undefined a caller's object may hold.
const values = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), tie('object'), tie('array')),
  object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('10', '9', '__proto__x', 'é', '')), fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 6 }),
  array: fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 5 }),
})).value;

describe('payload hash (S6)', () => {
  it('[S6] writes exactly the form the stored hashes were made with', () => {
    fc.assert(fc.property(values, (v) => { expect(canonical(v)).toBe(firstForm(v)); }), { numRuns: 2000 });
  });

  it('[S6] the same mutation hashes the same whatever order its keys arrive in', () => {
    fc.assert(fc.property(values, (v) => { expect(payloadHash(reversedKeys(v))).toBe(payloadHash(v)); }), { numRuns: 500 });
  });

  it('[S6] sorts keys at every depth and leaves out undefined', () => {
    expect(canonical({ b: 1, a: [1, 'x', null, { d: true, c: -0.5, e: undefined }], z: undefined })).toBe('{"a":[1,"x",null,{"c":-0.5,"d":true}],"b":1}');
  });

  it('[S6] tells apart two mutations that differ in one value', () => {
    const sale = { kind: 'sale.record', id: 'mut-1', sale: { id: 's-1', total: 1200, lines: [{ lineNo: 1, qty: 2 }] } };
    const other = { ...sale, sale: { ...sale.sale, lines: [{ lineNo: 1, qty: 3 }] } };
    expect(payloadHash(other)).not.toBe(payloadHash(sale));
  });
});
