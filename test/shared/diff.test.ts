import { describe, expect, it } from 'vitest';
import { actionChanged, actionPatch } from '../../src/shared/diff.js';

describe('proposed versus edited', () => {
  const proposed = { name: 'refund', args: { amount: 250, note: 'sorry', items: [1, 2] } };
  it('is an RFC 6902 patch from proposed to edited', () => {
    const edited = { name: 'refund', args: { amount: 100, note: 'sorry', items: [1], reason: 'partial' } };
    const ops = actionPatch(proposed, edited);
    expect(ops).toContainEqual({ op: 'replace', path: '/args/amount', value: 100 });
    expect(ops).toContainEqual({ op: 'remove', path: '/args/items/1' });
    expect(ops).toContainEqual({ op: 'add', path: '/args/reason', value: 'partial' });
    expect(actionChanged(proposed, edited)).toBe(true);
  });
  it('is empty when nothing changed or nothing was edited', () => {
    expect(actionPatch(proposed, structuredClone(proposed))).toEqual([]);
    expect(actionPatch(proposed, null)).toEqual([]);
    expect(actionChanged(proposed, undefined)).toBe(false);
  });
});
