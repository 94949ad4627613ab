// What-if replays the seeded month through classify() with a proposed class and counts exactly what would change.
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatIf } from '../../src/insights/what-if.js';
import type { ActionClassInput } from '../../src/shared/domain.js';
import { createFactsDb, insertFacts, tempDir } from './fixtures.js';
import { PERIOD, seededMonth } from './seeded.js';

let db: Database.Database;
let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
  db = createFactsDb(`${tmp.dir}/facts.db`);
  insertFacts(db, seededMonth());
  insertFacts(db, [
    { request_id: 'refund-bad-json', action_class: 'refund.issue', control: 'approval', status: 'pending', created_at_ms: Date.UTC(2026, 9, 20), action_json: '{not json' },
  ]);
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

// refund.issue is irreversible; amounts of 400 or more also need named accountability -> approval. Under 400: review.
const refundUnder400ToReview: ActionClassInput = {
  name: 'refund.issue',
  factors: ['irreversible'],
  conditionalFactors: [{ factor: 'named_accountability', when: [{ path: 'args.amount', op: 'gte', value: 400 }] }],
  defaultLane: 'review',
};

describe('what-if', () => {
  it('counts removed approvals and waiting, and lists what a human in fact changed', () => {
    const r = whatIf(db, { period: PERIOD, proposed: refundUnder400ToReview });
    // 40 decided (amounts 10..400), 2 expired, 1 pending, 1 withdrawn (no amount -> 1 factor -> review); bad JSON is counted apart
    expect(r.replayed).toBe(44);
    expect(r.unreadable).toBe(1);
    expect(r.removedApprovals).toBe(43); // all but amount 400
    expect(r.moved).toEqual([{ from: 'approval', to: 'review', count: 43 }]);
    // waits 1..39 minutes (780 min = 13 h) plus two expiries of 24 h
    expect(r.removedWaitHours).toBeCloseTo(13 + 48, 9);
    expect(r.letThroughChanged).toBe(3); // two edited (amounts 370, 380), one rejected (390)
    expect(r.letThroughFailed).toBe(1); // amount 300 failed after release
    expect(r.items.map((i) => [i.requestId, i.verdict, i.changed, i.outcomeStatus])).toEqual([
      ['refund-30', 'approve', false, 'failed'],
      ['refund-37', 'approve_with_edits', true, null],
      ['refund-38', 'approve_with_edits', true, null],
      ['refund-39', 'reject', true, null],
    ]);
    expect(r.items[1]).toMatchObject({ from: 'approval', to: 'review', decidedBy: 'alice', waitMs: 37 * 60_000 });
    expect(r.itemsTruncated).toBe(false);
    expect(whatIf(db, { period: PERIOD, proposed: refundUnder400ToReview, itemLimit: 2 }).itemsTruncated).toBe(true);
  });

  it('a tighter policy adds approvals and removes none', () => {
    const r = whatIf(db, { period: PERIOD, proposed: { name: 'crm.update', factors: ['irreversible', 'policy_legal'] } });
    expect(r).toMatchObject({ replayed: 50, addedApprovals: 50, removedApprovals: 0, letThroughChanged: 0, items: [] });
  });

  it('the unchanged policy changes nothing, and bad input is refused clearly', () => {
    const same = whatIf(db, { period: PERIOD, proposed: { name: 'email.send', factors: ['irreversible', 'named_accountability'] } });
    expect(same).toMatchObject({ replayed: 100, removedApprovals: 0, addedApprovals: 0, moved: [] });
    expect(() => whatIf(db, { period: PERIOD, proposed: { name: 'bad name!' } })).toThrow(/letters, digits/);
  });
});
