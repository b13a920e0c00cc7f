/**
 * Points and follow-up insights (rules I9–I10 in docs/care-spec.md): points issued, redeemed and
 * expired in a period, the outstanding balance and its liability in currency (points ÷ the
 * redemption rate, redeem.ts), and care-task completion by kind.
 */
import { type Cents, type Points, points } from '../money';
import type { CareTask, LocalDate, TaskKind } from '../records';
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

  result(programme: Programme): { issued: Points; redeemed: Points; expired: Points; takenBack: Points; outstanding: Points; liability: Cents; table: TableData } {
    const r = {
      issued: points(this.issued), redeemed: points(this.redeemed), expired: points(this.expired), takenBack: points(this.other),
      outstanding: points(this.outstanding), liability: redeemValue(Math.max(0, this.outstanding), programme),
    };
    return { ...r, table: { columns: ['issued', 'redeemed', 'expired', 'takenBack', 'outstanding', 'liabilityCents'],
      rows: [[r.issued, r.redeemed, r.expired, r.takenBack, r.outstanding, r.liability]] } };
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
