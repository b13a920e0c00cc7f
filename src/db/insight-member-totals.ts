/**
 * The dashboard's kept member figures (rule I11 in docs/care-spec.md), next to the day, cohort and
 * referral totals of insight-totals.ts. Counted over the live members (a member row that is not
 * merged) that have a memberStats row:
 *  - `insightTiers`, one per [tierId+day]: how many live members hold the tier, by the local date
 *    (in the kept zone) they reached it ('' when tierSince is unknown). Gives the tier distribution
 *    (I4) and the new VIPs by period (I3) without reading the members.
 *  - `insightSpend`, one per spend bucket: how many live members have a lifetime spend in it and
 *    what they spent together (I5). With the memberStats `lifetimeSpend` index, the exact top-k sums
 *    are the sums of the buckets above plus a read of only the one bucket k ends in.
 * A memberStats write and a member write (enrolment, merge) both change a member's contribution; the
 * middleware (insight-middleware.ts) calls `keepMemberFigures` in the write's own transaction, the
 * rebuild (insight-rebuild.ts) adds every live member's with `MemberDeltas` too.
 */
import type { DBCore, DBCoreTransaction } from 'dexie';
import { KeptRows } from './insight-kept-rows';
import type { Id, LocalDate, Member, MemberStats } from '../domain/records';
import { fromDayNumber } from '../domain/care/dates';
import { localDayNumber } from '../domain/care/zone-offsets';

export interface TierRow {
  tierId: string;
  /** The local date tierSince falls on in the kept zone; '' when tierSince is null. */
  day: LocalDate | '';
  count: number;
}

export interface SpendBucketRow {
  /** The bucket's lowest spend (its key); the bucket is [bucket, bucket + spendBucket(bucket).width). */
  bucket: number;
  count: number;
  sum: number;
}

/**
 * [I9a] The points owed to live members, kept in insightState under the key 'balances': the sum of the
 * positive balances (the liability), and each overdrawn member's (negative) balance, listed apart. An
 * overdraft is not netted against what the others are owed.
 */
export interface BalancesRow {
  key: 'balances';
  owed: number;
  overdrawn: Record<Id, number>;
}
export const BALANCES_KEY = 'balances';

/** The kept tables of this file, and the kept visits (insight-visits.ts), in every watched write's transaction. */
export const MEMBER_KEPT_TABLES = ['insightTiers', 'insightSpend', 'insightVisits'] as const;

/** Buckets per doubling of the spend: about 0.2% wide, so a bucket holds few members. */
export const SPEND_STEPS = 512;

/** The spend bucket of a positive amount (cents): exact below 2 × SPEND_STEPS, then SPEND_STEPS per doubling. */
export function spendBucket(spend: number): { low: number; width: number } {
  let width = 1;
  while (spend >= 2 * SPEND_STEPS * width) width *= 2;
  return { low: Math.floor(spend / width) * width, width };
}

const tierKey = (tierId: string, day: string): string => JSON.stringify([tierId, day]);

type LiveLike = Pick<Member, 'mergedInto'> | undefined;

/** Signed changes to the kept member figures, gathered over one write (or one rebuild). */
export class MemberDeltas {
  readonly tiers = new Map<string, TierRow>();
  readonly spend = new Map<number, { count: number; sum: number }>();
  /** [I9a] The change to the points owed, and each overdrawn member's balance after it (null: no longer overdrawn). */
  owed = 0;
  readonly overdrawn = new Map<Id, number | null>();

  /** [I3][I4][I5] A member's contribution: nothing unless the member is live and has stats. */
  add(m: LiveLike, s: MemberStats | undefined, zone: string, sign: 1 | -1): void {
    if (!m || m.mergedInto !== null || !s) return;
    const tierId = s.tierId ?? null;
    if (tierId !== null) {
      const day = s.tierSince == null ? '' : fromDayNumber(localDayNumber(s.tierSince, zone));
      const key = tierKey(tierId, day);
      const row = this.tiers.get(key) ?? { tierId, day, count: 0 };
      row.count += sign;
      this.tiers.set(key, row);
    }
    const spend = s.lifetimeSpend ?? 0;
    if (spend > 0) {
      const { low } = spendBucket(spend);
      const b = this.spend.get(low) ?? { count: 0, sum: 0 };
      b.count += sign;
      b.sum += sign * spend;
      this.spend.set(low, b);
    }
    const balance = s.points ?? 0;
    if (balance > 0) this.owed += sign * balance;
    else if (balance < 0) this.overdrawn.set(s.memberId, sign > 0 ? balance : this.overdrawn.get(s.memberId) ?? null);
  }

