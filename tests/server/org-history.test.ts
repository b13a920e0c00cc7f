// C-S18: the past of a late-paired tablet (docs/sync-protocol.md): each member's purchases and the
// organisation's sales and points flow from before its pairing cursor. Run against PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import type { LedgerEntry, LocalDate, Sale, SaleReturn } from '../../src/domain/records';
import { cents, points } from '../../src/domain/money';
import { hlcNow } from '../../src/domain/hlc';
import type { BootstrapMember, Mutation, OrgHistory, MembersPage } from '../../src/sync/protocol';
import { api, backends, enroll, entry, member, orgWithDevice, pairAnother, pullAll, saleMutation, T0, uid, serverOn } from './support';

const MIN = 60_000;
const DAY = 86_400_000;
/** T0 (2026-06-01 10:00 UTC) is a whole number of 15-minute slots; the slots below are counted from it. */
const SLOT0 = T0 / (15 * MIN);

/** The server's clock: after the shop's last sale (S23 rejects a sale more than a day ahead of it). */
const NOW = T0 + 5 * DAY;

describe.each(backends)('C-S18 history on $name', (backend) => {
  const server = serverOn(backend, NOW);

  /** The shop before and after a second tablet pairs; the figures each test expects are worked out by hand from it. */
  async function shop() {
    const d = await orgWithDevice(server.app, server.db, 'Shop', NOW);
    let seq = 0;
    const push = async (muts: Mutation[]) => {
      const r = await api(server.app, d.token).push(d.deviceId, muts.map((mutation) => ({ seq: ++seq, mutation })));
      expect(r.statusCode).toBe(200);
      expect(r.json<{ rejected: unknown[] }>().rejected).toEqual([]);
    };
    const sale = (memberId: string | null, total: number, day: LocalDate, at: number, p: { earn?: number; redeem?: number } = {}) => {
      const m = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId, total, at, ...p }) as Extract<Mutation, { kind: 'sale.record' }>;
      return { ...m, sale: { ...m.sale, businessDate: day }, ledger: m.ledger.map((e) => ({ ...e, at })) };
    };
    const ret = (s: Sale, refund: number, at: number, ledger: { points: number; reason: string }[] = []): Mutation => {
      const id = uid('ret');
      const reversed = ledger.filter((e) => e.points < 0).reduce((a, e) => a - e.points, 0);
      const restored = ledger.filter((e) => e.points > 0).reduce((a, e) => a + e.points, 0);
      const r: SaleReturn = {
        id, saleId: s.id, memberId: s.memberId, storeId: d.storeId, deviceId: d.deviceId, staffId: 'staff-1', approvedBy: null, at,
        businessDate: s.businessDate, reason: 'resaleable', lines: [{ lineNo: 1, qty: 1, refund: cents(refund), pointsReversed: points(reversed), pointsRestored: points(restored) }],
        refund: cents(refund), pointsReversed: points(reversed), pointsRestored: points(restored),
      };
      const entries = ledger.map((e) => entryOf(s.memberId ?? '', 'reversal', e.points, at, e.reason, id));
      return { kind: 'return.record', id: uid('mut'), at, ret: r, ledger: entries };
    };
    const entryOf = (memberId: string, kind: LedgerEntry['kind'], pts: number, at: number, reason: string, sourceId: string | null = null): LedgerEntry =>
      ({ id: uid('le'), memberId, kind, points: points(pts), at, sourceId, reason, note: '',
        staffId: kind === 'bonus' || kind === 'adjustment' ? d.ownerId : null, deviceId: d.deviceId, expiresOn: null }); // S22: by hand, the owner
    const append = (entries: LedgerEntry[]): Mutation => ({ kind: 'ledger.append', id: uid('mut'), at: T0, entries });

    const m1 = member(d.storeId, { phone: '13900000001' });
    const m2 = member(d.storeId, { phone: '13900000002' });
    const m3 = member(d.storeId, { phone: '13900000003' });
    const m4 = member(d.storeId, { phone: '13900000004' });
    // m6 enrols later and, given m5's phone, is merged into m5 (S11) before the pairing: its sale goes with m5.
    const m5 = member(d.storeId, { phone: '13900000005', enrolledAt: T0 - 2 * DAY });
    const m6 = member(d.storeId, { phone: '13900000006' });
    await push([enroll(m1), enroll(m2), enroll(m3), enroll(m4), enroll(m5), enroll(m6)]);

    // ---- Before the second tablet pairs ----
    const s1 = sale(m1.id, 10_000, '2026-06-01', T0, { earn: 100 });
    const s1b = sale(m1.id, 2_000, '2026-06-01', T0 + 1 * MIN);
    const w1 = sale(null, 3_000, '2026-06-01', T0 + 2 * MIN);
    const s2 = sale(m1.id, 5_000, '2026-06-02', T0 + DAY, { redeem: 200 });
    const s3 = sale(m2.id, 8_000, '2026-06-02', T0 + DAY + 5 * MIN, { earn: 80 });
    const w2 = sale(null, 2_000, '2026-06-02', T0 + DAY + 6 * MIN);
    const s6 = sale(m6.id, 1_800, '2026-06-02', T0 + DAY + 7 * MIN);
    const s4 = sale(m1.id, 4_000, '2026-06-03', T0 + 2 * DAY, { earn: 40 });
    const w3 = sale(null, 1_500, '2026-06-03', T0 + 2 * DAY + 3 * MIN);
    const w5 = sale(null, 1_200, '2026-06-05', T0 + 4 * DAY);
    await push([s1, s1b, w1, s2, s3, w2, s6, s4, w3, w5]);
    await push([
      ret(s1.sale, 2_500, T0 + DAY + 20 * MIN, [{ points: -25, reason: 'return.earn' }]), // partial
      ret(s3.sale, 8_000, T0 + DAY + 25 * MIN, [{ points: -80, reason: 'return.earn' }]), // in full
      ret(w2.sale, 2_000, T0 + 2 * DAY), // a walk-in sale, in full
      ret(s2.sale, 1_000, T0 + 2 * DAY + 1 * MIN, [{ points: 40, reason: 'return.redeem' }]), // partial, redeemed points given back
      ret(w5.sale, 1_200, T0 + 4 * DAY), // the only sale of 2026-06-05, in full
      append([
        entryOf(m1.id, 'bonus', 50, T0 + 10 * MIN, 'birthday'),
        entryOf(m1.id, 'expiry', -30, T0 + 2 * DAY + 16 * MIN, 'expiry'),
        entryOf(m1.id, 'adjustment', -10, T0 + 2 * DAY + 16 * MIN, 'manual'),
        // Nets to nothing in its slot: the slot is left out.
        entryOf(m4.id, 'bonus', 20, T0 + 75 * 60 * MIN, 'review'),
        entryOf(m4.id, 'reversal', -20, T0 + 75 * 60 * MIN, 'return.earn'),
      ]),
    ]);
    const stamp = hlcNow(m6.clock.phone ?? null, T0, 'dev');
    await push([{ kind: 'member.upsert', id: uid('mu'), at: T0, member: { ...m6, phone: m5.phone, clock: { ...m6.clock, phone: stamp } }, fields: ['phone'] }]);

    const b = await pairAnother(server.app, server.db, d.storeId, NOW);

    // ---- After it paired: the new tablet pulls all of these ----
    const s5 = sale(m1.id, 7_000, '2026-06-03', T0 + 2 * DAY + 2 * MIN, { earn: 70 });
    const s7 = sale(m3.id, 6_000, '2026-06-04', T0 + 3 * DAY, { earn: 60 });
    const w4 = sale(null, 900, '2026-06-04', T0 + 3 * DAY + MIN);
    await push([s5, s7, w4]);
    await push([
      ret(s4.sale, 4_000, T0 + 2 * DAY + 17 * MIN, [{ points: -40, reason: 'return.earn' }]), // refunds a past sale in full: not subtracted
      append([entryOf(m2.id, 'bonus', 500, T0 + 5 * MIN, 'manual')]),
    ]);
    return { d, b, m: { m1, m2, m3, m4, m5, m6 } };
  }

  async function allMembers(token: string, query: string): Promise<BootstrapMember[]> {
    const out: BootstrapMember[] = [];
    let after = '';
    for (;;) {
      const r = await api(server.app, token).get(`/api/members?after=${encodeURIComponent(after)}&limit=2${query}`);
      expect(r.statusCode).toBe(200);
      const page = r.json<MembersPage>();
      out.push(...page.members);
      after = page.after;
      if (!page.more) return out;
    }
  }

  it('[C-S18] each member carries the purchases from before the cursor: every sale a visit, a sale refunded in full no purchase', async () => {
    const { b, m } = await shop();
    const members = await allMembers(b.token, `&since=${b.cursor}`);
    const past = Object.fromEntries(members.map((x) => [x.member.id, x.past]));
    // m1: s1 and s1b on 06-01, s2 on 06-02, s4 on 06-03 (its return came after the cursor); s5 came after it.
    // [C-S20] with each day's spend net of past returns (s1 10,000 − 2,500 + s1b 2,000; s2 5,000 − 1,000) and its largest sale.
    expect(past[m.m1.id]).toEqual({
      bought: { '2026-06-01': 2, '2026-06-02': 1, '2026-06-03': 1 }, visits: { '2026-06-01': 2, '2026-06-02': 1, '2026-06-03': 1 },
      spend: { '2026-06-01': 9_500, '2026-06-02': 4_000, '2026-06-03': 4_000 }, largest: { '2026-06-01': 7_500, '2026-06-02': 4_000, '2026-06-03': 4_000 },
    });
    // m2: s3, refunded in full before the cursor: a visit, not a purchase.
    expect(past[m.m2.id]).toEqual({ bought: {}, visits: { '2026-06-02': 1 }, spend: {}, largest: {} });
    // m6's sale was re-pointed to m5 by the merge, before the cursor.
    expect(past[m.m5.id]).toEqual({ bought: { '2026-06-02': 1 }, visits: { '2026-06-02': 1 }, spend: { '2026-06-02': 1_800 }, largest: { '2026-06-02': 1_800 } });
    // m3 bought only after the cursor, m4 never, m6 was merged: no `past` key at all.
    for (const id of [m.m3.id, m.m4.id, m.m6.id]) expect(members.find((x) => x.member.id === id)).not.toHaveProperty('past');
    expect(members).toHaveLength(6);
  });

  it('[C-S18] without since the page has no past, as before', async () => {
    const { b } = await shop();
    const members = await allMembers(b.token, '');
    expect(members.filter((x) => 'past' in x)).toEqual([]);
    expect(members.every((x) => Object.keys(x).join() === 'member,stats')).toBe(true);
  });

  it('[C-S18] history: past sales per day net of past returns, and the points flow per 15-minute slot', async () => {
    const { b } = await shop();
    const r = await api(server.app, b.token).get(`/api/history?since=${b.cursor}`);
    expect(r.statusCode).toBe(200);
    expect(r.json<OrgHistory>()).toEqual({
      since: b.cursor,
      sales: [
        // s1 10,000 − 2,500 and s1b 2,000; walk-in w1 3,000.
        { day: '2026-06-01', memberSales: 2, memberNet: 9_500, walkInSales: 1, walkInNet: 3_000 },
        // s2 5,000 − 1,000 and m6's s6 1,800; s3 and w2 refunded in full count not at all.
        { day: '2026-06-02', memberSales: 2, memberNet: 5_800, walkInSales: 0, walkInNet: 0 },
        // s4 4,000 (its return is after the cursor); w3 1,500; s5 is after the cursor.
        { day: '2026-06-03', memberSales: 1, memberNet: 4_000, walkInSales: 1, walkInNet: 1_500 },
        // 06-04 had only sales after the cursor, 06-05 only w5, refunded in full: both left out.
      ],
      points: [
        // s1 earned 100, the birthday bonus 50 (the bonus of 500 after the cursor is left out).
        { slot: SLOT0, issued: 150, redeemed: 0, expired: 0, other: 0 },
        // s2 redeemed 200, s3 earned 80.
        { slot: SLOT0 + 96, issued: 80, redeemed: 200, expired: 0, other: 0 },
        // The returns of s1 and s3 took back 25 and 80 earned points: issued goes down.
        { slot: SLOT0 + 97, issued: -105, redeemed: 0, expired: 0, other: 0 },
        // s4 earned 40; s2's return gave back 40 redeemed points (s5's 70, after the cursor, left out).
        { slot: SLOT0 + 192, issued: 40, redeemed: -40, expired: 0, other: 0 },
        // 30 expired, a manual adjustment of −10 (s4's return, after the cursor, left out).
        { slot: SLOT0 + 193, issued: 0, redeemed: 0, expired: 30, other: 10 },
        // Slot SLOT0 + 300: +20 and its reversal −20, nothing: left out.
      ],
    });
  });

  it('[C-S18] a cursor beyond the last change makes everything past', async () => {
    const { b, m } = await shop();
    const h = (await api(server.app, b.token).get('/api/history?since=999999999')).json<OrgHistory>();
    // Now s5 and s4's return are past too: s4 refunded in full drops out, s5 7,000 counts on 06-03;
    // s7 6,000 and w4 900 make 06-04.
    expect(h.sales.find((x) => x.day === '2026-06-03')).toEqual({ day: '2026-06-03', memberSales: 1, memberNet: 7_000, walkInSales: 1, walkInNet: 1_500 });
    expect(h.sales.find((x) => x.day === '2026-06-04')).toEqual({ day: '2026-06-04', memberSales: 1, memberNet: 6_000, walkInSales: 1, walkInNet: 900 });
    const members = await allMembers(b.token, '&since=999999999');
    expect(members.find((x) => x.member.id === m.m3.id)?.past).toEqual({ bought: { '2026-06-04': 1 }, visits: { '2026-06-04': 1 }, spend: { '2026-06-04': 6_000 }, largest: { '2026-06-04': 6_000 } });
  });

  it('[C-S20] a referrer carries their past referral rewards: points net of take-backs, and the sales rewarded', async () => {
    const d = await orgWithDevice(server.app, server.db, 'Shop', NOW);
    const referrer = member(d.storeId, { phone: '13900000009' });
    const friend = member(d.storeId, { phone: '13900000010', referredBy: referrer.id });
    const reward = (pts: number, sourceId: string, kind: LedgerEntry['kind'] = 'referral', reason = 'referral'): LedgerEntry =>
      ({ ...entry(referrer.id, kind, pts, sourceId, d.deviceId), reason });
    // As the till books a reward: on the sale, which says it (sync-protocol S22).
    const rewarded = (total: number, pts: number): Mutation => {
      const s = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: friend.id, total });
      if (s.kind !== 'sale.record') throw new Error('not a sale');
      return { ...s, sale: { ...s.sale, referrerId: referrer.id, referralPoints: points(pts) }, ledger: [...s.ledger, reward(pts, s.sale.id)] };
    };
    const s1 = rewarded(20_000, 200);
    const s2 = rewarded(10_000, 100);
    const saleId = (m: Mutation) => (m.kind === 'sale.record' ? m.sale.id : '');
    const append = (entries: LedgerEntry[]): Mutation => ({ kind: 'ledger.append', id: uid('mut'), at: T0, entries });
    const push = async (from: number, muts: Mutation[]) => {
      const r = await api(server.app, d.token).push(d.deviceId, muts.map((mutation, i) => ({ seq: from + i, mutation })));
      expect(r.json<{ rejected: unknown[] }>().rejected).toEqual([]);
    };
    // Before pairing: 200 and 100 points for two sales, 50 taken back by a return of the first.
    await push(1, [enroll(referrer), enroll(friend), s1, s2, append([reward(-50, saleId(s1), 'reversal')])]);
    const b = await pairAnother(server.app, server.db, d.storeId, NOW);
    // After pairing: the tablet pulls this one.
    await push(6, [rewarded(7_000, 70)]);
    const members = await allMembers(b.token, `&since=${b.cursor}`);
    expect(members.find((x) => x.member.id === referrer.id)?.past).toEqual({ bought: {}, visits: {}, spend: {}, largest: {}, referral: { points: 250, sales: 2 } });
    expect(members.find((x) => x.member.id === friend.id)?.past).not.toHaveProperty('referral');
  });

  it('[C-S18] a merge after the cursor re-sends the loser\'s sales through the feed: they are pulled, not past', async () => {
    const d = await orgWithDevice(server.app, server.db, 'Shop', NOW);
    const early = member(d.storeId, { phone: '13900000007', enrolledAt: T0 - DAY });
    const late = member(d.storeId, { phone: '13900000008' });
    const s = saleMutation({ storeId: d.storeId, deviceId: d.deviceId, memberId: late.id, total: 3_000 });
    await api(server.app, d.token).push(d.deviceId, [{ seq: 1, mutation: enroll(early) }, { seq: 2, mutation: enroll(late) }, { seq: 3, mutation: s }]);
    const b = await pairAnother(server.app, server.db, d.storeId, NOW);
    const phone = hlcNow(late.clock.phone ?? null, T0, 'dev');
    await api(server.app, d.token).push(d.deviceId, [{ seq: 4, mutation: { kind: 'member.upsert', id: uid('mu'), at: T0, member: { ...late, phone: early.phone, clock: { ...late.clock, phone } }, fields: ['phone'] } }]);
    const members = await allMembers(b.token, `&since=${b.cursor}`);
    expect(members.filter((x) => 'past' in x)).toEqual([]);
    expect((await api(server.app, b.token).get(`/api/history?since=${b.cursor}`)).json<OrgHistory>().sales).toEqual([]);
    const pulled = await pullAll(server.app, b.token, b.cursor);
    expect(pulled.changes.filter((c) => c.entity === 'sale').map((c) => c.data.memberId)).toEqual([early.id]);
  });

  it('[C-S18] a malformed since is refused with 400 and the usual error body', async () => {
    const { b } = await shop();
    for (const url of ['/api/history?since=abc', '/api/history', '/api/history?since=-1', '/api/members?since=1e3']) {
      const r = await api(server.app, b.token).get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json(), url).toMatchObject({ code: 'invalid_request', message: expect.any(String) });
    }
  });
});
