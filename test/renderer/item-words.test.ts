// Words on the item that must agree with what happened (#15, seen in screenshots): a released action is headed "What
// ran", never "What was proposed"; a failed outcome reads as failure; the undo countdown never exceeds its window; and
// a released item's note does not claim an approval it never needed.
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, Reason } from '../../src/shared/domain.js';
import { cardHeading, decidedTone, releasedRuleNote } from '../../src/renderer/item/item-words.js';
import { secondsLeft } from '../../src/renderer/decide/undo-countdown.js';

const req = (over: Partial<ApprovalRequest>) => ({ status: 'pending', decision: null, outcome: null, ...over }) as ApprovalRequest;
const factor = (f: Reason['factor']): Reason => ({ factor: f, detail: '', kind: 'factor' });

describe('the card heading', () => {
  it('says what ran for a released action, also once it is decided (reviewed)', () => {
    expect(cardHeading({ lane: 'decided', request: req({ status: 'released' }) })).toBe('What ran');
    expect(cardHeading({ lane: 'reviews', request: req({ status: 'released' }) })).toBe('What ran');
  });
  it('says what was approved, what ran once it took effect, and what was proposed otherwise', () => {
    const decision = { editedAction: null } as ApprovalRequest['decision'];
    expect(cardHeading({ lane: 'decided', request: req({ status: 'approved', decision }) })).toBe('What was approved');
    expect(cardHeading({ lane: 'decided', request: req({ status: 'approved', decision, outcome: { status: 'executed', detail: '', reportedAt: '' } }) })).toBe('What ran');
    expect(cardHeading({ lane: 'decided', request: req({ status: 'approved', decision: { editedAction: { name: 'x', args: {} } } as ApprovalRequest['decision'] }) })).toBe(
      'What was proposed',
    );
    expect(cardHeading({ lane: 'decided', request: req({ status: 'rejected' }) })).toBe('What was proposed');
    expect(cardHeading({ lane: 'approvals', request: req({}) })).toBe('What will happen');
  });
});

describe('the decided panel tone', () => {
  it('reads as failure when the outcome failed or was rolled back, whatever the verdict', () => {
    expect(decidedTone({ verdict: 'approve' }, { status: 'failed' })).toBe('bad');
    expect(decidedTone({ verdict: 'approve' }, { status: 'rolled_back' })).toBe('bad');
    expect(decidedTone({ verdict: 'reject' }, { status: 'failed' })).toBe('bad');
    expect(decidedTone({ verdict: 'approve' }, { status: 'executed' })).toBe('ok');
    expect(decidedTone({ verdict: 'approve' }, null)).toBe('ok');
    expect(decidedTone({ verdict: 'reject' }, null)).toBe('neutral');
    expect(decidedTone({ verdict: 'resolve' }, null)).toBe('neutral');
  });
});

describe('the undo countdown', () => {
  it('never counts more seconds than the window it states, even when the clock lags the decision', () => {
    const u = { releaseAt: 10_000, windowS: 5 };
    expect(secondsLeft(u, 4_400)).toBe(5);
    expect(secondsLeft(u, 5_000)).toBe(5);
    expect(secondsLeft(u, 9_100)).toBe(1);
    expect(secondsLeft(u, 12_000)).toBe(0);
  });
});

describe('a released item’s note', () => {
  it('names the rule it met (under two factors) or the override, never a need for approval', () => {
    expect(releasedRuleNote({ control: 'review', reasons: [factor('outside_lane')] })).toBe('approval starts at two factors');
    const override: Reason = { factor: null, detail: '', kind: 'override' };
    expect(releasedRuleNote({ control: 'review', reasons: [factor('irreversible'), factor('outside_lane'), override] })).toBe(
      'released by the class’s override, whatever its factors',
    );
    expect(releasedRuleNote({ control: 'approval', reasons: [] })).toBeNull();
    for (const control of ['review', 'audit'] as const) expect(releasedRuleNote({ control, reasons: [] }) ?? '').not.toMatch(/needed from two|is needed/);
  });
});
