// The ASCII fast path for hidden characters must never miss what the full scan finds.
import { describe, expect, it } from 'vitest';
import { hasHiddenChars } from '../../src/core/store/rows.js';
import { findHiddenInValue } from '../../src/shared/hidden-chars.js';
import { laneOf } from '../../src/core/store/lanes.js';
import { request } from './fixtures.js';

const SAMPLES = [
  'plain ascii text, with punctuation!?',
  'tab\tnew\nline\rreturn',
  'bell\u0007',
  'nul\u0000',
  'backspace\b formfeed\f',
  'del\u007f',
  'c1\u0085',
  'rtl \u202Eexe.txt',
  'zero\u200Bwidth',
  'pаypal', // Cyrillic a
  'emoji 😀 only',
  'café',
  'literal backslash-u \\u0041 text',
  '\uFE0F variation',
  'tag \u{E0041}',
  'Refund €450.00 to Zoë for the naïve café order 日本語',
];

describe('hidden-character fast path', () => {
  it.each(SAMPLES)('agrees with the full scan for %j in the summary, an arg value and a key', (s) => {
    const full = (summary: string, action: unknown) => findHiddenInValue({ summary, action }).length > 0;
    const a1 = { name: 'x', args: { v: s } };
    const a2 = { name: 'x', args: { [s]: 1 } };
    expect(hasHiddenChars(s, { name: 'x', args: {} }, JSON.stringify({ name: 'x', args: {} }))).toBe(full(s, { name: 'x', args: {} }));
    expect(hasHiddenChars('ok', a1, JSON.stringify(a1))).toBe(full('ok', a1));
    expect(hasHiddenChars('ok', a2, JSON.stringify(a2))).toBe(full('ok', a2));
  });
});

describe('hidden-character fast path, exhaustively', () => {
  it('never misses a flagged code point in the BMP, the tag block or the variation selectors', () => {
    const ranges: Array<[number, number]> = [
      [0, 0xd7ff],
      [0xe000, 0xffff],
      [0xe0000, 0xe007f],
      [0x1f600, 0x1f64f],
    ];
    const misses: string[] = [];
    for (const [a, b] of ranges)
      for (let cp = a; cp <= b; cp++) {
        const ch = String.fromCodePoint(cp);
        const text = `a${ch}a`; // inside a Latin word, so look-alike letters count
        const action = { name: 'x', args: { v: text } };
        const full = findHiddenInValue({ summary: text, action }).length > 0;
        if (full && !hasHiddenChars(text, action, JSON.stringify(action))) misses.push(cp.toString(16));
        if (full && !hasHiddenChars('ok', action, JSON.stringify(action))) misses.push(`json:${cp.toString(16)}`);
      }
    expect(misses).toEqual([]);
  });
});

describe('lane rule', () => {
  it('follows the documented rule', () => {
    expect(laneOf(request({ id: 'a' }), false)).toBe('approvals');
    expect(laneOf(request({ id: 'a' }), true)).toBe('decided');
    expect(laneOf(request({ id: 'a', control: 'escalation' }), false)).toBe('escalations');
    expect(laneOf(request({ id: 'a', control: 'review', status: 'released' }), false)).toBe('reviews');
    expect(laneOf(request({ id: 'a', control: 'audit', status: 'released', reasons: [] }), false)).toBeNull();
    expect(laneOf(request({ id: 'a', control: 'audit', status: 'released', reasons: [{ factor: null, kind: 'sampled', detail: '' }] }), false)).toBe('audit');
    expect(laneOf(request({ id: 'a', status: 'withdrawn' }), false)).toBe('decided');
    expect(laneOf(request({ id: 'a' }), false, true)).toBe('decided');
  });
});
