// Poison input, fuzzed (docs/sync-protocol.md S23, S8): every mutation kind, with one value anywhere in it
// replaced (or one key added) by something hostile — NUL and lone surrogates, numbers past every range,
// deep nesting, impossible dates — never gives a 5xx, and a rejected mutation never blocks the one after
// it, nor leaves anything behind. Bounded runs: a few seconds a backend.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cents, points } from '../../src/domain/money';
import type { Mutation, PushResponse } from '../../src/sync/protocol';
import { api, backends, enroll, entry, member, orgWithDevice, pullAll, saleMutation, serverOn, T0, uid, VERSION_HEADERS, type Paired } from './support';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A value nested `n` levels deep, built without recursion. */
function nested(n: number): Json {
  let v: Json = 1;
  for (let i = 0; i < n; i++) v = i % 2 === 0 ? [v] : { k: v };
  return v;
}

const hostileString = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', 'Ann \ud83d', '\ude00\ud83d', '', ' ', 'x'.repeat(5_000), '😀', '2026-13-45', '2026-02-30', '9999-12-31', '--02-30', '__proto__'),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(-1, 0.5, 2 ** 53, 2 ** 63, -(2 ** 63), 1e308, -1e308, 8.64e15 + 1, T0 + 365 * 86_400_000, 1e13 + 1, 1e12 + 1, Number.MAX_SAFE_INTEGER),
  fc.double(), // NaN and ±Infinity travel as null
  fc.integer(),
);
const hostile: fc.Arbitrary<Json> = fc.oneof(
  hostileString, hostileNumber, fc.constantFrom<Json>(null, true, [], {}),
  fc.integer({ min: 1, max: 60 }).map(nested),
  fc.constant(JSON.parse('{"__proto__":{"admin":true}}') as Json),
);

/** A query-string value: a lone surrogate has no UTF-8 form, so it goes as the bytes a careless client would send (CESU-8, invalid UTF-8). */
function q(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += ch.length === 1 && c >= 0xd800 && c <= 0xdfff ? `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}` : encodeURIComponent(ch);
  }
  return out;
}

/** Every path to a value in `v` (objects and arrays), the root excluded. */
function paths(v: Json): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [Json, (string | number)[]][] = [[v, []]];
  while (stack.length > 0) {
    const [x, p] = stack.pop()!;
    if (p.length > 0) out.push(p);
    if (Array.isArray(x)) x.forEach((y, i) => stack.push([y, [...p, i]]));
    else if (x !== null && typeof x === 'object') for (const [k, y] of Object.entries(x)) stack.push([y, [...p, k]]);
  }
  return out;
}

/** `v` with the value at `path` replaced by `by`, or, when `addKey` is given and the value is an object, `by` added under it. */
function perturb(v: Json, path: (string | number)[], by: Json, addKey: string | null): Json {
  const copy = JSON.parse(JSON.stringify(v)) as Json;
  let parent = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  const target = parent[last];
  if (addKey !== null && target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, Json>)[addKey] = by;
  else parent[last] = by;
  return copy;
}

let phones = 0;

/** One of each mutation kind, with fresh ids, about the shop's member and their first sale. */
function templates(d: Paired, memberId: string, saleId: string): Mutation[] {
  const sale = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId, total: 1_000, earn: 10, programmeVersion: 1 });
  const coupon = { id: uid('c'), memberId, kind: 'manual' as const, percentOff: null, amountOff: cents(100), minSpend: cents(0), validFrom: '2026-06-01', validTo: '2026-12-31', issuedAt: T0, usedSaleId: null, usedAt: null };
  const retId = uid('r');
  return [
    enroll(member(d.storeId, { phone: `139${String(++phones).padStart(8, '0')}`, profile: { size: 'M' } })),
    sale,
    { kind: 'return.record', id: uid('mut'), at: T0, ret: { id: retId, saleId, memberId, storeId: d.storeId, deviceId: d.deviceId, staffId: 'staff-1', approvedBy: null, at: T0, businessDate: '2026-06-01', reason: 'resaleable', lines: [{ lineNo: 1, qty: 1, refund: cents(1_000), pointsReversed: points(10), pointsRestored: points(0) }], refund: cents(1_000), pointsReversed: points(10), pointsRestored: points(0) }, ledger: [{ ...entry(memberId, 'reversal', -10, retId, d.deviceId) }] },
    { kind: 'ledger.append', id: uid('mut'), at: T0, entries: [entry(memberId, 'bonus', 5, null, d.deviceId)] },
    { kind: 'coupon.issue', id: uid('mut'), at: T0, coupons: [coupon] },
    { kind: 'task.update', id: uid('mut'), at: T0, task: { id: uid('t'), memberId, kind: 'complaint', dueFrom: '2026-06-01', dueTo: '2026-06-08', status: 'open', outcome: null, note: '', giftCost: cents(0), doneAt: null, doneBy: null, complaint: { on: '2026-06-01', reason: 'late', at: T0, by: null } } },
    { kind: 'audit.append', id: uid('mut'), at: T0, entry: { id: uid('au'), at: T0, staffId: null, deviceId: d.deviceId, action: 'override', subjectId: null, detail: 'price' } },
  ];
}

