/**
 * S6: a mutation's payload hash, to tell "the same mutation again" from "another mutation under the
 * same id". The hash is of the mutation's canonical JSON: object keys sorted (by code unit), keys
 * whose value is undefined left out, everything else as JSON.stringify writes it. Hashes are stored
 * (mutations.payload_hash) and compared with those of later pushes, so this form never changes.
 * Built by appending to one string, not by joining arrays: a push of 50 sales hashes a few thousand
 * values, under a millisecond.
 */
import { createHash } from 'node:crypto';

/** Keys repeat from one mutation to the next ("lineNo", "qty"): each is quoted once. Only short keys are
 * kept (hashing runs before the schema check, so a request could bring many long ones). */
const quotedKeys = new Map<string, string>();

function quoted(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (k.length <= 64 && quotedKeys.size < 4096) quotedKeys.set(k, q);
  }
  return q;
}

export function canonical(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      // As Array.prototype.join: an element that has no JSON form (undefined) is written as nothing.
      out += canonical(v[i]) ?? '';
    }
    return `${out}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    out += `${first ? '' : ','}${quoted(k)}:${canonical(x)}`;
    first = false;
  }
  return `${out}}`;
}

export function payloadHash(m: unknown): string {
  return createHash('sha256').update(canonical(m)).digest('hex');
}
