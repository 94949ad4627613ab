// The Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3, no continuity correction).
// Chosen over the normal ("Wald") interval because it stays inside [0, 1] and behaves at 0/n and n/n,
// which is exactly where approval lanes live (a change rate of 0 out of 40 is common).

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for `successes` out of `n`; null when n is 0 (no data, no interval). */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  if (successes < 0 || successes > n) throw new RangeError(`successes ${successes} outside 0..${n}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0/n and n/n the bound is exactly 0 or 1 in theory; floating error would leave 3e-18.
  return { low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === n ? 1 : Math.min(1, centre + half) };
}
