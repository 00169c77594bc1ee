/** The pipeline graph: edges, cycles with their full path, order, deploys, unused outputs. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { alg, Graph } from "@dagrejs/graphlib";
import { edgeKey, orderAndCycles, type GraphEdge, type GraphNode } from "../../src/check/graph.js";
import type { Span } from "../../src/source/span.js";
import { compile, only, summary } from "./helpers.js";

const step = (name: string, members = ""): string => `  step ${name} {\n${members}    run "true"\n  }\n`;

describe("cycles", () => {
  it("prints the full path of a three-node cycle and labels every edge", () => {
    const src = `pipeline p {\n${step("a", "    after c\n")}${step("b", "    after a\n")}${step("c", "    after b\n")}}\n`;
    const d = only(src);
    expect(d.code).toBe("MLP4001");
    expect(d.message).toBe("cycle in pipeline `p`: `a` -> `b` -> `c` -> `a`");
    expect(summary([d])).toEqual(["MLP4001 main.mlp 7:11+1"]);
    expect(d.label).toBe("`b` runs after `a`");
    expect(d.labels.map((l) => `${l.span.start.line}:${l.span.start.column} ${l.message}`)).toEqual([
      "11:11 `c` runs after `b`",
      "3:11 `a` runs after `c`",
    ]);
  });

  it("reports a step that waits for itself", () => {
    const d = only(`pipeline p {\n${step("a", "    after a\n")}}\n`);
    expect(d.message).toBe("cycle in pipeline `p`: `a` -> `a`");
  });

  it("finds data and gate edges in cycles", () => {
    const src =
      `pipeline p {\n  step a {\n    after g\n    outputs { o: File }\n    metrics { m: float }\n    run "x \${o} \${metrics}"\n  }\n` +
      `  gate g {\n    a.m > 1\n  }\n}\n`;
    const d = only(src);
    expect(d.message).toBe("cycle in pipeline `p`: `a` -> `g` -> `a`");
    expect(d.label).toBe("`g` reads from `a`");
  });

  it("reports independent cycles separately", () => {
    const src = `pipeline p {\n${step("a", "    after b\n")}${step("b", "    after a\n")}${step("c", "    after d\n")}${step("d", "    after c\n")}}\n`;
    expect(compile(src).diagnostics.map((d) => d.message)).toEqual([
      "cycle in pipeline `p`: `a` -> `b` -> `a`",
      "cycle in pipeline `p`: `c` -> `d` -> `c`",
    ]);
  });
});

describe("order and needs", () => {
  it("orders by dependencies, breaking ties by declaration order, with sorted needs", () => {
    const src =
      `pipeline p {\n${step("late", "    after z, a\n")}${step("z")}${step("a")}` +
      `  gate g {\n    true\n  }\n${step("after_gate", "    after g\n")}}\n`;
    const r = compile(src);
    expect(summary(r.diagnostics)).toEqual([]);
    const p = r.ir!.pipelines[0]!;
    expect(p.order.map((n) => n.name)).toEqual(["z", "a", "late", "g", "after_gate"]);
    expect(p.steps.map((s) => s.name)).toEqual(["z", "a", "late", "after_gate"]);
    expect(p.steps[2]!.needs).toEqual(["a", "z"]);
    expect(p.steps[2]!.after).toEqual(["a", "z"]);
  });

  it("does not make `deployed(ENV)` an edge (it reads the registry, not this run)", () => {
    const src =
      `pipeline p {\n  step t {\n    outputs { m: Model }\n    metrics { auc: float }\n    run "x \${m} \${metrics}"\n  }\n` +
      `  gate q {\n    t.auc >= (deployed(prod).auc ?? 0)\n  }\n  deploy prod {\n    model t.m\n    after q\n  }\n}\n`;
    const r = compile(src);
    expect(summary(r.diagnostics)).toEqual([]);
    expect(r.ir!.pipelines[0]!.gates[0]!.needs).toEqual(["t"]);
    expect(r.ir!.pipelines[0]!.deploys[0]!.needs).toEqual(["q", "t"]);
  });
});

describe("deploys and outputs", () => {
  it("rejects deploying a non-Model, labelling the output's declaration", () => {
    const d = only(`pipeline p {\n  step t {\n    outputs { m: Table }\n    run "x \${m}"\n  }\n  deploy prod {\n    model t.m\n  }\n}\n`);
    expect(summary([d])).toEqual(["MLP4002 main.mlp 7:11+3"]);
    expect(d.message).toBe("deploy of a non-Model: `t.m` is a `Table`");
    expect(d.labels.map((l) => `${l.span.start.line}:${l.span.start.column}`)).toEqual(["3:15"]);
  });

  it("warns about an output nobody reads when the step's other outputs are read, and still lowers", () => {
    const src =
      `pipeline p {\n  step s {\n    outputs { a: File, b: File }\n    run "x \${a} \${b}"\n  }\n` +
      `  step u {\n    inputs { x: s.a }\n    run "y \${x}"\n  }\n}\n`;
    const r = compile(src);
    expect(summary(r.diagnostics)).toEqual(["MLP4003 main.mlp 3:24+1"]);
    expect(r.diagnostics[0]!.severity).toBe("warning");
    expect(r.ir).toBeDefined();
  });

  it("does not warn for component calls or terminal steps", () => {
    const src =
      `component c {\n  outputs { a: File, b: File }\n  run "x \${a} \${b}"\n}\n` +
      `pipeline p {\n  step s = c()\n  step u {\n    inputs { x: s.a }\n    outputs { o: File, q: File }\n    run "y \${x} \${o} \${q}"\n  }\n}\n`;
    expect(summary(compile(src).diagnostics)).toEqual([]);
  });
});

describe("orderAndCycles agrees with graphlib", () => {
  const span: Span = { file: "f", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  it("on random graphs: acyclic exactly when graphlib says so, with a valid order or real cycles", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 30 }),
        (n, rawEdges) => {
          const nodes: GraphNode[] = Array.from({ length: n }, (_, i) => ({ name: `n${i}`, kind: "step", index: i }));
          const edges = new Map<string, GraphEdge>();
          const preds = new Map<string, Set<string>>(nodes.map((x) => [x.name, new Set()]));
          const g = new Graph({ directed: true });
          for (const x of nodes) g.setNode(x.name);
          for (const [a, b] of rawEdges) {
            if (a >= n || b >= n) continue;
            const from = `n${a}`;
            const to = `n${b}`;
            edges.set(edgeKey(from, to), { from, to, kind: "control", span });
            preds.get(to)!.add(from);
            g.setEdge(from, to);
          }
          const needs = new Map([...preds].map(([k, v]) => [k, [...v].sort()]));
          const { order, cycles } = orderAndCycles(edges, nodes, needs);
          expect(order !== undefined).toBe(alg.isAcyclic(g));
          if (order !== undefined) {
            expect(order.length).toBe(n);
            const pos = new Map(order.map((x, i) => [x, i]));
            for (const e of edges.values()) expect(pos.get(e.from)!).toBeLessThan(pos.get(e.to)!);
          } else {
            expect(cycles.length).toBeGreaterThan(0);
            const inCycle = new Set(alg.findCycles(g).flat());
            for (const c of cycles) {
              for (let i = 0; i < c.length; i++) {
                expect(c[i]!.to).toBe(c[(i + 1) % c.length]!.from);
                expect(inCycle.has(c[i]!.from)).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
