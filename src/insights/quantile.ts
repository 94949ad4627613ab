// Quantiles with linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC):
// h = (n - 1) p; q = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). The median of an even count is the mean of the middle two.
// Uses selection (Hoare's quickselect, O(n)) rather than a full sort: a year of waits is a million numbers.

export function quantile(values: Float64Array, p: number): number | null {
  return quantiles(values, [p])[0]!;
}

/** Several quantiles with one copy: each selection leaves the array partitioned, still valid for the next. */
export function quantiles(values: Float64Array, ps: number[]): Array<number | null> {
  if (values.length === 0) return ps.map(() => null);
  const a = values.slice(); // selection reorders; callers keep their arrays
  return ps.map((p) => quantileInPlace(a, p));
}

function quantileInPlace(a: Float64Array, p: number): number {
  const n = a.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const x0 = select(a, lo);
  if (lo + 1 >= n || h === lo) return x0;
  // After select, everything right of `lo` is >= x[lo]; the next order statistic is the least of them.
  let x1 = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i]! < x1) x1 = a[i]!;
  return x0 + (h - lo) * (x1 - x0);
}

/** Rearranges `a` so a[k] is the k-th smallest, smaller ones left, larger right. */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    // Median of three keeps sorted input (waits often come in order) from going quadratic.
    const mid = (left + right) >>> 1;
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Concatenates wait arrays without intermediate copies. */
export function concatWaits(parts: Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0]!;
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Float64Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
