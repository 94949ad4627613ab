// Threshold discovery (#13 item 4): for each class and lane, the numeric argument and split point that separate
// actions humans never change from those they do ("refunds at or under 80 were never changed in 312 decisions,
// over 80 changed 14%"), proposed as a policy condition with the evidence and the 95% Wilson interval per side.
//
// One sample to learn which numeric paths the actions have, then one pass over the period's decisions reading
// those paths with SQLite's json_extract. Per (class, lane, path): sort by value, scan every boundary between two
// distinct values with prefix sums, keep the qualifying boundary where the two sides differ most (the largest z).
// Noise must not produce a split: the two sides' intervals must not overlap, and the difference must survive a
// two-proportion z-test Bonferroni-corrected for every boundary tried.
import type Database from 'better-sqlite3';
import type { Control } from '../shared/domain.js';
import { pct } from '../shared/insights/format.js';
import type { Thresholds } from '../shared/insights/schemas.js';
import { SplitsQuery, type DiscoveredSplit, type SplitSide, type SplitsQueryInput, type SplitsReport } from '../shared/insights/splits.js';
import { wilsonInterval } from '../shared/insights/wilson.js';
import { CHANGED_SQL, filterWhere } from './filter-sql.js';

/** Actions read to learn the numeric paths; paths tried at most. */
const SAMPLE_ROWS = 2_000;
const MAX_PATHS = 6;
const MAX_DEPTH = 4;
/** Keys that are a policy dot path and a json_extract path as they are (no quoting needed). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Family-wise error for the split test over all boundaries tried. */
const ALPHA = 0.05;

const CHANGED = 1;
const REPORTED = 2;
const BAD = 4;

