// The summary cache: day partials for the whole history, kept in memory and brought up to date in slices.
// Why: a direct pass over a million facts takes over a second on a small machine; summing cached partials
// for a period takes milliseconds. The cache holds exactly what a direct pass would fold (same PartialBuilder),
// so figures from the cache and from the view agree.
//
// Keeping it current without knowing the base tables: recent days (where requests get decided and outcomes
// arrive) are re-folded when the cache is marked dirty or older than `recentMaxAgeMs`; the whole history is
// re-folded every `fullEveryMs` (late outcomes on old requests) or on demand.
import type Database from 'better-sqlite3';
import { DAY_MS, dayNumber } from '../shared/insights/format.js';
import { InsightsQuery, type InsightsQueryInput, type InsightsReport } from '../shared/insights/schemas.js';
import { scanPartials } from './compute.js';
import type { DayPartial } from './partials.js';
import { quorumFigures } from './quorum.js';
import { summarize } from './summarize.js';

export interface InsightsCacheOptions {
  /** Days back from now that a partial refresh re-folds (requests decided or reported on within this window are caught at once). */
  recentDays?: number;
  /** A dirty or older cache re-folds the recent days before answering. */
  recentMaxAgeMs?: number;
  /** The whole history is re-folded at least this often. */
  fullEveryMs?: number;
  now?: () => number;
  /** Changes whenever old history changed under the cache (rows removed or synced in): the next answer re-folds it all. */
  generation?: () => number;
  /**
   * A count that moves whenever the database is written (SQLite's total_changes() on the one connection that writes):
   * when it has not moved since the last fold, nothing can have changed and a recent refresh is skipped.
   */
  changes?: () => number;
}

/** Reports kept per data version: the periods a person flips between (7/30/90/365 days) answer at once. */
const MEMO_SIZE = 8;

export class InsightsCache {
  private byDay = new Map<number, DayPartial[]>();
  private fullAt = -Infinity;
  private recentAt = -Infinity;
  private dirty = true;
  private readonly recentDays: number;
  private readonly recentMaxAgeMs: number;
  private readonly fullEveryMs: number;
  private readonly now: () => number;
  private readonly generation: () => number;
  private foldedGeneration = -1;
  private readonly changes: (() => number) | null;
  private foldedChanges = NaN;
  /** Bumped by every refresh: a memoised report is valid only for the version it was computed at. */
  private version = 0;
  private readonly memo = new Map<
    string,
    { version: number; report: Omit<InsightsReport, 'computedAt' | 'computeMs' | 'cacheAsOf' | 'quorum'>; quorum: InsightsReport['quorum']; cacheAsOf: string }
  >();
  /** Rows folded by the last refresh (for the benchmark and diagnostics). */
  lastRefresh: { kind: 'full' | 'recent'; rows: number; ms: number } | null = null;

  constructor(
    private readonly db: Database.Database,
    opts: InsightsCacheOptions = {},
  ) {
    this.recentDays = opts.recentDays ?? 14;
    this.recentMaxAgeMs = opts.recentMaxAgeMs ?? 15_000;
    this.fullEveryMs = opts.fullEveryMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
    this.generation = opts.generation ?? (() => 0);
    this.changes = opts.changes ?? null;
  }

  /** Something changed (a decision, an outcome, a sync): the next answer re-folds recent days first. */
  markDirty(): void {
    this.dirty = true;
  }

  refresh(kind: 'full' | 'recent' = 'recent'): void {
    const t0 = performance.now();
    const now = this.now();
    this.version++;
    this.foldedChanges = this.changes?.() ?? NaN;
    if (kind === 'full') {
      this.foldedGeneration = this.generation();
      const { partials, rows } = scanPartials(this.db);
      this.byDay = group(partials);
      this.fullAt = this.recentAt = now;
      this.lastRefresh = { kind, rows, ms: performance.now() - t0 };
    } else {
      const fromDay = Math.floor(now / DAY_MS) - this.recentDays;
      const { partials, rows } = scanPartials(this.db, fromDay * DAY_MS);
      for (const day of [...this.byDay.keys()]) if (day >= fromDay) this.byDay.delete(day);
      for (const [day, ps] of group(partials)) this.byDay.set(day, ps);
      this.recentAt = now;
      this.lastRefresh = { kind, rows, ms: performance.now() - t0 };
    }
    this.dirty = false;
  }

  /** Brings the cache up to date as the options say (cheap when it already is). */
  ensureFresh(): void {
    const now = this.now();
    if (now - this.fullAt >= this.fullEveryMs || this.generation() !== this.foldedGeneration) this.refresh('full');
    else if (this.dirty || now - this.recentAt >= this.recentMaxAgeMs) {
      if (this.changes && this.changes() === this.foldedChanges) {
        // Nothing was written since the last fold: the partials are what a refresh would make.
        this.recentAt = now;
        this.dirty = false;
      } else this.refresh('recent');
    }
  }

  compute(input: InsightsQueryInput): InsightsReport {
    const t0 = performance.now();
    const q = InsightsQuery.parse(input);
    this.ensureFresh();
    const key = JSON.stringify(q);
    let hit = this.memo.get(key);
    if (hit?.version !== this.version) {
      const report = summarize(this.partialsBetween(dayNumber(q.period.from), dayNumber(q.period.to)), q);
      // Quorum figures are read directly: they cover only quorum requests (a partial index), a small share of the facts.
      hit = { version: this.version, report, quorum: quorumFigures(this.db, q), cacheAsOf: new Date(this.recentAt).toISOString() };
      this.memo.delete(key);
      this.memo.set(key, hit);
      for (const k of this.memo.keys()) if (this.memo.size > MEMO_SIZE) this.memo.delete(k);
    }
    // The same fields in the same order as a direct pass's report (computeInsights).
    return { ...hit.report, quorum: hit.quorum, computedAt: new Date(this.now()).toISOString(), cacheAsOf: hit.cacheAsOf, computeMs: performance.now() - t0 };
  }

  private *partialsBetween(from: number, to: number): Generator<DayPartial> {
    // Walk whichever is smaller: the period's days or the cached days.
    if (to - from + 1 <= this.byDay.size) {
      for (let d = from; d <= to; d++) yield* this.byDay.get(d) ?? [];
    } else {
      for (const [d, ps] of this.byDay) if (d >= from && d <= to) yield* ps;
    }
  }
}

function group(partials: DayPartial[]): Map<number, DayPartial[]> {
  const m = new Map<number, DayPartial[]>();
  for (const p of partials) {
    const l = m.get(p.day);
    if (l) l.push(p);
    else m.set(p.day, [p]);
  }
  return m;
}
