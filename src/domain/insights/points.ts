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

/** [I9] Issued, redeemed, expired in [from, to], net of returns; outstanding = every entry up to `to`. */
export class PointsFlow {
  private issued = 0;
  private redeemed = 0;
  private expired = 0;
  private other = 0;
  private outstanding = 0;
  constructor(private readonly from: LocalDate, private readonly to: LocalDate) {}

  add(page: readonly LedgerSummary[]): void {
    for (const e of page) {
      if (e.on > this.to) continue;
      this.outstanding += e.points;
      if (e.on < this.from) continue;
      if (e.kind === 'redeem') this.redeemed -= e.points;
      else if (e.kind === 'expiry') this.expired -= e.points;
      // A return nets the figures: earned (or referral) points it takes back were never really issued,
      // redeemed points it gives back were never really redeemed.
      else if (e.kind === 'reversal' && (e.reason === 'return.earn' || e.reason === 'return.referral')) this.issued += e.points;
      else if (e.kind === 'reversal' && e.reason === 'return.redeem') this.redeemed -= e.points;
      else if (e.points > 0) this.issued += e.points;
      else this.other -= e.points; // other reversals and negative adjustments
    }
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