export function discoverSplits(db: Database.Database, input: SplitsQueryInput): SplitsReport {
  const t0 = performance.now();
  const q = SplitsQuery.parse(input);
  const filter = { actionClass: q.actionClass, control: q.control, source: q.source, only: 'decided' as const };
  const all = filterWhere({ ...filter, period: q.period });
  const paths = samplePaths(db, all.where, all.params);
  if (paths.length === 0) return { splits: [], rows: 0, paths, computeMs: performance.now() - t0 };

  const extracts = paths.map((_, i) => `json_extract(action_json, ?) AS v${i}`).join(', ');
  const stmt = db
    .prepare(`SELECT action_class, control, ${CHANGED_SQL} AS ch, outcome_status, ${extracts} FROM insight_facts WHERE ${all.where} AND control IN ('approval','review','audit')`)
    .raw(true);
  const groups = new Map<string, { actionClass: string; control: Control; flags: number[]; values: number[][] }>();
  let rows = 0;
  for (const r of stmt.iterate(...paths.map((p) => `$.${p}`), ...all.params) as Iterable<unknown[]>) {
    rows++;
    const key = `${r[0] as string}\u0000${r[1] as string}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { actionClass: r[0] as string, control: r[1] as Control, flags: [], values: paths.map(() => []) }));
    const outcome = r[3];
    const reported = outcome === 'executed' || outcome === 'failed' || outcome === 'rolled_back';
    g.flags.push((r[2] ? CHANGED : 0) | (reported ? REPORTED : 0) | (outcome === 'failed' || outcome === 'rolled_back' ? BAD : 0));
    for (let i = 0; i < paths.length; i++) g.values[i]!.push(asNumber(r[4 + i]));
  }

  const splits: DiscoveredSplit[] = [];
  for (const g of groups.values()) {
    if (g.flags.length < 2 * q.thresholds.minDecisions) continue;
    let best: { split: DiscoveredSplit; z: number } | null = null;
    for (let i = 0; i < paths.length; i++) {
      const s = bestSplit(g.actionClass, g.control, paths[i]!, g.values[i]!, g.flags, q.thresholds);
      if (s && (!best || s.z > best.z)) best = s;
    }
    if (best) splits.push(best.split);
  }
  splits.sort((a, b) => a.actionClass.localeCompare(b.actionClass) || a.control.localeCompare(b.control));
  return { splits, rows, paths, computeMs: performance.now() - t0 };
}

/** Numeric leaves under the actions' `args` (as the policy reads them: numbers, or strings that are numbers), most common first. */
function samplePaths(db: Database.Database, where: string, params: unknown[]): string[] {
  const seen = new Map<string, number>();
  const walk = (v: unknown, path: string, depth: number) => {
    if (typeof v === 'number' && Number.isFinite(v)) seen.set(path, (seen.get(path) ?? 0) + 1);
    if (depth >= MAX_DEPTH || v === null || typeof v !== 'object' || Array.isArray(v)) return;
    for (const [k, x] of Object.entries(v)) if (PLAIN_KEY.test(k)) walk(x, `${path}.${k}`, depth + 1);
  };
  for (const [json] of db
    .prepare(`SELECT action_json FROM insight_facts WHERE ${where} LIMIT ${SAMPLE_ROWS}`)
    .raw(true)
    .iterate(...params) as Iterable<[string]>) {
    try {
      const action = JSON.parse(json) as { args?: unknown };
      walk(action.args, 'args', 1);
    } catch {
      // An unreadable action teaches nothing about paths; the scan counts it on the side the policy would put it.
    }
  }
  return [...seen.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_PATHS)
    .map(([p]) => p);
}

/** The policy's reading of a value for gt/lte: a number, or a numeric string; anything else satisfies no comparison. */
function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

interface Tally {
  n: number;
  changed: number;
  reported: number;
  bad: number;
}

function bestSplit(actionClass: string, control: Control, path: string, values: number[], flags: number[], t: Thresholds): { split: DiscoveredSplit; z: number } | null {
  const kind = control === 'approval' ? 'relax' : 'tighten';
  const total: Tally = { n: 0, changed: 0, reported: 0, bad: 0 };
  // Rows without a number satisfy no `gt` condition, so the split's policy puts them at or under the threshold.
  const under: Tally = { n: 0, changed: 0, reported: 0, bad: 0 };
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) {
    add(total, flags[i]!);
    if (Number.isFinite(values[i]!)) idx.push(i);
    else add(under, flags[i]!);
  }
  if (idx.length < 2 * t.minDecisions) return null;
  idx.sort((a, b) => values[a]! - values[b]!);
  let boundaries = 0;
  for (let k = 1; k < idx.length; k++) if (values[idx[k]!]! !== values[idx[k - 1]!]!) boundaries++;
  if (boundaries === 0) return null;
  const zCrit = normalQuantile(1 - ALPHA / (2 * boundaries));

  let best: { k: number; under: Tally; z: number } | null = null;
  for (let k = 0; k < idx.length - 1; k++) {
    add(under, flags[idx[k]!]!);
    if (values[idx[k]!]! === values[idx[k + 1]!]!) continue;
    const over = minus(total, under);
    if (under.n < t.minDecisions || over.n < t.minDecisions) continue;
    const ciU = wilsonInterval(under.changed, under.n)!;
    const ciO = wilsonInterval(over.changed, over.n)!;
    if (ciU.high > t.maxChangeRateUpper || ciO.low <= ciU.high) continue;
    if (kind === 'tighten' && ciO.low <= t.maxChangeRateUpper) continue;
    // Relaxing releases the under side unreviewed: its released work must be known to be safe, as for a whole-class relax.
    if (kind === 'relax' && (under.reported < t.minDecisions || under.bad / under.reported > t.maxFailureRate)) continue;
    const z = twoProportionZ(under, over);
    if (z < zCrit) continue;
    if (!best || z > best.z) best = { k, under: { ...under }, z };
  }
  if (!best) return null;
  const lo = values[idx[best.k]!]!;
  const hi = values[idx[best.k + 1]!]!;
  const threshold = niceBetween(lo, hi);
  const underSide = side(best.under, values[idx[0]!]!, lo);
  const overSide = side(minus(total, best.under), hi, values[idx[idx.length - 1]!]!);
  const rate = (s: SplitSide) => `${s.changed} of ${s.decided} changed (${pct(s.changeRate)}; 95% interval ${pct(s.changeCi?.low)}–${pct(s.changeCi?.high)})`;
  const missing = values.length - idx.length;
  const evidence = [
    `At or under ${threshold} (${path}): ${rate(underSide)}${missing ? `, including ${missing} without a number there` : ''}`,
    `Over ${threshold}: ${rate(overSide)}`,
    kind === 'relax'
      ? `At or under ${threshold}: ${underSide.failed} of ${underSide.reported} reported outcomes failed or were rolled back (${pct(underSide.failed / underSide.reported)}; threshold ${pct(t.maxFailureRate)})`
      : `Over ${threshold} the lower bound is above the ${pct(t.maxChangeRateUpper)} threshold`,
    `The two intervals do not overlap, and the difference holds after correcting for the ${boundaries} split points tried`,
  ];
  const headline =
    kind === 'relax'
      ? `At or under ${threshold} humans changed ${pct(underSide.changeRate)} of ${underSide.decided} decisions, over it ${pct(overSide.changeRate)}: relax at or under ${threshold}`
      : `Over ${threshold} humans corrected ${pct(overSide.changeRate)} of ${overSide.decided} released actions, at or under it ${pct(underSide.changeRate)}: require approval over ${threshold}`;
  return { split: { actionClass, control, kind, path, threshold, under: underSide, over: overSide, headline, evidence }, z: best.z };
}

function add(t: Tally, f: number): void {
  t.n++;
  if (f & CHANGED) t.changed++;
  if (f & REPORTED) t.reported++;
  if (f & BAD) t.bad++;
}

function minus(a: Tally, b: Tally): Tally {
  return { n: a.n - b.n, changed: a.changed - b.changed, reported: a.reported - b.reported, bad: a.bad - b.bad };
}

function side(t: Tally, min: number, max: number): SplitSide {
  return { decided: t.n, changed: t.changed, changeRate: t.n ? t.changed / t.n : null, changeCi: wilsonInterval(t.changed, t.n), reported: t.reported, failed: t.bad, min, max };
}

/** Pooled two-proportion z statistic for "over changes more often than under". */
function twoProportionZ(u: Tally, o: Tally): number {
  const p = (u.changed + o.changed) / (u.n + o.n);
  const se = Math.sqrt(p * (1 - p) * (1 / u.n + 1 / o.n));
  return se === 0 ? 0 : (o.changed / o.n - u.changed / u.n) / se;
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** The roundest number x with lo <= x < hi (fewest significant digits), so the condition reads like a person wrote it. */
export function niceBetween(lo: number, hi: number): number {
  if (!(hi > lo)) return lo;
  for (let step = 10 ** Math.ceil(Math.log10(Math.max(Math.abs(lo), Math.abs(hi), 1e-9))); step > 1e-9; step /= 10) {
    for (const unit of [step, step / 2]) {
      const x = Math.ceil(lo / unit) * unit;
      if (x >= lo && x < hi) return +x.toPrecision(12);
    }
  }
  return lo;
}
