// Before/after figures around each policy change, from the summary cache (whole UTC days: the `windowDays` before the
// change's day and the `windowDays` after it; the day itself is mixed and left out). The tighten-back flag: the
// change moved work out of approval, and the class's post-release failure rate after it has a 95% lower bound above
// both the upper bound before it and the highest acceptable failure rate, on at least `minDecisions` reported
// outcomes: a rise the interval cannot explain as noise.
import type { Control } from '../shared/domain.js';
import { DAY_MS, dayNumber, pct } from '../shared/insights/format.js';
import type { PolicyEffect, WindowFigures } from '../shared/insights/effects.js';
import type { InsightsReport, Thresholds } from '../shared/insights/schemas.js';
import type { InsightsCache } from './cache.js';

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

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function windowOf(report: InsightsReport): WindowFigures {
  const t = report.totals;
  const byLane = new Map<Control, number>();
  for (const r of report.rows) byLane.set(r.control, (byLane.get(r.control) ?? 0) + r.volume);
  return {
    period: report.query.period,
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

export function policyEffects(cache: InsightsCache, changes: ClassChangeAt[], opts: { windowDays: number; thresholds: Thresholds }): PolicyEffect[] {
  return changes.map((c) => {
    const day = dayNumber(c.at.slice(0, 10));
    const q = (from: number, to: number) => cache.compute({ period: { from: isoDay(from), to: isoDay(to) }, actionClass: c.actionClass, thresholds: opts.thresholds });
    const before = windowOf(q(day - opts.windowDays, day - 1));
    const after = windowOf(q(day + 1, day + opts.windowDays));
    const relaxed = before.volume > 0 && after.volume > 0 && approvalShare(after) < approvalShare(before);
    return { ...c, before, after, relaxed, tightenBack: relaxed ? tightenBack(before, after, opts.thresholds) : null };
  });
}
