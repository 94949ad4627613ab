// The interval and quantile methods against published and hand-worked numbers.
import { describe, expect, it } from 'vitest';
import { quantile } from '../../src/insights/quantile.js';
import { wilsonInterval } from '../../src/shared/insights/wilson.js';

describe('Wilson score interval (95%)', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i -> %f..%f', (x, n, low, high) => {
    const ci = wilsonInterval(x, n)!;
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });
  it('is exactly 0 or 1 at the edges, null without data, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 100)!.low).toBe(0);
    expect(wilsonInterval(100, 100)!.high).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
  });
});

describe('quantile (linear interpolation between closest ranks)', () => {
  const q = (xs: number[], p: number) => quantile(Float64Array.from(xs), p);
  it('matches hand-worked values', () => {
    expect(q([], 0.5)).toBeNull();
    expect(q([7], 0.9)).toBe(7);
    expect(q([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(q([10, 1, 7, 3, 5], 0.5)).toBe(5);
    expect(q([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    expect(q([5, 5, 5, 5], 0.9)).toBe(5);
  });
  it('agrees with a full sort on random data and leaves the input alone', () => {
    let s = 1;
    const rnd = () => (s = (s * 48271) % 2147483647) / 2147483647;
    for (const n of [2, 3, 10, 101, 5000]) {
      const xs = Float64Array.from({ length: n }, () => Math.floor(rnd() * 1000));
      const copy = xs.slice();
      const sorted = xs.slice().sort();
      for (const p of [0, 0.1, 0.5, 0.9, 1]) {
        const h = (n - 1) * p;
        const lo = Math.floor(h);
        const want = sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, n - 1)] ?? 0) - sorted[lo]!);
        expect(quantile(xs, p)).toBeCloseTo(want, 9);
      }
      expect(xs).toEqual(copy);
    }
  });
});