  /** [I9a] Whether the points owed or the overdrawn members may change. */
  touchesBalances(): boolean { return this.owed !== 0 || this.overdrawn.size > 0; }

  /** [I9a] The balances row after the deltas, from the row as stored. */
  appliedBalances(row: BalancesRow | undefined): BalancesRow {
    const overdrawn = { ...(row?.overdrawn ?? {}) };
    for (const [id, points] of this.overdrawn) {
      if (points === null) delete overdrawn[id];
      else overdrawn[id] = points;
    }
    return { key: 'balances', owed: (row?.owed ?? 0) + this.owed, overdrawn };
  }

  /** Rows after the deltas, from the rows as stored (same order as the keys); rows at zero are to delete. */
  applied(tierRows: (TierRow | undefined)[], spendRows: (SpendBucketRow | undefined)[]): {
    tiers: TierRow[]; spend: SpendBucketRow[]; goneTiers: [string, string][]; goneSpend: number[];
  } {
    const tiers: TierRow[] = [];
    const goneTiers: [string, string][] = [];
    [...this.tiers.values()].forEach((d, i) => {
      const count = (tierRows[i]?.count ?? 0) + d.count;
      if (count !== 0) tiers.push({ tierId: d.tierId, day: d.day, count });
      else goneTiers.push([d.tierId, d.day]);
    });
    const spend: SpendBucketRow[] = [];
    const goneSpend: number[] = [];
    [...this.spend].forEach(([bucket, d], i) => {
      const count = (spendRows[i]?.count ?? 0) + d.count;
      const sum = (spendRows[i]?.sum ?? 0) + d.sum;
      if (count !== 0 || sum !== 0) spend.push({ bucket, count, sum });
      else goneSpend.push(bucket);
    });
    return { tiers, spend, goneTiers, goneSpend };
  }

  tierKeys(): [string, string][] { return [...this.tiers.values()].map((r) => [r.tierId, r.day]); }
  spendKeys(): number[] { return [...this.spend.keys()]; }
}

/** Kept rows by key in a write's transaction (none asked: no request). */
export async function getMany<T>(down: DBCore, trans: DBCoreTransaction, table: string, keys: unknown[]): Promise<(T | undefined)[]> {
  if (keys.length === 0) return [];
  return (await down.table(table).getMany({ trans, keys })) as (T | undefined)[];
}

/** The kept-row writes sent: resolved once they are stored (the next write may read the rows before). */
export interface SentWrites { readonly stored: Promise<void> }

/** Puts the changed kept rows and deletes those at zero, in a write's transaction; rejects if a put failed. */
export function writeKept(down: DBCore, trans: DBCoreTransaction, table: string, values: unknown[], gone: unknown[]): Promise<void> {
  const t = down.table(table);
  return Promise.all([
    values.length > 0 ? t.mutate({ type: 'put', trans, values }) : null,
    gone.length > 0 ? t.mutate({ type: 'delete', trans, keys: gone }) : null,
  ]).then(([put]) => {
    if (put && put.numFailures > 0) throw new Error(`kept totals: writing ${table} failed`);
  });
}

type Pair<T> = [T | undefined, T | undefined];

/**
 * [I11] In a write's transaction: the member figures after memberStats rows or member rows changed
 * (`pairs`: each succeeded operation as before/after). A stats write reads the members and the kept
 * rows it may touch at once, then writes them: one read and one write of a few small rows. Resolves
 * once the writes are sent (IndexedDB runs a transaction's requests in order), with their completion.
 */
