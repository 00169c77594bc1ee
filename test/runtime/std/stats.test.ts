import { describe, expect, it } from "vitest";
import { CappedCounts, Moments, PSI_EPSILON, Reservoir, binIndex, ksStatistic, psi, quantileEdges } from "../../../src/runtime/std/stats.js";

const sorted = (xs: number[]): Float64Array => Float64Array.from(xs).sort();

describe("PSI", () => {
  it("is 0 for identical distributions", () => {
    expect(psi([10, 20, 30, 40], [10, 20, 30, 40])).toBe(0);
    expect(psi([10, 20, 30, 40], [1, 2, 3, 4])).toBeCloseTo(0, 12);
  });

  it("matches a hand computation", () => {
    // reference 50/50, current 75/25: 0.25*ln(1.5) + (-0.25)*ln(0.5)
    expect(psi([50, 50], [75, 25])).toBeCloseTo(0.25 * Math.log(1.5) + 0.25 * Math.log(2), 12);
    expect(psi([50, 50], [75, 25])).toBeCloseTo(0.274653, 6);
  });

  it("replaces an empty bucket's proportion by epsilon", () => {
    const expected = (0.5 - PSI_EPSILON) * Math.log(0.5 / PSI_EPSILON) + (0.5 - 1) * Math.log(0.5 / 1);
    expect(psi([0, 10], [10, 10])).toBeCloseTo(expected, 12);
    expect(psi([0, 10], [10, 10])).toBeGreaterThan(4);
  });
});

describe("KS statistic", () => {
  it("matches a hand computation", () => {
    // F_a steps by 1/4 at 1,2,3,4; F_b by 1/5 at 3..7. Largest gap at x = 4: 1 - 2/5 = 0.6.
    expect(ksStatistic(sorted([1, 2, 3, 4]), sorted([3, 4, 5, 6, 7]))).toBeCloseTo(0.6, 12);
  });

  it("handles ties by stepping both CDFs together", () => {
    expect(ksStatistic(sorted([1, 1, 2, 2]), sorted([1, 2, 2, 2]))).toBeCloseTo(0.25, 12);
    expect(ksStatistic(sorted([5, 5, 5]), sorted([5, 5]))).toBe(0);
  });

  it("is 1 for disjoint samples and 0 for equal ones", () => {
    expect(ksStatistic(sorted([1, 2, 3]), sorted([10, 11]))).toBe(1);
    expect(ksStatistic(sorted([3, 1, 2]), sorted([1, 2, 3]))).toBe(0);
  });
});

describe("quantile bins", () => {
  it("puts the inner edges at the reference's quantiles (linear interpolation)", () => {
    const s = sorted(Array.from({ length: 101 }, (_, i) => i)); // 0..100
    expect(quantileEdges(s, 4)).toEqual([25, 50, 75]);
    expect(quantileEdges(s, 10)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it("merges duplicate edges when values tie", () => {
    // n = 10, k = 5: ranks 1.8, 3.6, 5.4 all fall on 1s; rank 7.2 is 1 + 0.2 * (2 - 1).
    const edges = quantileEdges(sorted([1, 1, 1, 1, 1, 1, 1, 1, 2, 3]), 5);
    expect(edges).toHaveLength(2);
    expect(edges[0]).toBe(1);
    expect(edges[1]).toBeCloseTo(1.2, 12);
    expect(quantileEdges(sorted([7, 7, 7]), 10)).toEqual([7]);
    expect(quantileEdges(new Float64Array(0), 10)).toEqual([]);
  });

  it("assigns right-closed bins", () => {
    const edges = [10, 20];
    expect([5, 10, 10.5, 20, 21].map((x) => binIndex(edges, x))).toEqual([0, 0, 1, 1, 2]);
    expect(binIndex([], 3)).toBe(0);
  });
});

describe("reservoir sample", () => {
  it("keeps every value while the stream fits", () => {
    const r = new Reservoir(10, 1);
    for (const x of [5, 3, 9]) r.add(x);
    expect(r.exact).toBe(true);
    expect([...r.sorted()]).toEqual([3, 5, 9]);
  });

  it("grows past its initial buffer and still keeps every value until full", () => {
    const r = new Reservoir(5000, 9);
    for (let i = 0; i < 3000; i++) r.add(i);
    expect(r.exact).toBe(true);
    expect(Array.from(r.sorted())).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    for (let i = 3000; i < 10_000; i++) r.add(i);
    expect(r.exact).toBe(false);
    expect(r.sorted().length).toBe(5000);
  });

  it("holds at most its capacity, is reproducible, and stays representative", () => {
    const draw = (): Float64Array => {
      const r = new Reservoir(1000, 42);
      for (let i = 0; i < 100_000; i++) r.add(i);
      expect(r.exact).toBe(false);
      return r.sorted();
    };
    const a = draw();
    expect(a.length).toBe(1000);
    expect(a).toEqual(draw());
    const median = a[500]!;
    expect(median).toBeGreaterThan(45_000);
    expect(median).toBeLessThan(55_000);
  });
});

describe("moments and capped counts", () => {
  it("computes mean and sample standard deviation", () => {
    const m = new Moments();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) m.add(x);
    expect(m.mean).toBe(5);
    expect(m.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect([m.min, m.max]).toEqual([2, 9]);
  });

  it("stops adding distinct keys at the cap", () => {
    const c = new CappedCounts(2);
    for (const k of ["a", "b", "c", "a", "d"]) c.add(k);
    expect([...c.counts]).toEqual([["a", 2], ["b", 1]]);
    expect(c.overflow).toBe(2);
    expect(c.top(1)).toEqual([{ value: "a", count: 2 }]);
  });
});
