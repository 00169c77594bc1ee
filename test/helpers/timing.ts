/**
 * Timing for complexity tests on a shared, noisy machine: never an absolute limit, always a
 * ratio against a baseline measured in the same test, with the median of a few runs.
 */

/** Median wall time of `runs` calls of `fn`, in milliseconds. */
export function medianMs(fn: () => unknown, runs = 3): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * How much slower `work(big)` is than `work(small)` (each the median of a few runs), with a floor
 * of 1 ms on the small one so timer resolution cannot make the ratio explode.
 */
export function growth(work: (n: number) => unknown, small: number, big: number, runs = 3): number {
  work(small); // warm up the JIT
  const a = medianMs(() => work(small), runs);
  const b = medianMs(() => work(big), runs);
  return b / Math.max(1, a);
}