/** The rows a stats write's figures may read: `want` them as soon as the stats before and after are known. */
export function wantFigureRows(rows: KeptRows, zone: string, keys: readonly Id[], stats: Pair<MemberStats>[]): void {
  const maybe = new MemberDeltas();
  const live = { mergedInto: null };
  for (const [before, after] of stats) { maybe.add(live, before, zone, -1); maybe.add(live, after, zone, 1); }
  const balances = maybe.touchesBalances() ? [BALANCES_KEY] : [];
  for (const p of [rows.want('members', keys), rows.want('insightTiers', maybe.tierKeys()), rows.want('insightSpend', maybe.spendKeys()),
    rows.want('insightState', balances)]) {
    p.catch(() => undefined); // read again (and reported) by keepMemberFigures
  }
}

export async function keepMemberFigures(
  down: DBCore, trans: DBCoreTransaction, zone: string, write_: { stats: Pair<MemberStats>[] } | { members: Pair<Member>[] }, keys: Id[],
  rows: KeptRows = new KeptRows(down, trans),
): Promise<SentWrites> {
  const d = new MemberDeltas();
  if ('stats' in write_) {
    // Every bucket and tier row the before/after stats could touch, read with the members (most often
    // already asked for beside the write: wantFigureRows).
    const maybe = new MemberDeltas();
    const live = { mergedInto: null };
    for (const [before, after] of write_.stats) { maybe.add(live, before, zone, -1); maybe.add(live, after, zone, 1); }
    const [members, tierRows, spendRows, [balances]] = await Promise.all([
      rows.read<Member>('members', keys),
      rows.read<TierRow>('insightTiers', maybe.tierKeys()),
      rows.read<SpendBucketRow>('insightSpend', maybe.spendKeys()),
      rows.read<BalancesRow>('insightState', maybe.touchesBalances() ? [BALANCES_KEY] : []),
    ]);
    const memberOf = new Map(keys.map((k, i) => [k, members[i]]));
    for (const [before, after] of write_.stats) {
      const id = (before ?? after)?.memberId;
      if (id === undefined) continue;
      d.add(memberOf.get(id), before, zone, -1);
      d.add(memberOf.get(id), after, zone, 1);
    }
    const tiersAt = new Map(maybe.tierKeys().map((k, i) => [tierKey(...k), tierRows[i]]));
    const spendAt = new Map(maybe.spendKeys().map((k, i) => [k, spendRows[i]]));
    return save(down, trans, d, d.tierKeys().map((k) => tiersAt.get(tierKey(...k))), d.spendKeys().map((k) => spendAt.get(k)), balances);
  }
  const stats = await getMany<MemberStats>(down, trans, 'memberStats', keys);
  const statsOf = new Map(keys.map((k, i) => [k, stats[i]]));
  for (const [before, after] of write_.members) {
    const id = (before ?? after)?.id;
    if (id === undefined) continue;
    d.add(before, statsOf.get(id), zone, -1);
    d.add(after, statsOf.get(id), zone, 1);
  }
  if (d.tiers.size === 0 && d.spend.size === 0 && !d.touchesBalances()) return { stored: Promise.resolve() };
  const [tierRows, spendRows, [balances]] = await Promise.all([
    getMany<TierRow>(down, trans, 'insightTiers', d.tierKeys()), getMany<SpendBucketRow>(down, trans, 'insightSpend', d.spendKeys()),
    getMany<BalancesRow>(down, trans, 'insightState', d.touchesBalances() ? [BALANCES_KEY] : [])]);
  return save(down, trans, d, tierRows, spendRows, balances);
}

function save(
  down: DBCore, trans: DBCoreTransaction, d: MemberDeltas, tierRows: (TierRow | undefined)[], spendRows: (SpendBucketRow | undefined)[],
  balances: BalancesRow | undefined,
): SentWrites {
  const rows = d.applied(tierRows, spendRows);
  // [I9a] The balances row is kept once a rebuild made it (a database kept before it existed rebuilds first).
  const owed = balances && d.touchesBalances() ? [d.appliedBalances(balances)] : [];
  const stored = Promise.all([writeKept(down, trans, 'insightTiers', rows.tiers, rows.goneTiers), writeKept(down, trans, 'insightSpend', rows.spend, rows.goneSpend),
    writeKept(down, trans, 'insightState', owed, [])])
    .then(() => undefined);
  stored.catch(() => undefined); // awaited by the write's caller; never reported as unhandled meanwhile
  return { stored };
}