const auditOk = (d: Paired): Mutation => {
  const id = uid('au-ok');
  return { kind: 'audit.append', id: `mut-${id}`, at: T0, entry: { id, at: T0, staffId: null, deviceId: d.deviceId, action: 'override', subjectId: null, detail: 'ok' } };
};

describe.each(backends)('poison input, fuzzed, on $name', (backend) => {
  const s = serverOn(backend);

  it('[S23][S8] no hostile mutation gives a 5xx; a rejected one leaves nothing and never blocks the next', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const m = member(d.storeId);
    const first = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: m.id, total: 1_000, earn: 10, programmeVersion: 1 });
    if (first.kind !== 'sale.record') throw new Error('not a sale');
    const setup = await api(s.app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(m) }, { seq: 2, mutation: first }]);
    expect(setup.json()).toEqual({ ackedThrough: 2, rejected: [] });
    let seq = 2;
    let cursor = (await pullAll(s.app, d.token, d.cursor)).cursor;
    await fc.assert(fc.asyncProperty(
      fc.nat({ max: 6 }), fc.nat(), hostile, fc.option(hostileString, { nil: null }),
      async (kind, at, by, addKey) => {
        const template = templates(d, m.id, first.sale.id)[kind]! as unknown as Json;
        const all = paths(template);
        const bad = perturb(template, all[at % all.length]!, by, addKey);
        const good = auditOk(d);
        const r = await api(s.app, d.token).push(d.deviceId, [{ seq: seq + 1, mutation: bad as Record<string, unknown> }, { seq: seq + 2, mutation: good }]);
        expect(r.statusCode, r.body).toBeLessThan(500);
        if (r.statusCode !== 200) {
          // Refused whole (its envelope): nothing written, and the tablet's next batch goes through.
          const alone = await api(s.app, d.token).push(d.deviceId, [{ seq: seq + 1, mutation: good }]);
          expect(alone.json()).toEqual({ ackedThrough: seq + 1, rejected: [] });
          seq += 1;
        } else {
          const body = r.json<PushResponse>();
          expect(body.ackedThrough).toBe(seq + 2);
          expect(body.rejected.map((x) => x.seq)).not.toContain(seq + 2);
          const rejectedBad = body.rejected.some((x) => x.seq === seq + 1);
          const pulled = await pullAll(s.app, d.token, cursor);
          // A rejected mutation leaves no change behind; the good one after it is applied.
          if (rejectedBad) expect(pulled.changes.map((c) => c.id)).toEqual([(good as { entry: { id: string } }).entry.id]);
          else expect(pulled.changes.map((c) => c.id)).toContain((good as { entry: { id: string } }).entry.id);
          seq += 2;
        }
        cursor = (await pullAll(s.app, d.token, cursor)).cursor;
      },
    ), { numRuns: 100 });
  });

  it('[S23] no hostile pairing, query or programme gives a 5xx', async () => {
    const d = await orgWithDevice(s.app, s.db);
    const headers = { ...VERSION_HEADERS, authorization: `Bearer ${d.token}` };
    await fc.assert(fc.asyncProperty(hostileString, hostile, async (text, value) => {
      const answers = await Promise.all([
        s.app.inject({ method: 'POST', url: '/api/pair', headers: VERSION_HEADERS, payload: { code: text, deviceName: text } }),
        s.app.inject({ method: 'POST', url: '/api/pair', headers: VERSION_HEADERS, payload: { code: '1234567890', deviceName: value } }),
        s.app.inject({ method: 'GET', url: `/api/members?after=${q(text)}`, headers }),
        s.app.inject({ method: 'GET', url: `/api/pull?cursor=${q(text)}&limit=${q(String(value))}`, headers }),
        s.app.inject({ method: 'GET', url: `/api/history?since=${q(text)}`, headers }),
        api(s.app, d.token).put('/api/programme', { staffId: d.ownerId, pin: '1234', config: { name: text, tiers: value } }),
      ]);
      for (const a of answers) expect(a.statusCode, a.body).toBeLessThan(500);
    }), { numRuns: 30 });
  });
});
