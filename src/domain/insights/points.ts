/**
 * Points and follow-up insights (rules I9–I10 in docs/care-spec.md): points issued, redeemed and
 * expired in a period, the outstanding balance and its liability in currency (points ÷ the
 * redemption rate, redeem.ts), and care-task completion by kind. The liability counts only what is owed:
 * the positive balances; overdrawn members are listed apart (I9a).
 */
import { type Cents, type Points, points } from '../money';
import type { CareTask, Id, LocalDate, TaskKind } from '../records';
import type { Programme } from '../programme';
import { redeemValue } from '../redeem';
import { completion } from '../care/outcome';
import type { TableData } from './csv';
import { pct, type LedgerSummary } from './summaries';
import { flowParts, type FlowParts } from './flow';

/** What one entry adds to a period's figures (I9): positive numbers, except where a return nets them. */
/** [I9] Issued, redeemed, expired in [from, to], net of returns; outstanding = every entry up to `to`. */
export class PointsFlow {
  private issued = 0;
  private redeemed = 0;
  private expired = 0;
  private other = 0;
  private outstanding = 0;
  private owed = 0;
  private overdrawn: { memberId: Id; points: Points }[] = [];
  constructor(private readonly from: LocalDate, private readonly to: LocalDate) {}

  add(page: readonly LedgerSummary[]): void {
    for (const e of page) this.addDay(e.on, { ...flowParts(e), net: e.points });
  }

  /** [I11] A day's kept totals (or one entry's parts): `net` is the sum of the points. */
  addDay(on: LocalDate, t: FlowParts & { net: number }): void {
    if (on > this.to) return;
    this.outstanding += t.net;
    if (on < this.from) return;
    this.issued += t.issued;
    this.redeemed += t.redeemed;
    this.expired += t.expired;
    this.other += t.other;
  }

  /** [I9a] The members' balances now: the positive ones are owed; an overdraft is listed apart, never netted. */
  setBalances(b: { owed: number; overdrawn: Readonly<Record<Id, number>> }): void {
    this.owed = b.owed;
    this.overdrawn = Object.entries(b.overdrawn).map(([memberId, p]) => ({ memberId, points: points(p) }))
      .sort((a, c) => a.points - c.points || (a.memberId < c.memberId ? -1 : 1));
  }

  result(programme: Programme): {
    issued: Points; redeemed: Points; expired: Points; takenBack: Points; outstanding: Points; owed: Points; liability: Cents;
    overdrawn: { memberId: Id; points: Points }[]; overdrawnPoints: Points; table: TableData; overdrawnTable: TableData;
  } {
    const overdrawnPoints = points(this.overdrawn.reduce((a, o) => a - o.points, 0));
    const r = {
      issued: points(this.issued), redeemed: points(this.redeemed), expired: points(this.expired), takenBack: points(this.other),
      outstanding: points(this.outstanding), owed: points(this.owed), liability: redeemValue(Math.max(0, this.owed), programme),
      overdrawn: this.overdrawn, overdrawnPoints,
    };
    return { ...r,
      table: { columns: ['issued', 'redeemed', 'expired', 'takenBack', 'owed', 'liabilityCents', 'overdrawnPoints'],
        rows: [[r.issued, r.redeemed, r.expired, r.takenBack, r.owed, r.liability, overdrawnPoints]] },
      overdrawnTable: { columns: ['memberId', 'overdrawnPoints'], rows: this.overdrawn.map((o) => [o.memberId, -o.points]) } };
  }
}

/** [I10] Follow-up completion per task kind (missed = still open after its due date). */
export function followUpCompletion(tasks: Iterable<Pick<CareTask, 'kind' | 'status' | 'dueTo'>>, today: LocalDate): {
  byKind: { kind: TaskKind; done: number; missed: number; open: number; dropped: number; completedPct: number }[]; table: TableData;
} {
  const groups = new Map<TaskKind, Pick<CareTask, 'status' | 'dueTo'>[]>();
  for (const t of tasks) {
    const g = groups.get(t.kind) ?? [];
    g.push(t);
    groups.set(t.kind, g);
  }
  const byKind = [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, list]) => {
    const c = completion(list, today);
    return { kind, ...c, completedPct: pct(c.done, c.done + c.missed) };
  });
  return { byKind, table: { columns: ['kind', 'done', 'missed', 'open', 'dropped', 'completedPercent'],
    rows: byKind.map((k) => [k.kind, k.done, k.missed, k.open, k.dropped, k.completedPct]) } };
}
