/**
 * The sweep benchmark's workloads as IR (until the front end parses `sweep`, the IR is what
 * `mlp run` reads): `sweepIr(a, b)` is a grid of a x b points whose one member step runs the same
 * trivial command as a chain step of bench/executor (`cat IN > OUT; echo … >> OUT`), so that a
 * point and a chain step differ only in what mlp does around them; a step outside reads
 * `collect(grid.fit.out)`, so the fan-in gathers every point.
 */
const SPAN = { file: "pipeline.mlp", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
const base = { origin: SPAN, workingDir: ".", code: [], env: {}, secrets: [], resources: {}, retry: 0, cache: true, after: [], metrics: [] };
const text = (t) => ({ kind: "text", text: t });

export function sweepIr(a, b) {
  const range = (n) => Array.from({ length: n }, (_, i) => i);
  const point = {
    ...base,
    name: "fit",
    sweep: "grid",
    run: {
      template: "cat ${data} > ${out}; echo point_${a}_${b} >> ${out}",
      parts: [
        text("cat "), { kind: "input", name: "data" }, text(" > "), { kind: "output", name: "out" },
        text("; echo point_"), { kind: "input", name: "a" }, text("_"), { kind: "input", name: "b" }, text(" >> "), { kind: "output", name: "out" },
      ],
    },
    inputs: [
      { name: "data", type: { kind: "File" }, binding: { kind: "dataset", dataset: "input" } },
      { name: "a", type: { kind: "int" }, binding: { kind: "over", name: "a" } },
      { name: "b", type: { kind: "int" }, binding: { kind: "over", name: "b" } },
    ],
    outputs: [{ name: "out", type: { kind: "File" } }],
    needs: [],
  };
  const use = {
    ...base,
    name: "use",
    run: { template: "ls ${all} > ${out}", parts: [text("ls "), { kind: "input", name: "all" }, text(" > "), { kind: "output", name: "out" }] },
    inputs: [{ name: "all", type: { kind: "list", element: { kind: "File" } }, binding: { kind: "collect", sweep: "grid", step: "fit", output: "out" } }],
    outputs: [{ name: "out", type: { kind: "File" } }],
    needs: ["grid"],
  };
  const dim = (name, n) => ({ name, type: { kind: "int" }, values: { kind: "literal", values: range(n) }, origin: SPAN });
  return {
    ir: "mlp/v1", source: "pipeline.mlp", root: ".", schemas: {},
    pipelines: [{
      name: "bench", origin: SPAN, triggers: [], params: [], secrets: [],
      datasets: [{ name: "input", type: { kind: "File" }, uri: "data/input.txt", origin: SPAN }],
      steps: [point, use], gates: [], deploys: [],
      sweeps: [{ name: "grid", origin: SPAN, over: [dim("a", a), dim("b", b)], members: ["fit"], needs: ["fit"] }],
      order: [{ kind: "step", name: "fit" }, { kind: "sweep", name: "grid" }, { kind: "step", name: "use" }],
      targets: {},
    }],
  };
}
