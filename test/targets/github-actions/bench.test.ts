/**
 * `emit` on a 10,000-step pipeline: prints wall and CPU time and the output size (the figures in
 * the report), and guards against accidental quadratic behaviour with a loose CPU-time bound
 * (the test machines are shared; wall time under load means little).
 */
import { describe, expect, it } from "vitest";
import { emitIr } from "./helpers.js";
import { largeIr } from "./large-ir.js";
import { schemaErrors } from "./validate.js";

function cpuMs(f: () => void): { cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
}

describe("emit on a 10,000-step IR", () => {
  it("scales linearly and produces one valid workflow", () => {
    const small = largeIr(1_000);
    const big = largeIr(10_000);
    emitIr(largeIr(200)); // warm up the JIT
    let out = emitIr(small);
    const t1 = cpuMs(() => (out = emitIr(small)));
    // Validity of a big output: the 1,000-step one (ajv on 17 MB of YAML takes minutes here).
    expect(schemaErrors(out.files[0]!.contents)).toEqual([]);
    const t10 = cpuMs(() => (out = emitIr(big)));
    const bytes = out.files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0);
    console.log(
      `github emit: 10,000 steps in ${t10.wall.toFixed(0)} ms wall / ${t10.cpu.toFixed(0)} ms CPU (1,000 steps: ${t1.cpu.toFixed(0)} ms CPU), ${(bytes / 1048576).toFixed(1)} MiB`,
    );
    expect(out.diagnostics).toEqual([]);
    expect(out.files.length).toBe(1);
    expect(t10.cpu).toBeLessThan(20_000);
    expect(t10.cpu).toBeLessThan(Math.max(30 * t1.cpu, 2_000));
  }, 600_000);
});
