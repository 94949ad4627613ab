// Seeded data with known answers: every figure, interval and recommendation, from a real SQLite file.
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InsightsCache } from '../../src/insights/cache.js';
import { computeInsights } from '../../src/insights/compute.js';
import type { InsightsReport, LaneFigures } from '../../src/shared/insights/schemas.js';
import { createFactsDb, HOUR, insertFacts, MIN, T0, tempDir } from './fixtures.js';
import { PERIOD, seededMonth } from './seeded.js';

let db: Database.Database;
let tmp: ReturnType<typeof tempDir>;
let report: InsightsReport;
const row = (cls: string, control: string): LaneFigures => {
  const r = report.rows.find((x) => x.actionClass === cls && x.control === control);
  if (!r) throw new Error(`no row ${cls}/${control}`);
  return r;
};

beforeAll(() => {
  tmp = tempDir();
  db = createFactsDb(`${tmp.dir}/facts.db`);
  insertFacts(db, seededMonth());
  report = computeInsights(db, { period: PERIOD });
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

describe('insights figures on a seeded month', () => {
  it('splits refund.issue approvals exactly, with the Wilson interval, waits and held hours', () => {
    const r = row('refund.issue', 'approval');
    expect(r).toMatchObject({ volume: 44, pending: 1, withdrawn: 1, expired: 2, approvedUnchanged: 36, approvedWithEdits: 2, rejected: 2, decided: 40, changed: 4, escalated: 0 });
    expect(r.changeRate).toBe(0.1);
    expect(r.changeCi!.low).toBeCloseTo(0.03958, 5);
    expect(r.changeCi!.high).toBeCloseTo(0.23052, 5);
    // waits 1..40 minutes: median (20 + 21) / 2, p90 at rank 35.1 -> 36.1 minutes
    expect(r.wait).toEqual({ count: 40, medianMs: 20.5 * MIN, p90Ms: 36.1 * MIN });
    // held: 1+2+...+40 = 820 minutes plus two expiries of 24 h
    expect(r.heldHours).toBeCloseTo(820 / 60 + 48, 9);
    expect(r.outcomes).toMatchObject({ reported: 30, executed: 29, failed: 1, rolledBack: 0 });
    expect(r.outcomes.failureRate).toBeCloseTo(1 / 30, 12);
    expect(r.recommendation.kind).toBe('keep');
    expect(r.recommendation.filter).toMatchObject({ actionClass: 'refund.issue', control: 'approval', only: 'changed', period: PERIOD });
    expect(r.recommendation.evidence.join('\n')).toContain('95% Wilson interval 4.0%–23.1%');
  });

  it('recommends relax only with enough decisions, a low upper bound and enough clean outcomes', () => {
    const r = row('email.send', 'approval');
    expect(r).toMatchObject({ decided: 100, changed: 0, changeRate: 0 });
    expect(r.changeCi).toEqual({ low: 0, high: expect.closeTo(0.036993, 6) });
    expect(r.wait).toEqual({ count: 100, medianMs: 5 * MIN, p90Ms: 5 * MIN });
    expect(r.heldHours).toBeCloseTo(500 / 60, 9);
    expect(r.recommendation.kind).toBe('relax');
    expect(r.recommendation.needs).toBeNull();
  });

  it('tightens a review lane whose samples are often changed', () => {
    const r = row('crm.update', 'review');
    expect(r).toMatchObject({ decided: 50, changed: 20, approvedWithEdits: 10, rejected: 10, changeRate: 0.4, heldHours: 0 });
    expect(r.changeCi!.low).toBeCloseTo(0.276084, 6);
    expect(r.recommendation.kind).toBe('tighten');
    expect(r.recommendation.filter.only).toBe('changed');
  });

  it('says how many more decisions an audit lane needs, and counts released outcomes', () => {
    const r = row('summary.draft', 'audit');
    expect(r).toMatchObject({ volume: 200, sampled: 10, decided: 10, releasedUnreviewed: 190, changed: 0 });
    expect(r.outcomes).toMatchObject({ reported: 153, executed: 150, rolledBack: 3, failed: 0 });
    expect(r.recommendation.kind).toBe('not_enough_data');
    expect(r.recommendation.needs).toEqual({ decisions: 20, outcomes: 0 });
    expect(r.recommendation.headline).toContain('needs 20 more reviewed decisions');
  });

  it('will not relax on a low change rate without enough reported outcomes', () => {
    const r = row('kb.publish', 'approval');
    expect(r).toMatchObject({ decided: 80, changed: 0 });
    expect(r.recommendation.kind).toBe('not_enough_data');
    expect(r.recommendation.needs).toEqual({ decisions: 0, outcomes: 20 });
    const e = row('kb.publish', 'escalation');
    expect(e).toMatchObject({ volume: 3, escalated: 3, decided: 0 });
    expect(e.heldHours).toBeCloseTo(1.5, 9);
    expect(e.recommendation.kind).toBe('not_enough_data');
  });

  it('settable thresholds change the verdict', () => {
    const loose = computeInsights(db, { period: PERIOD, thresholds: { minDecisions: 5, maxChangeRateUpper: 0.25, maxFailureRate: 0.05 } });
    const r = loose.rows.find((x) => x.actionClass === 'refund.issue' && x.control === 'approval')!;
    expect(r.recommendation.kind).toBe('relax');
    const audit = loose.rows.find((x) => x.actionClass === 'summary.draft')!;
    expect(audit.recommendation.kind).toBe('keep');
  });

  it('totals, filters, facets and series add up', () => {
    expect(report.totals.volume).toBe(44 + 100 + 50 + 200 + 80 + 3);
    expect(report.totals.decided).toBe(40 + 100 + 50 + 10 + 80);
    expect(report.facets.actionClasses).toEqual(['crm.update', 'email.send', 'kb.publish', 'refund.issue', 'summary.draft']);
    const onlyReview = computeInsights(db, { period: PERIOD, control: 'review' });
    expect(onlyReview.rows.map((r) => r.actionClass)).toEqual(['crm.update']);
    expect(report.series.bucket).toBe('day');
    expect(report.series.buckets).toHaveLength(31);
    const vol = report.series.volumeByLane.reduce((s, l) => s + l.volume.reduce((a, b) => a + b, 0), 0);
    expect(vol).toBe(report.totals.volume);
    const crm = report.series.classes.find((c) => c.actionClass === 'crm.update')!;
    const crmDecided = crm.points.reduce((s, p) => s + p.decided, 0);
    expect(crmDecided).toBe(50);
    // A year is charted by week.
    const year = computeInsights(db, { period: { from: '2026-01-01', to: '2026-12-31' } });
    expect(year.series.bucket).toBe('week');
    expect(year.series.buckets).toHaveLength(53);
  });

  it('rejects a bad query with a clear error', () => {
    expect(() => computeInsights(db, { period: { from: '2026-10-31', to: '2026-10-01' } })).toThrow(/from.*must not be after/);
    expect(() => computeInsights(db, { period: { from: '2026-02-30', to: '2026-03-01' } })).toThrow();
    expect(() => computeInsights(db, { period: PERIOD, thresholds: { minDecisions: 0 } })).toThrow();
  });

  it('the summary cache gives the same figures as a direct pass, and sees new decisions once marked dirty', () => {
    let now = T0 + 10 * 24 * HOUR;
    const cache = new InsightsCache(db, { now: () => now, recentDays: 14, recentMaxAgeMs: 60_000 });
    const strip = (r: InsightsReport) => ({ ...r, computedAt: '', cacheAsOf: null, computeMs: 0 });
    expect(strip(cache.compute({ period: PERIOD }))).toEqual(strip(report));
    expect(cache.lastRefresh?.kind).toBe('full');
    insertFacts(db, [
      {
        request_id: 'late-1',
        action_class: 'email.send',
        control: 'approval',
        status: 'rejected',
        created_at_ms: T0 + 9 * 24 * HOUR,
        decided_at_ms: T0 + 9 * 24 * HOUR + MIN,
        verdict: 'reject',
        changed: 1,
        decided_by: 'bob',
      },
    ]);
    // Not dirty and young: the cached answer stands (by design); once dirty, the recent days are re-folded.
    expect(cache.compute({ period: PERIOD }).rows.find((r) => r.actionClass === 'email.send')!.decided).toBe(100);
    cache.markDirty();
    const after = cache.compute({ period: PERIOD });
    expect(cache.lastRefresh?.kind).toBe('recent');
    expect(after.rows.find((r) => r.actionClass === 'email.send')!.decided).toBe(101);
    expect(strip(after)).toEqual(strip(computeInsights(db, { period: PERIOD })));
    db.prepare("DELETE FROM facts WHERE request_id = 'late-1'").run();
    now += 11 * 60_000; // past fullEveryMs: the whole history is re-folded
    expect(strip(cache.compute({ period: PERIOD }))).toEqual(strip(report));
    expect(cache.lastRefresh?.kind).toBe('full');
  });
});
