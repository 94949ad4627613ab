// The Policy view's plain words (src/shared/policy-words.ts) for the shapes the policy allows.
import { describe, expect, it } from 'vitest';
import { ActionClass } from '../../src/shared/domain.js';
import { conditionWords, factorWords, laneWords, rightsWords } from '../../src/shared/policy-words.js';

describe('policy in plain words', () => {
  it('says conditions as the action reads, not as the file is written', () => {
    expect(conditionWords({ path: 'args.amount', op: 'gt', value: 1000 })).toBe('amount is over 1,000');
    expect(conditionWords({ path: 'args.to.0', op: 'matches', value: '@example\\.com$' })).toBe('to 0 matches the pattern "@example\\.com$"');
    expect(conditionWords({ path: 'args.env', op: 'in', value: ['prod', 'staging'] })).toBe('env is one of "prod", "staging"');
    expect(conditionWords({ path: 'args.reason', op: 'exists' })).toBe('reason is given');
  });

  it('says what happens to the class and who decides', () => {
    const always = ActionClass.parse({ name: 'sql.prod', factors: ['irreversible', 'named_accountability'], approvals: 2, deciders: ['platform-oncall'], ownerGroup: 'platform' });
    expect(laneWords(always)).toBe("Always waits for a human's approval: 2 risk factors always hold.");
    expect(rightsWords(always)).toEqual(['Who decides: only platform-oncall.', '2 different people must approve the same action.', 'Escalations go to platform.']);
    const audit = ActionClass.parse({ name: 'ticket.route', defaultLane: 'audit', auditSampleRate: 0.05 });
    expect(laneWords(audit)).toBe('Never needs approval by the two-factor rule: released at once; a sample is audited (5 %).');
    const conditional = ActionClass.parse({
      name: 'refund.issue',
      factors: ['irreversible'],
      conditionalFactors: [{ factor: 'named_accountability', when: [{ path: 'args.amount', op: 'gt', value: 100 }] }],
    });
    expect(laneWords(conditional)).toContain('when two or more risk factors hold; otherwise released at once and queued for review');
    expect(factorWords(conditional)[1]).toBe('The business expects a named human to answer for it: when amount is over 100');
    expect(rightsWords(conditional)[0]).toBe('Who decides: any approver.');
  });
});
