// A recommendation as a policy edit: replayed through the real classify(), relax/tighten of the whole class and the
// threshold split send exactly the actions on each side of the threshold where they should go, and nothing else moves.
import { describe, expect, it } from 'vitest';
import { ActionClass } from '../../src/shared/domain.js';
import { classify } from '../../src/shared/policy.js';
import { numericPaths, proposedEdit } from '../../src/shared/insights/proposed-edit.js';

const lane = (cls: ActionClass, amount: number, sql = 'UPDATE t') => classify(cls, { name: 'x', args: { amount, sql } }, { requestId: `r-${amount}` }).control;
const sqlClass = ActionClass.parse({
  name: 'db.sql.production',
  factors: ['irreversible', 'outside_lane', 'named_accountability'],
  conditionalFactors: [{ factor: 'policy_legal', when: [{ path: 'args.rows', op: 'gt', value: 1000 }] }],
  escalateWhen: [{ path: 'args.sql', op: 'matches', value: '^DROP' }],
});
const refund = ActionClass.parse({
  name: 'refund.issue',
  factors: ['outside_lane'],
  conditionalFactors: [{ factor: 'irreversible', when: [{ path: 'args.amount', op: 'gt', value: 100 }] }],
});

describe('proposedEdit', () => {
  it('relaxes the whole class to its default lane, keeping escalation', () => {
    const e = proposedEdit(sqlClass, 'relax');
    if (!e.ok) throw new Error(e.reason);
    expect(e.cls).toEqual({ ...sqlClass, override: 'review' });
    expect(lane(e.cls, 10)).toBe('review');
    expect(lane(e.cls, 10, 'DROP TABLE x')).toBe('escalation');
  });

  it('splits a relax at a threshold: at or under it the default lane, over it approval exactly as before', () => {
    const e = proposedEdit(sqlClass, 'relax', { path: 'args.amount', threshold: 80 });
    if (!e.ok) throw new Error(e.reason);
    for (const a of [0, 79, 80]) expect(lane(e.cls, a)).toBe('review');
    for (const a of [80.5, 81, 10_000]) expect(lane(e.cls, a)).toBe('approval');
    expect(lane(e.cls, 10, 'DROP TABLE x')).toBe('escalation');
    // Over the threshold every factor holds as before (same reasons, so the same risk).
    const before = classify(sqlClass, { name: 'x', args: { amount: 500, rows: 5000 } }, { requestId: 'r' });
    const after = classify(e.cls, { name: 'x', args: { amount: 500, rows: 5000 } }, { requestId: 'r' });
    expect(after.risk).toBe(before.risk);
  });

  it('tightens a review class over a threshold only, and refuses a split of a class forced to approval', () => {
    const e = proposedEdit(refund, 'tighten', { path: 'args.count', threshold: 3 });
    if (!e.ok) throw new Error(e.reason);
    const at = (amount: number, count: number) => classify(e.cls, { name: 'x', args: { amount, count } }, { requestId: 'r' }).control;
    expect(at(50, 3)).toBe('review');
    expect(at(50, 4)).toBe('approval');
    expect(at(500, 1)).toBe('approval'); // what already needed approval still does
    expect(proposedEdit({ ...refund, override: 'approval' }, 'relax', { path: 'args.amount', threshold: 5 })).toMatchObject({ ok: false });
    expect(proposedEdit(refund, 'relax', { path: ' ', threshold: 5 })).toMatchObject({ ok: false });
    expect(numericPaths(refund)).toEqual(['args.amount']);
  });
});
