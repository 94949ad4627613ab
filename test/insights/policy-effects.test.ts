// Proof after a policy change: seeded facts around a change day give the known before/after figures, and the
// tighten-back flag fires on a real failure rise after a relax but not on noise (a few extra failures within the
// interval), nor after a change that did not release anything.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InsightsCache } from '../../src/insights/cache.js';
import { policyEffects, type ClassChangeAt } from '../../src/insights/policy-effects.js';
import { Thresholds } from '../../src/shared/insights/schemas.js';
import { createFactsDb, HOUR, insertFacts, tempDir, type Fact } from './fixtures.js';

const DAY = 86_400_000;
const CHANGE = Date.UTC(2026, 8, 15, 12); // 2026-09-15 noon
const t = Thresholds.parse({});
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** `n` requests a day for `days` days starting at `fromDay` (day offsets from the change day), each shaped by `f`. */
function* facts(cls: string, fromDay: number, days: number, n: number, f: (i: number) => Partial<Fact>): Generator<Fact> {
  let i = 0;
  for (let d = fromDay; d < fromDay + days; d++)
    for (let k = 0; k < n; k++, i++) {
      const created = CHANGE - 12 * HOUR + d * DAY + k * 60_000;
      yield {
        request_id: `${cls}-${d}-${k}`,
        action_class: cls,
        control: 'approval',
        status: 'approved',
        created_at_ms: created,
        decided_at_ms: created + HOUR,
        verdict: 'approve',
        changed: 0,
        outcome_status: 'executed',
        ...f(i),
      };
    }
}

const change = (actionClass: string): ClassChangeAt => ({
  sourceId: 's',
  sourceName: 'Hub',
  version: 2,
  at: new Date(CHANGE).toISOString(),
  author: 'pat',
  rationale: 'why',
  actionClass,
  kind: 'changed',
});

describe('policy effects', () => {
  const db = createFactsDb(join(tmp.dir, 'facts.sqlite'));
  // refund.issue: 10 a day in approval before (1 in 50 changed, 1 in 100 failed); released to review after, where 1 in 10 fail.
  insertFacts(
    db,
    facts('refund.issue', -30, 30, 10, (i) => ({
      changed: i % 50 === 0 ? 1 : 0,
      verdict: i % 50 === 0 ? 'approve_with_edits' : 'approve',
      outcome_status: i % 100 === 0 ? 'failed' : 'executed',
    })),
  );
  insertFacts(
    db,
    facts('refund.issue', 1, 30, 10, (i) => ({
      control: 'review',
      status: 'released',
      verdict: null,
      changed: null,
      decided_at_ms: null,
      outcome_status: i % 10 === 0 ? 'rolled_back' : 'executed',
    })),
  );
  // email.send: released after too, failures 1 in 100 before and 1.5 in 100 after: noise.
  insertFacts(
    db,
    facts('email.send', -30, 30, 10, (i) => ({ outcome_status: i % 100 === 0 ? 'failed' : 'executed' })),
  );
  insertFacts(
    db,
    facts('email.send', 1, 30, 10, (i) => ({
      control: 'review',
      status: 'released',
      verdict: null,
      changed: null,
      decided_at_ms: null,
      outcome_status: i % 66 === 0 ? 'failed' : 'executed',
    })),
  );
  // crm.update: stays in approval, failures rise: not a relax, so no flag (the approval lane's own figures say keep).
  insertFacts(
    db,
    facts('crm.update', -30, 30, 10, () => ({})),
  );
  insertFacts(
    db,
    facts('crm.update', 1, 30, 10, (i) => ({ outcome_status: i % 5 === 0 ? 'failed' : 'executed' })),
  );
  // The change day itself is mixed and left out.
  insertFacts(
    db,
    facts('refund.issue', 0, 1, 50, () => ({ outcome_status: 'failed' })),
  );
  const cache = new InsightsCache(db, { now: () => CHANGE + 40 * DAY });
  const [refund, email, crm] = policyEffects(cache, [change('refund.issue'), change('email.send'), change('crm.update')], { windowDays: 30, thresholds: t });

  it('gives the class figures before and after, whole days on each side, the change day left out', () => {
    expect(refund!.before).toMatchObject({ period: { from: '2026-08-16', to: '2026-09-14' }, volume: 300, decided: 300, changed: 6, reported: 300, failedOrRolledBack: 3 });
    expect(refund!.before.byLane).toEqual([{ control: 'approval', volume: 300 }]);
    expect(refund!.before.changeRate).toBeCloseTo(0.02, 5);
    expect(refund!.before.waitMedianMs).toBe(HOUR);
    expect(refund!.before.heldHours).toBeCloseTo(300, 5);
    expect(refund!.after).toMatchObject({ period: { from: '2026-09-16', to: '2026-10-15' }, volume: 300, decided: 0, reported: 300, failedOrRolledBack: 30, heldHours: 0 });
    expect(refund!.after.byLane).toEqual([{ control: 'review', volume: 300 }]);
    expect(refund!.relaxed).toBe(true);
  });

  it('flags "tighten back?" on a failure rise beyond the interval, not on noise, not without a relax', () => {
    expect(refund!.tightenBack).not.toBeNull();
    expect(refund!.tightenBack!.join(' ')).toContain('10.0% of released actions failed or were rolled back (30 of 300');
    expect(email!.relaxed).toBe(true);
    expect(email!.tightenBack).toBeNull();
    expect(crm!.relaxed).toBe(false);
    expect(crm!.tightenBack).toBeNull();
  });
});
