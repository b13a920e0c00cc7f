/**
 * Seeded, realistic benchmark data: members with Chinese names (common surnames and given names)
 * and Latin names, 11-digit mainland mobile numbers, card numbers and birthdays, with sales and
 * ledger entries in proportion. Everything is a pure function of (seed, index), so a store can be
 * filled in chunks without holding every member at once, and a query can be made for any member.
 * Search keys come from the engine itself (nameKey, pinyin initials, card numbers), so the data
 * is exactly what the till would have written.
 */
import { hanInitial, pinyinInitials } from '../src/domain/pinyin';
import { makeCardNo, nameKey } from '../src/domain/search-keys';
import type { LedgerEntry, Member, MemberQuery, MemberStats, Sale } from '../src/domain/records';
import type { Cents, Points } from '../src/domain/money';

/** The most common surnames, roughly in order of frequency (so earlier ones are drawn more). */
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉玲红云飞鹏鑫宇浩然欣怡梓涵子轩雨萱一诺博文晨佳琪思源嘉豪志明春梅海燕小龙晓东丹婷倩颖慧敏家乐俊杰佳怡宏亮'];
const LATIN_FIRST = ['Zoe', 'Amy', 'Kevin', 'Lily', 'Jason', 'Emma', 'David', 'Grace', 'Leo', 'Nina', 'Tony', 'Coco', 'Mia', 'Ryan', 'Ivy', 'Eric'];
const LATIN_LAST = ['Smith', 'Wang', 'Chan', 'Lee', 'Brown', 'Li', 'Wong', 'Taylor', 'Ng', 'Martin', 'Lau', 'Chen'];
const PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '158', '159', '166', '176', '177', '180', '181', '186', '187', '188', '189', '198', '199'];

export const STORE_ID = 'store-bench';
export const DEVICE_ID = 'device-bench';
export const START_AT = Date.UTC(2023, 0, 1);
const DAY = 86_400_000;

/** A 32-bit integer hash of (seed, i, salt): independent streams without keeping generator state. */
export function hash32(seed: number, i: number, salt: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h >>> 0;
}

/** mulberry32: a small seeded generator for the benchmark's own draws (queries, carts). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Skewed towards the front of a list, like real surname frequencies. */
function skewed<T>(list: readonly T[], u: number): T {
  const v = list[Math.floor(u * u * list.length)];
  if (v === undefined) throw new Error('empty list');
  return v;
}

const initialCache = new Map<string, string>();
function cached(key: string, make: () => string): string {
  let v = initialCache.get(key);
  if (v === undefined) {
    v = make();
    initialCache.set(key, v);
  }
  return v;
}

/** Unique 8-digit tail per index: an odd multiplier is a bijection modulo 10^8. */
function phoneOf(seed: number, i: number): string {
  const prefix = PREFIXES[i % PREFIXES.length] ?? '138';
  const k = Math.floor(i / PREFIXES.length);
  const tail = (k * 48_271 + (seed % 1000) * 7_919 + 12_345_679) % 100_000_000;
  return `${prefix}${String(tail).padStart(8, '0')}`;
}

export function memberName(seed: number, i: number): { name: string; initials: string } {
  const u = (salt: number) => hash32(seed, i, salt) / 4294967296;
  if (u(1) < 0.18) {
    const name = `${skewed(LATIN_FIRST, u(2))} ${skewed(LATIN_LAST, u(3))}`;
    return { name, initials: cached(name, () => pinyinInitials(name)) };
  }
  const surname = skewed(SURNAMES, u(2));
  const given = u(4) < 0.7 ? [skewed(GIVEN, u(5)), skewed(GIVEN, u(6))] : [skewed(GIVEN, u(5))];
  // Same result as pinyinInitials(name), cached per character: the generator fills a million rows.
  const initials = cached(`s:${surname}`, () => pinyinInitials(surname)) + given.map((g) => cached(`g:${g}`, () => hanInitial(g))).join('');
  return { name: surname + given.join(''), initials };
}

export function memberId(i: number): string {
  return `m-${String(i).padStart(8, '0')}`;
}

