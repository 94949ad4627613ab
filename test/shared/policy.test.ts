import { describe, expect, it } from 'vitest';
import { ActionClass } from '../../src/shared/domain.js';
import { classify, conditionHolds, readPath, sampleFraction } from '../../src/shared/policy.js';

const refund = ActionClass.parse({
  name: 'refund.issue',
  factors: ['outside_lane'],
  conditionalFactors: [{ factor: 'irreversible', when: [{ path: 'args.amount', op: 'gt', value: 100 }] }],
  defaultLane: 'review',
});
const action = (args: Record<string, unknown>) => ({ name: 'refund', args });

describe('classify: the two-factor rule', () => {
  it('runs a one-factor class in its default lane and records why', () => {
    const c = classify(refund, action({ amount: 40 }));
    expect(c.control).toBe('review');
    expect(c.factors).toEqual(['outside_lane']);
    expect(c.reasons.map((r) => r.factor)).toEqual(['outside_lane']);
  });

  it('requires approval when an argument condition adds a second factor', () => {
    const c = classify(refund, action({ amount: 250 }));
    expect(c.control).toBe('approval');
    expect(c.factors.sort()).toEqual(['irreversible', 'outside_lane']);
    expect(c.reasons.find((r) => r.kind === 'conditional_factor')?.detail).toContain('args.amount gt 100');
  });

  it('fails closed for an unknown class', () => {
    const c = classify(undefined, action({}));
    expect(c.control).toBe('approval');
    expect(c.reasons[0]?.kind).toBe('unknown_class');
  });

  it('escalates when the agent asks or the policy says so', () => {
    expect(classify(refund, action({ amount: 1 }), { escalate: true }).control).toBe('escalation');
    const cls = ActionClass.parse({ name: 'x', escalateWhen: [{ path: 'args.vip', op: 'eq', value: true }] });
    expect(classify(cls, action({ vip: true })).control).toBe('escalation');
    expect(classify(cls, action({ vip: false })).control).toBe('review');
  });

  it('applies a per-class override and says so', () => {
    const cls = ActionClass.parse({ ...refund, override: 'audit', auditSampleRate: 1 });
    const c = classify(cls, action({ amount: 500 }), { requestId: 'r1' });
    expect(c.control).toBe('audit');
    expect(c.sampled).toBe(true);
    expect(c.reasons.map((r) => r.kind)).toContain('override');
  });

  it('samples audit items deterministically at the class rate', () => {
    const cls = ActionClass.parse({ name: 'summary.draft', defaultLane: 'audit', auditSampleRate: 0.25 });
    let sampled = 0;
    for (let i = 0; i < 4000; i++) if (classify(cls, action({}), { requestId: `req-${i}` }).sampled) sampled++;
    expect(sampled / 4000).toBeGreaterThan(0.2);
    expect(sampled / 4000).toBeLessThan(0.3);
    expect(sampleFraction('abc')).toBe(sampleFraction('abc'));
  });
});

describe('conditions', () => {
  const a = action({ amount: '120', to: ['x@example.com'], country: 'DE', nested: { deep: 1 } });
  it('reads dot paths and never walks the prototype', () => {
    expect(readPath(a, 'args.to.0')).toBe('x@example.com');
    expect(readPath(a, 'args.__proto__')).toBeUndefined();
    expect(readPath(a, 'args.nested.deep')).toBe(1);
  });
  it('evaluates every operator', () => {
    expect(conditionHolds({ path: 'args.amount', op: 'gt', value: 100 }, a)).toBe(true); // numeric strings count
    expect(conditionHolds({ path: 'args.amount', op: 'lte', value: 100 }, a)).toBe(false);
    expect(conditionHolds({ path: 'args.country', op: 'in', value: ['DE', 'FR'] }, a)).toBe(true);
    expect(conditionHolds({ path: 'args.country', op: 'not_in', value: ['DE'] }, a)).toBe(false);
    expect(conditionHolds({ path: 'args.to.0', op: 'matches', value: '@example\\.com$' }, a)).toBe(true);
    expect(conditionHolds({ path: 'args.to.0', op: 'matches', value: '(' }, a)).toBe(false); // bad regex: false, no throw
    expect(conditionHolds({ path: 'args.missing', op: 'exists' }, a)).toBe(false);
    expect(conditionHolds({ path: 'args.missing', op: 'gt', value: 1 }, a)).toBe(false);
  });
});
