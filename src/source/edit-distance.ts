/**
 * Bounded edit distance for "did you mean" suggestions, shared by the parser, the checker and
 * the targets. It is linear in the length of the shorter name, not quadratic in both:
 *
 * - a name longer than `MAX_SUGGESTED_NAME_LENGTH` gets no suggestion at all (nobody mistypes a
 *   64-character identifier by one letter, and a 20,000-character one made the old full-matrix
 *   comparison take seconds);
 * - a candidate whose length differs by more than the allowed distance is skipped unread;
 * - only a band of `2 * limit + 1` cells around the diagonal is computed, and the comparison
 *   stops as soon as a whole row exceeds the limit.
 */

/** Names longer than this (in UTF-16 code units) are never compared or suggested. */
export const MAX_SUGGESTED_NAME_LENGTH = 64;

/** Options of `editDistance`. */
export interface EditDistanceOptions {
  /** Count a swap of two adjacent characters as one edit (optimal string alignment). */
  readonly swaps?: boolean;
}

/**
 * The edit distance (insertions, deletions, substitutions, and adjacent swaps when asked) of `a`
 * and `b`, or `limit + 1` as soon as it is known to exceed `limit`. O(min(|a|, |b|) * limit).
 */
export function editDistance(a: string, b: string, limit: number, options: EditDistanceOptions = {}): number {
  if (a === b) return 0;
  const k = Math.max(0, Math.floor(limit));
  if (Math.abs(a.length - b.length) > k) return k + 1;
  // Rows run over `a`, columns over `b`; only |i - j| <= k can stay within the limit.
  const n = b.length;
  const far = k + 1;
  let prev2 = new Int32Array(n + 1).fill(far);
  let prev = new Int32Array(n + 1).fill(far);
  let cur = new Int32Array(n + 1).fill(far);
  for (let j = 0; j <= Math.min(n, k); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(n, i + k);
    cur.fill(far, Math.max(0, lo - 1), Math.min(n, hi + 1) + 1);
    cur[0] = i <= k ? i : far;
    let rowMin = cur[0]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (options.swaps === true && i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2]! + 1);
      if (v > far) v = far;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > k) return far;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[n]!, far);
}

/** True when `name` is short enough to be compared with candidates at all. */
export function isSuggestible(name: string): boolean {
  return name.length > 0 && name.length <= MAX_SUGGESTED_NAME_LENGTH;
}
