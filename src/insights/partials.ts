// Day partials: the insight facts folded into one small record per (UTC day, source, action class, control).
// Everything the insights view shows is a sum of these (counts) or a quantile over their wait samples,
// so a period's figures can come from a direct pass over the view or from the cached partials: same numbers.
import type { Control } from '../shared/domain.js';
import { DAY_MS } from '../shared/insights/format.js';

export const CONTROLS: readonly Control[] = ['approval', 'review', 'audit', 'escalation'];

/** Indexes into a partial's counts. */
export const F = {
  volume: 0,
  sampled: 1,
  pending: 2,
  releasedUnreviewed: 3,
  approvedUnchanged: 4,
  approvedWithEdits: 5,
  rejected: 6,
  escalated: 7,
  expired: 8,
  withdrawn: 9,
  ignored: 10,
  reported: 11,
  executed: 12,
  failed: 13,
  rolledBack: 14,
  heldMs: 15,
} as const;
export const FIELD_COUNT = 16;

export interface DayPartial {
  day: number;
  source: string;
  actionClass: string;
  control: Control;
  counts: Float64Array;
  /** Human response times (ms) of rows with a verdict; sorted ascending once sealed. */
  waits: Float64Array;
}

/** The columns of `insight_facts` the figures need, in this order (raw rows are read positionally). */
export const FACT_COLUMNS = 'source, action_class, control, sampled, status, verdict, changed, outcome_status, created_at_ms, decided_at_ms';
export type FactRow = [string, string, string, number, string, string | null, number | null, string | null, number, number | null];

interface Building {
  day: number;
  source: string;
  actionClass: string;
  control: Control;
  counts: Float64Array;
  waits: number[];
}

/** Folds raw fact rows into day partials in one pass. Strings are interned so the key is a number, not a concatenation. */
export class PartialBuilder {
  private readonly groups = new Map<number, Building>();
  private readonly classIds = new Map<string, number>();
  private readonly sourceIds = new Map<string, number>();
  rows = 0;
  skipped = 0;

  add(r: FactRow): void {
    const control = r[2] as Control;
    const ctl = CONTROLS.indexOf(control);
    const created = r[8];
    if (ctl < 0 || typeof created !== 'number' || !Number.isFinite(created)) {
      // A row we cannot place (unknown control, missing time) is counted as skipped, never guessed into a lane.
      this.skipped++;
      return;
    }
    this.rows++;
    const day = Math.floor(created / DAY_MS);
    let cid = this.classIds.get(r[1]);
    if (cid === undefined) this.classIds.set(r[1], (cid = this.classIds.size));
    let sid = this.sourceIds.get(r[0]);
    if (sid === undefined) this.sourceIds.set(r[0], (sid = this.sourceIds.size));
    // Exact in a double for days < 32768 (year 2059), < 65536 sources, < 1M classes.
    const key = ((day * 65_536 + sid) * 1_048_576 + cid) * 4 + ctl;
    let g = this.groups.get(key);
    if (!g) {
      g = { day, source: r[0], actionClass: r[1], control, counts: new Float64Array(FIELD_COUNT), waits: [] };
      this.groups.set(key, g);
    }
    foldRow(g.counts, g.waits, r, control);
  }

  /** Sorted, immutable partials. */
  seal(): DayPartial[] {
    const out: DayPartial[] = [];
    for (const g of this.groups.values()) {
      const waits = Float64Array.from(g.waits).sort();
      out.push({ day: g.day, source: g.source, actionClass: g.actionClass, control: g.control, counts: g.counts, waits });
    }
    return out;
  }
}

/** One of the indexes in F. */
type Field = (typeof F)[keyof typeof F];

/** Adds to one count. Every Field is below FIELD_COUNT, the length of every counts array, so the slot exists. */
function bump(c: Float64Array, field: Field, by = 1): void {
  c[field] = (c[field] ?? 0) + by;
}

function foldRow(c: Float64Array, waits: number[], r: FactRow, control: Control): void {
  const [, , , sampled, status, verdict, changed, outcome, created, decided] = r;
  bump(c, F.volume);
  if (sampled === 1) bump(c, F.sampled);
  const hasDecidedAt = typeof decided === 'number' && decided >= created;
  switch (verdict) {
    case 'approve':
    case 'approve_with_edits': {
      // `changed` (a non-empty diff) is the truth; an "edit" that changed nothing counts as unchanged.
      const edited = changed === 1 || (changed === null && verdict === 'approve_with_edits');
      bump(c, edited ? F.approvedWithEdits : F.approvedUnchanged);
      break;
    }
    case 'reject':
      bump(c, F.rejected);
      break;
    case 'escalate':
      bump(c, F.escalated);
      break;
    case 'ignore':
      bump(c, F.ignored);
      break;
    default:
      // No human verdict: place the row by its status.
      if (status === 'pending') bump(c, F.pending);
      else if (status === 'released') bump(c, F.releasedUnreviewed);
      else if (status === 'expired') bump(c, F.expired);
      else if (status === 'withdrawn') bump(c, F.withdrawn);
      else if (status === 'escalated') bump(c, F.escalated);
      else if (status === 'approved') bump(c, F.approvedUnchanged);
      else if (status === 'rejected') bump(c, F.rejected);
  }
  if (verdict && hasDecidedAt) waits.push(decided - created);
  if ((control === 'approval' || control === 'escalation') && hasDecidedAt) bump(c, F.heldMs, decided - created);
  if (outcome === 'executed' || outcome === 'failed' || outcome === 'rolled_back') {
    bump(c, F.reported);
    bump(c, outcome === 'executed' ? F.executed : outcome === 'failed' ? F.failed : F.rolledBack);
  }
}
