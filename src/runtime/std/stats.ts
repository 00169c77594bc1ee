/**
 * The statistics behind `std.drift` and `std.profile`, each in bounded memory: a seeded
 * reservoir sample (quantile bin edges, KS), quantile edges, PSI, the two-sample KS statistic,
 * running moments, and capped category counts. Formulas and approximations are in docs/std.md.
 */

/** Proportion used in PSI for a bin that is empty on one side (the usual epsilon). */
export const PSI_EPSILON = 1e-4;

/** PSI at or above which a column counts as drifted (`drifted_columns`). */
export const PSI_DRIFT_THRESHOLD = 0.2;

/** mulberry32: a small seeded PRNG, so samples (and so the metrics) are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Uniform sample of at most `capacity` values of a stream (Vitter's algorithm R) with a fixed
 * seed. Holds every value while the stream is no longer than `capacity`, so results on small
 * tables are exact.
 */
export class Reservoir {
  /** Grows by doubling up to `capacity`, so small tables cost little. */
  private data: Float64Array;
  private size = 0;
  /** Values offered so far. */
  seen = 0;
  private readonly random: () => number;

  constructor(
    readonly capacity: number,
    seed: number,
  ) {
    this.data = new Float64Array(Math.min(capacity, 1024));
    this.random = prng(seed);
  }

  add(x: number): void {
    this.seen++;
    if (this.size < this.capacity) {
      if (this.size === this.data.length) {
        const bigger = new Float64Array(Math.min(this.capacity, this.data.length * 2));
        bigger.set(this.data);
        this.data = bigger;
      }
      this.data[this.size++] = x;
      return;
    }
    const j = Math.floor(this.random() * this.seen);
    if (j < this.capacity) this.data[j] = x;
  }

  /** True when the sample holds every value seen. */
  get exact(): boolean {
    return this.seen <= this.capacity;
  }

  /** The sample, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.data.slice(0, this.size).sort();
  }
}

/**
 * Inner quantile edges q(1/k) … q((k-1)/k) of a sorted sample (linear interpolation between order
 * statistics, numpy's default "type 7"), duplicates removed, so ties give fewer bins.
 */
export function quantileEdges(sorted: Float64Array, bins: number): number[] {
  const n = sorted.length;
  if (n === 0) return [];
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const h = ((n - 1) * i) / bins;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, n - 1);
    const e = sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** Bin of `x` for `edges` e1 < … < em: bins are (-inf, e1], (e1, e2], …, (em, +inf). */
export function binIndex(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Population stability index of `actual` against `expected` counts over the same buckets:
 * sum over buckets of (a - e) * ln(a / e), with a and e the bucket proportions and an empty
 * bucket's proportion replaced by PSI_EPSILON. 0 when both are empty.
 */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  const te = expected.reduce((s, v) => s + v, 0);
  const ta = actual.reduce((s, v) => s + v, 0);
  if (te === 0 || ta === 0) return 0;
  let sum = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]! === 0 ? PSI_EPSILON : expected[i]! / te;
    const a = actual[i]! === 0 ? PSI_EPSILON : actual[i]! / ta;
    sum += (a - e) * Math.log(a / e);
  }
  return sum;
}

/**
 * Two-sample Kolmogorov-Smirnov statistic sup |F1(x) - F2(x)| of two sorted samples (ties
 * handled: both empirical CDFs step past equal values together). 0 when either is empty.
 */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    const diff = Math.abs(i / n - j / m);
    if (diff > d) d = diff;
  }
  return d;
}

/** Running count, min, max, mean and variance (Welford), in constant memory. */
export class Moments {
  count = 0;
  min = Infinity;
  max = -Infinity;
  private mean_ = 0;
  private m2 = 0;

  add(x: number): void {
    this.count++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const d = x - this.mean_;
    this.mean_ += d / this.count;
    this.m2 += d * (x - this.mean_);
  }

  get mean(): number | null {
    return this.count === 0 ? null : this.mean_;
  }

  /** Sample standard deviation (n - 1); null under two values. */
  get std(): number | null {
    return this.count < 2 ? null : Math.sqrt(this.m2 / (this.count - 1));
  }
}

/** Category counts with at most `cap` distinct keys; further new keys go to one overflow count. */
export class CappedCounts {
  readonly counts = new Map<string, number>();
  overflow = 0;

  constructor(readonly cap: number) {}

  add(key: string): void {
    const c = this.counts.get(key);
    if (c !== undefined) this.counts.set(key, c + 1);
    else if (this.counts.size < this.cap) this.counts.set(key, 1);
    else this.overflow++;
  }

  /** The `n` most frequent keys, ties by key, for reports. */
  top(n: number): { value: string; count: number }[] {
    return [...this.counts]
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
      .slice(0, n)
      .map(([value, count]) => ({ value, count }));
  }
}
