/**
 * Helpers for the server suite: the two storage backends (PGlite in a temp dir, a fresh database
 * on the real PostgreSQL per file), an organisation with a paired device, and record factories.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/server/storage/db';
import { buildServer } from '../../src/server/app';
import { openPglite } from '../../src/server/storage/pglite-db';
import { openPostgres } from '../../src/server/storage/pg-db';
import { migrate } from '../../src/server/storage/migrations';
import { createOrg, createPairCode } from '../../src/server/tenancy';
import {
  MANAGER_PIN_HEADER, MANAGER_STAFF_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER, type Mutation, type PairResponse,
} from '../../src/sync/protocol';
import type { LedgerEntry, Member, Sale } from '../../src/domain/records';
import { cents, points } from '../../src/domain/money';
import { hlcNow } from '../../src/domain/hlc';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<{ db: Db; cleanup(): Promise<void> }>;
}

/** A fresh database on the suite's PostgreSQL; the connection string for a second pool too. */
export async function freshPostgresUrl(): Promise<string> {
  const base = inject('pgUrl');
  const name = `t_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export const backends: Backend[] = [
  {
    name: 'pglite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'regulars-pglite-'));
      const db = await openPglite(dir);
      await migrate(db);
      return { db, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  },
  {
    name: 'postgres',
    async open() {
      const db = openPostgres(await freshPostgresUrl());
      await migrate(db);
      return { db, cleanup: () => db.close() };
    },
  },
];

export const T0 = Date.UTC(2026, 5, 1, 10, 0, 0);
export const VERSION_HEADERS = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [SCHEMA_HEADER]: '1' };

export interface Paired extends PairResponse {
  ownerId: string;
}

/** `at`: the server's clock when it is not T0 (the pairing code is made then). */
export async function orgWithDevice(app: FastifyInstance, db: Db, name = 'Shop', at = T0): Promise<Paired> {
  const org = await createOrg(db, { name, ownerName: 'Owner Wang', ownerPin: OWNER_PIN, now: T0 });
  orgOwners.set(org.orgId, { staffId: org.ownerId, pin: OWNER_PIN });
  return { ...(await pairAnother(app, db, org.storeId, at)), ownerId: org.ownerId };
}

export async function pairAnother(app: FastifyInstance, db: Db, storeId: string, at = T0): Promise<PairResponse> {
  const { code } = await createPairCode(db, storeId, at);
  const r = await app.inject({ method: 'POST', url: '/api/pair', headers: VERSION_HEADERS, payload: { code, deviceName: 'Till' } });
  if (r.statusCode !== 200) throw new Error(`pair failed: ${r.body}`);
  const paired = r.json<PairResponse>();
  const owner = orgOwners.get(paired.orgId);
  if (owner) owners.set(paired.token, owner);
  return paired;
}

/** The owner each test organisation was made with, by device token: the manager-only reads sign in as them (S20). */
const owners = new Map<string, { staffId: string; pin: string }>();
const orgOwners = new Map<string, { staffId: string; pin: string }>();
export const OWNER_PIN = '1234';

export function api(app: FastifyInstance, token: string) {
  const headers = { ...VERSION_HEADERS, authorization: `Bearer ${token}` };
  const owner = owners.get(token);
  const asOwner = owner ? { ...headers, [MANAGER_STAFF_HEADER]: owner.staffId, [MANAGER_PIN_HEADER]: owner.pin } : headers;
  return {
    push: (deviceId: string, batch: { seq: number; mutation: Mutation | Record<string, unknown> }[]) =>
      app.inject({ method: 'POST', url: '/api/push', headers, payload: { deviceId, batch } }),
    /** GET; /api/rejections, /api/exceptions and /api/devices as the organisation's owner (S20). */
    get: (url: string) => app.inject({ method: 'GET', url, headers: /^\/api\/(rejections|exceptions|devices)/.test(url) ? asOwner : headers }),
    /** GET with a given staff member's id and PIN, or as the plain device (null). */
    getAs: (url: string, staff: { staffId: string; pin: string } | null) =>
      app.inject({ method: 'GET', url, headers: staff ? { ...headers, [MANAGER_STAFF_HEADER]: staff.staffId, [MANAGER_PIN_HEADER]: staff.pin } : headers }),
    put: (url: string, payload: Record<string, unknown>) => app.inject({ method: 'PUT', url, headers, payload }),
  };
}

/** Pulls every change after `cursor`, page by page. */
export async function pullAll(app: FastifyInstance, token: string, cursor = '0', limit = 100) {
  const changes: { seq: number; entity: string; id: string; data: Record<string, unknown> }[] = [];
  let cur = cursor;
  for (;;) {
    const r = await api(app, token).get(`/api/pull?cursor=${cur}&limit=${limit}`);
    if (r.statusCode !== 200) throw new Error(`pull failed: ${r.body}`);
    const page = r.json<{ changes: typeof changes; cursor: string; more: boolean }>();
    changes.push(...page.changes);
    cur = page.cursor;
    if (!page.more) return { changes, cursor: cur };
  }
}

let n = 0;
export const uid = (p: string) => `${p}-${(++n).toString().padStart(6, '0')}-${randomUUID().slice(0, 8)}`;

export function member(storeId: string, over: Partial<Member> = {}, node = 'dev'): Member {
  const id = over.id ?? uid('m');
  const stamp = hlcNow(null, over.enrolledAt ?? T0, node);
  return {
    id, cardNo: `C${id}`, phone: '13812345678', name: '张三', nameKey: '张三', initials: 'zs', birthday: null, wechat: null,
    enrolledAt: T0, enrolledOn: '2026-06-01', enrolledStoreId: storeId, enrolledBy: null, referredBy: null, consentAt: T0,
    doNotDisturb: false, notes: '', profile: {}, mergedInto: null, clock: { name: stamp, phone: stamp }, ...over,
  };
}

export function enroll(m: Member): Mutation {
  return { kind: 'member.upsert', id: uid('mu'), at: m.enrolledAt, member: m, fields: ['name', 'phone'] };
}

export function entry(memberId: string, kind: LedgerEntry['kind'], pts: number, sourceId: string | null, deviceId: string): LedgerEntry {
  return { id: uid('le'), memberId, kind, points: points(pts), at: T0, sourceId, reason: kind, note: '', staffId: null, deviceId, expiresOn: null };
}

/** A one-line sale of `total` cents; earns `earn` and redeems `redeem` points. */
export function saleMutation(p: { storeId: string; deviceId: string; memberId: string | null; total: number; earn?: number; redeem?: number; programmeVersion?: number; at?: number }): Mutation {
  const id = uid('s');
  const earn = p.earn ?? 0;
  const redeem = p.redeem ?? 0;
  const sale: Sale = {
    id, receiptNo: id, storeId: p.storeId, deviceId: p.deviceId, staffId: 'staff-1', memberId: p.memberId, at: p.at ?? T0,
    businessDate: '2026-06-01', programmeVersion: p.programmeVersion ?? 0,
    lines: [{ lineNo: 1, productId: null, name: 'Item', category: 'general', unitPrice: cents(p.total + redeem), qty: 1, lineDiscount: cents(0),
      noEarn: false, allocatedDiscount: cents(0), allocatedRedeem: cents(redeem), net: cents(p.total), pointsEarned: points(earn), pointsRedeemed: points(redeem) }],
    subtotal: cents(p.total + redeem), discounts: [], pointsRedeemed: points(redeem), redeemValue: cents(redeem), total: cents(p.total),
    pointsEarned: points(earn), payments: [{ method: 'cash', amount: cents(p.total) }], couponIds: [],
  };
  const ledger: LedgerEntry[] = [];
  if (p.memberId !== null && earn > 0) ledger.push(entry(p.memberId, 'earn', earn, id, p.deviceId));
  if (p.memberId !== null && redeem > 0) ledger.push(entry(p.memberId, 'redeem', -redeem, id, p.deviceId));
  return { kind: 'sale.record', id: uid('mut'), at: p.at ?? T0, sale, ledger, coupons: [] };
}

/**
 * The server on one backend for the tests of a `describe`: opened before the first test, closed after
 * the last; the clock at T0 (or `now`) and pairing unthrottled (the tests pair many devices).
 */
export function serverOn(backend: Backend, now = T0): { readonly db: Db; readonly app: FastifyInstance } {
  let db: Db | undefined;
  let app: FastifyInstance | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ db, cleanup } = await backend.open());
    app = await buildServer({ db, now: () => now, limits: { pairPerMinute: 1000 } });
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error(`the server on ${backend.name} did not start (see the beforeAll error)`);
    return x;
  };
  return {
    get db() { return started(db); },
    get app() { return started(app); },
  };
}
