// Day partials + a query -> the insights report: per class and lane figures, recommendations, time series, totals.
// Pure and synchronous: the hub route and the console call the same function on the same partials.
import type { Control } from '../shared/domain.js';
import { dayNumber, dayString } from '../shared/insights/format.js';
import { recommend, type FiguresWithoutRecommendation } from '../shared/insights/recommend.js';
import type { InsightsQuery, InsightsReport, InsightsSeries, LaneFigures } from '../shared/insights/schemas.js';
import { wilsonInterval } from '../shared/insights/wilson.js';
import { CONTROLS, F, FIELD_COUNT, type DayPartial } from './partials.js';
import { concatWaits, quantile, quantiles } from './quantile.js';

/** Periods longer than this are charted by week. */
const DAILY_BUCKETS_UP_TO = 92;

interface Group {
  counts: Float64Array;
  waits: Float64Array[];
}
const newGroup = (): Group => ({ counts: new Float64Array(FIELD_COUNT), waits: [] });
function addInto(g: Group, p: DayPartial): void {
  for (let i = 0; i < FIELD_COUNT; i++) g.counts[i]! += p.counts[i]!;
  if (p.waits.length) g.waits.push(p.waits);
}

export function summarize(partials: Iterable<DayPartial>, q: InsightsQuery): Omit<InsightsReport, 'computeMs' | 'cacheAsOf' | 'computedAt'> {
  const from = dayNumber(q.period.from);
  const to = dayNumber(q.period.to);
  const span = to - from + 1;
  const bucketDays = span <= DAILY_BUCKETS_UP_TO ? 1 : 7;
  const nBuckets = Math.ceil(span / bucketDays);

  const byLane = new Map<string, Group>(); // class \0 control
  const total = newGroup();
  const classSeries = new Map<string, Group[]>();
  const laneVolume = new Map<Control, number[]>(CONTROLS.map((c) => [c, new Array<number>(nBuckets).fill(0)]));
  const classes = new Set<string>();
  const sources = new Set<string>();

  for (const p of partials) {
    if (p.day < from || p.day > to) continue;
    classes.add(p.actionClass);
    sources.add(p.source);
    if (q.source !== undefined && p.source !== q.source) continue;
    if (q.actionClass !== undefined && p.actionClass !== q.actionClass) continue;
    if (q.control !== undefined && p.control !== q.control) continue;
    const key = `${p.actionClass}\u0000${p.control}`;
    let g = byLane.get(key);
    if (!g) byLane.set(key, (g = newGroup()));
    addInto(g, p);
    addInto(total, p);
    const b = Math.floor((p.day - from) / bucketDays);
    let s = classSeries.get(p.actionClass);
    if (!s) classSeries.set(p.actionClass, (s = Array.from({ length: nBuckets }, newGroup)));
    addInto(s[b]!, p);
    laneVolume.get(p.control)![b]! += p.counts[F.volume]!;
  }

  const rows: LaneFigures[] = [];
  for (const [key, g] of byLane) {
    const [actionClass, control] = key.split('\u0000') as [string, Control];
    const figures = figuresOf(g, actionClass, control);
    rows.push({ ...figures, recommendation: recommend(figures, q.thresholds, q.period, q.source) });
  }
  rows.sort((a, b) => a.actionClass.localeCompare(b.actionClass) || CONTROLS.indexOf(a.control) - CONTROLS.indexOf(b.control));

  const { actionClass: _c, control: _l, ...totals } = figuresOf(total, '', 'approval');
  const series: InsightsSeries = {
    bucket: bucketDays === 1 ? 'day' : 'week',
    buckets: Array.from({ length: nBuckets }, (_, i) => dayString(from + i * bucketDays)),
    classes: chartedClasses(classSeries, q.seriesClasses)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([actionClass, gs]) => ({
        actionClass,
        points: gs.map((g) => {
          const decided = g.counts[F.approvedUnchanged]! + g.counts[F.approvedWithEdits]! + g.counts[F.rejected]!;
          const changed = g.counts[F.approvedWithEdits]! + g.counts[F.rejected]!;
          return { decided, changeRate: decided ? changed / decided : null, medianWaitMs: quantile(concatWaits(g.waits), 0.5) };
        }),
      })),
    volumeByLane: CONTROLS.map((control) => ({ control, volume: laneVolume.get(control)! })),
  };
  return { query: q, rows, totals, series, facets: { actionClasses: [...classes].sort(), sources: [...sources].sort() } };
}

const decidedIn = (g: Group) => g.counts[F.approvedUnchanged]! + g.counts[F.approvedWithEdits]! + g.counts[F.rejected]!;

/** The classes to chart: all, or the `limit` with the most decisions (ties by name), so medians are taken only for those. */
function chartedClasses(classSeries: Map<string, Group[]>, limit: number | undefined): Array<[string, Group[]]> {
  const all = [...classSeries.entries()];
  if (limit === undefined || all.length <= limit) return all;
  return all
    .map((e) => ({ e, n: e[1].reduce((s, g) => s + decidedIn(g), 0) }))
    .sort((a, b) => b.n - a.n || a.e[0].localeCompare(b.e[0]))
    .slice(0, limit)
    .map((x) => x.e);
}

function figuresOf(g: Group, actionClass: string, control: Control): FiguresWithoutRecommendation {
  const c = g.counts;
  const decided = c[F.approvedUnchanged]! + c[F.approvedWithEdits]! + c[F.rejected]!;
  const changed = c[F.approvedWithEdits]! + c[F.rejected]!;
  const waits = concatWaits(g.waits);
  const reported = c[F.reported]!;
  const bad = c[F.failed]! + c[F.rolledBack]!;
  return {
    actionClass,
    control,
    volume: c[F.volume]!,
    sampled: c[F.sampled]!,
    pending: c[F.pending]!,
    releasedUnreviewed: c[F.releasedUnreviewed]!,
    approvedUnchanged: c[F.approvedUnchanged]!,
    approvedWithEdits: c[F.approvedWithEdits]!,
    rejected: c[F.rejected]!,
    escalated: c[F.escalated]!,
    expired: c[F.expired]!,
    withdrawn: c[F.withdrawn]!,
    ignored: c[F.ignored]!,
    decided,
    changed,
    changeRate: decided ? changed / decided : null,
    changeCi: wilsonInterval(changed, decided),
    wait: (([medianMs, p90Ms]) => ({ count: waits.length, medianMs: medianMs!, p90Ms: p90Ms! }))(quantiles(waits, [0.5, 0.9])),
    heldHours: c[F.heldMs]! / 3_600_000,
    outcomes: {
      reported,
      executed: c[F.executed]!,
      failed: c[F.failed]!,
      rolledBack: c[F.rolledBack]!,
      failureRate: reported ? bad / reported : null,
      failureCi: wilsonInterval(bad, reported),
    },
  };
}
