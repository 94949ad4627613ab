// The summary cache keyed by data version: with nothing written since its last fold it answers without re-reading
// (the console's tab click no longer pays a 14-day re-fold), a repeated period is served from its memo, and any
// write (total_changes() moves) brings the new row into the very next answer, never a stale memo.
import { afterAll, expect, it } from 'vitest';
import { InsightsCache } from '../../src/insights/cache.js';
import { createFactsDb, HOUR, insertFacts, T0, tempDir, type Fact } from './fixtures.js';

const tmp = tempDir('cs-cache-version-');
afterAll(() => tmp.cleanup());

const fact = (i: number): Fact => ({
  request_id: `r${i}`,
  action_class: 'refund.issue',
  control: 'approval',
  status: 'approved',
  created_at_ms: T0 + i * HOUR,
  decided_at_ms: T0 + i * HOUR + 60_000,
  verdict: 'approve',
  changed: 0,
});

it('skips the re-fold when nothing was written, memoises a period, and shows a new write at once', () => {
  const db = createFactsDb(`${tmp.dir}/facts.db`);
  insertFacts(db, [fact(1), fact(2)]);
  let now = T0 + 5 * 86_400_000;
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const cache = new InsightsCache(db, { now: () => now, recentMaxAgeMs: 1_000, changes: () => totalChanges.get() as number });
  const q = { period: { from: '2026-10-01', to: '2026-10-07' }, seriesClasses: 6 };
  expect(cache.compute(q).totals.volume).toBe(2);
  const folded = cache.lastRefresh;

  // Old enough to re-fold by age, but nothing was written: no re-read, and the same figures.
  now += 5_000;
  cache.markDirty();
  const again = cache.compute(q);
  expect(cache.lastRefresh).toBe(folded);
  expect(again.totals.volume).toBe(2);
  expect(again.rows).toBe(cache.compute(q).rows); // the memo: the same rows object, not recomputed

  // A write moves total_changes(): the next answer re-folds and counts it, the memo is not served.
  insertFacts(db, [fact(3)]);
  now += 5_000;
  const after = cache.compute(q);
  expect(cache.lastRefresh).not.toBe(folded);
  expect(after.totals.volume).toBe(3);
  db.close();
});

it('charts only the classes with the most decisions when asked, with the same figures per class', () => {
  const db = createFactsDb(`${tmp.dir}/classes.db`);
  const facts: Fact[] = [];
  for (let c = 0; c < 9; c++) for (let i = 0; i <= c; i++) facts.push({ ...fact(c * 10 + i), request_id: `c${c}-${i}`, action_class: `class.${c}` });
  insertFacts(db, facts);
  const cache = new InsightsCache(db, { now: () => T0 + 30 * 86_400_000 });
  const period = { from: '2026-10-01', to: '2026-10-31' };
  const all = cache.compute({ period });
  const top = cache.compute({ period, seriesClasses: 3 });
  expect(all.series.classes).toHaveLength(9);
  expect(top.series.classes.map((c) => c.actionClass)).toEqual(['class.6', 'class.7', 'class.8']);
  expect(top.series.classes).toEqual(all.series.classes.filter((c) => ['class.6', 'class.7', 'class.8'].includes(c.actionClass)));
  expect(top.rows).toEqual(all.rows);
  db.close();
});
