// Insights straight from the `insight_facts` view: one streaming pass (raw rows, no objects) over the period.
// Always exact and always current; the summary cache (cache.ts) answers the same question faster.
import type Database from 'better-sqlite3';
import { DAY_MS, dayNumber } from '../shared/insights/format.js';
import { InsightsQuery, type InsightsQueryInput, type InsightsReport } from '../shared/insights/schemas.js';
import { FACT_COLUMNS, PartialBuilder, type DayPartial, type FactRow } from './partials.js';
import { quorumFigures } from './quorum.js';
import { summarize } from './summarize.js';

/** Folds every fact created in [fromMs, toMs) into day partials. */
export function scanPartials(db: Database.Database, fromMs = -8.64e15, toMs = 8.64e15): { partials: DayPartial[]; rows: number; skipped: number } {
  const stmt = db.prepare(`SELECT ${FACT_COLUMNS} FROM insight_facts WHERE created_at_ms >= ? AND created_at_ms < ?`).raw(true);
  const b = new PartialBuilder();
  for (const r of stmt.iterate(fromMs, toMs)) b.add(r as FactRow);
  return { partials: b.seal(), rows: b.rows, skipped: b.skipped };
}

function periodRangeMs(q: InsightsQuery): [number, number] {
  return [dayNumber(q.period.from) * DAY_MS, (dayNumber(q.period.to) + 1) * DAY_MS];
}

export function computeInsights(db: Database.Database, input: InsightsQueryInput): InsightsReport {
  const t0 = performance.now();
  const q = InsightsQuery.parse(input);
  const [fromMs, toMs] = periodRangeMs(q);
  const { partials } = scanPartials(db, fromMs, toMs);
  const report = summarize(partials, q);
  return { ...report, quorum: quorumFigures(db, q), computedAt: new Date().toISOString(), cacheAsOf: null, computeMs: performance.now() - t0 };
}