export function makeMember(seed: number, i: number): Member {
  const { name, initials } = memberName(seed, i);
  const enrolledAt = START_AT + (hash32(seed, i, 7) % 1000) * DAY;
  const year = 1950 + (hash32(seed, i, 8) % 56);
  const month = 1 + (hash32(seed, i, 9) % 12);
  const day = 1 + (hash32(seed, i, 10) % 28);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    id: memberId(i), cardNo: makeCardNo(i + 1), phone: phoneOf(seed, i), name, nameKey: nameKey(name), initials,
    birthday: hash32(seed, i, 11) % 5 === 0 ? null : `${year}-${pad(month)}-${pad(day)}`,
    wechat: null, enrolledAt, enrolledOn: new Date(enrolledAt).toISOString().slice(0, 10), enrolledStoreId: STORE_ID,
    enrolledBy: null, referredBy: null, consentAt: enrolledAt, doNotDisturb: false, notes: '', profile: {},
    mergedInto: null, clock: {},
  };
}

export function makeStats(seed: number, i: number, salesPerMember: number): MemberStats {
  return {
    memberId: memberId(i), points: (hash32(seed, i, 12) % 5000) as Points, pendingPoints: 0 as Points,
    lifetimeSpend: (hash32(seed, i, 13) % 2_000_000) as Cents, visits: salesPerMember,
    firstPurchaseAt: START_AT, lastPurchaseAt: START_AT + 900 * DAY, tierId: null, tierSince: null,
  };
}

/** The k-th sale of member i, with two lines, and its ledger entries (earn, sometimes redeem). */
export function makeSale(seed: number, i: number, k: number, idPrefix = 's'): { sale: Sale; ledger: LedgerEntry[] } {
  const id = `${idPrefix}-${i}-${k}`;
  const at = START_AT + (hash32(seed, i * 131 + k, 14) % 1000) * DAY;
  const price = (1_000 + (hash32(seed, i * 131 + k, 15) % 30_000)) as Cents;
  const earned = Math.floor(price / 100) as Points;
  const line = (lineNo: number, unit: Cents) => ({
    lineNo, productId: `p-${lineNo}`, name: lineNo === 1 ? '纯棉T恤' : '袜子', category: 'clothes', unitPrice: unit, qty: 1,
    lineDiscount: 0 as Cents, noEarn: false, allocatedDiscount: 0 as Cents, allocatedRedeem: 0 as Cents, net: unit,
    pointsEarned: Math.floor(unit / 100) as Points, pointsRedeemed: 0 as Points,
  });
  const sale: Sale = {
    id, receiptNo: `R${String(i).padStart(7, '0')}-${k}`, storeId: STORE_ID, deviceId: DEVICE_ID, staffId: 'staff-1',
    memberId: memberId(i), at, businessDate: new Date(at).toISOString().slice(0, 10), programmeVersion: 1,
    lines: [line(1, (price - 500) as Cents), line(2, 500 as Cents)], subtotal: price, discounts: [], pointsRedeemed: 0 as Points,
    redeemValue: 0 as Cents, total: price, pointsEarned: earned, payments: [{ method: 'wechat', amount: price }], couponIds: [],
  };
  const entry = (n: number, kind: LedgerEntry['kind'], pts: number): LedgerEntry => ({
    id: `${id}-l${n}`, memberId: memberId(i), kind, points: pts as Points, at, sourceId: id, reason: kind, note: '',
    staffId: 'staff-1', deviceId: DEVICE_ID, expiresOn: null,
  });
  // 2.5 entries per sale on average: every sale earns and gets a promotional bonus; every other
  // sale also redeems.
  const ledger = [entry(1, 'earn', earned), entry(2, 'bonus', 5)];
  if (k % 2 === 1) ledger.push(entry(3, 'redeem', -Math.min(earned, 50)));
  return { sale, ledger };
}

export type LookupKind = MemberQuery['kind'];
export const LOOKUP_KINDS: LookupKind[] = ['phone', 'phonePrefix', 'last4', 'card', 'name', 'initials'];

/** A query a cashier would type for member i: always one that finds that member. */
export function queryFor(member: Member, kind: LookupKind): MemberQuery {
  switch (kind) {
    case 'phone': return { kind, value: member.phone };
    case 'phonePrefix': return { kind, value: member.phone.slice(0, 7) };
    case 'last4': return { kind, value: member.phone.slice(-4) };
    case 'card': return { kind, value: member.cardNo };
    // The surname and the first letters or character of the given name: how a cashier starts typing.
    case 'name': return { kind, value: member.nameKey.slice(0, /^[a-z]/.test(member.nameKey) ? 3 : 2) };
    case 'initials': return { kind, value: member.initials };
  }
}
