// Before/after figures around each policy change, by the policy version each request was classified under (#13 item 5):
// "before" is the class's requests classified under the versions since its previous change and before this one,
// "after" those classified under this version until the class's next change, each within `windowDays` of the change.
// Two changes to one class close together no longer share requests, and requests with no version (from before
// versioning, or from a source that keeps none) are counted apart, never guessed into a side.
// The tighten-back flag: the change moved work out of approval, and the class's post-release failure rate after it has
// a 95% lower bound above both the upper bound before it and the highest acceptable failure rate, on at least
// `minDecisions` reported outcomes: a rise the interval cannot explain as noise.
import type { Control } from '../shared/domain.js';
import { DAY_MS, dayNumber, dayString, pct } from '../shared/insights/format.js';
import type { PolicyEffect, WindowFigures } from '../shared/insights/effects.js';
import { InsightsQuery, type InsightsReport, type Thresholds } from '../shared/insights/schemas.js';
import { PartialBuilder, type FactRow } from './partials.js';
import { summarize } from './summarize.js';

export interface ClassChangeAt {
  sourceId: string;
  sourceName: string;
  version: number;
  at: string;
  author: string;
  rationale: string;
  actionClass: string;
  kind: PolicyEffect['kind'];
}

/** The class's fact rows from one source created in [fromMs, toMs), each with the policy version that classified it. */
export type VersionedFacts = (sourceId: string, actionClass: string, fromMs: number, toMs: number) => Iterable<{ row: FactRow; policyVersion: number | null }>;

function windowOf(report: Omit<InsightsReport, 'computeMs' | 'cacheAsOf' | 'computedAt'>, versions: WindowFigures['versions']): WindowFigures {
  const t = report.totals;
  const byLane = new Map<Control, number>();
  for (const r of report.rows) byLane.set(r.control, (byLane.get(r.control) ?? 0) + r.volume);
  return {
    period: report.query.period,
    versions,
    volume: t.volume,
    byLane: [...byLane].map(([control, volume]) => ({ control, volume })),
    decided: t.decided,
    changed: t.changed,
    changeRate: t.changeRate,
    changeCi: t.changeCi,
    waitMedianMs: t.wait.medianMs,
    heldHours: t.heldHours,
    reported: t.outcomes.reported,
    failedOrRolledBack: t.outcomes.failed + t.outcomes.rolledBack,
    failureRate: t.outcomes.failureRate,
    failureCi: t.outcomes.failureCi,
  };
}

const approvalShare = (w: WindowFigures) => (w.volume ? (w.byLane.find((l) => l.control === 'approval')?.volume ?? 0) / w.volume : 0);

function tightenBack(before: WindowFigures, after: WindowFigures, t: Thresholds): string[] | null {
  if (after.reported < t.minDecisions || !after.failureCi) return null;
  const beforeHigh = before.failureCi?.high ?? 0;
  if (after.failureCi.low <= Math.max(beforeHigh, t.maxFailureRate)) return null;
  return [
    `After the change ${pct(after.failureRate)} of released actions failed or were rolled back (${after.failedOrRolledBack} of ${after.reported}; 95% interval ${pct(after.failureCi.low)}–${pct(after.failureCi.high)})`,
    before.failureCi
      ? `Before it ${pct(before.failureRate)} (${before.failedOrRolledBack} of ${before.reported}; interval up to ${pct(before.failureCi.high)})`
      : 'Before it no outcomes were reported',
    `The lower bound after is above the upper bound before and above the ${pct(t.maxFailureRate)} threshold`,
  ];
}

export function policyEffects(facts: VersionedFacts, changes: ClassChangeAt[], opts: { windowDays: number; thresholds: Thresholds }): PolicyEffect[] {
  return changes.map((c) => {
    // The class's neighbouring changes at the same source bound the versions each side may have been classified under.
    const same = changes.filter((o) => o.sourceId === c.sourceId && o.actionClass === c.actionClass);
    const prev = Math.max(0, ...same.filter((o) => o.version < c.version).map((o) => o.version));
    const next = Math.min(Infinity, ...same.filter((o) => o.version > c.version).map((o) => o.version));
    const day = dayNumber(c.at.slice(0, 10));
    const [fromDay, toDay] = [day - opts.windowDays, day + opts.windowDays];
    const before = new PartialBuilder();
    const after = new PartialBuilder();
    let beforeVersioning = 0;
    for (const { row, policyVersion: v } of facts(c.sourceId, c.actionClass, fromDay * DAY_MS, (toDay + 1) * DAY_MS)) {
      if (v === null) beforeVersioning++;
      else if (v >= (prev || 1) && v < c.version) before.add(row);
      else if (v >= c.version && v < next) after.add(row);
    }
    const figures = (b: PartialBuilder, from: number, to: number, versions: WindowFigures['versions']) =>
      windowOf(
        summarize(b.seal(), InsightsQuery.parse({ period: { from: dayString(from), to: dayString(to) }, actionClass: c.actionClass, thresholds: opts.thresholds })),
        versions,
      );
    const b = figures(before, fromDay, day, { from: prev || 1, to: c.version - 1 });
    const a = figures(after, day, toDay, { from: c.version, to: Number.isFinite(next) ? next - 1 : null });
    const relaxed = b.volume > 0 && a.volume > 0 && approvalShare(a) < approvalShare(b);
    return { ...c, before: b, after: a, beforeVersioning, relaxed, tightenBack: relaxed ? tightenBack(b, a, opts.thresholds) : null };
  });
}
