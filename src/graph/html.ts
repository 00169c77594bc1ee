/**
 * A self-contained HTML page with the SVG drawing and a legend: no scripts from the network,
 * no external stylesheets, so it opens from a CI artifact or an air-gapped laptop.
 */
import type { PipelineGraphModel } from "./model.js";
import { renderSvg, xml } from "./svg.js";

/** The control-flow node kinds: how the summary counts them and how the legend shows them. */
const CONTROL_FLOW = [
  { kind: "assert", counted: "assert", swatch: "background:#fdecea;border-color:#c62828", legend: "assert (fails the run)" },
  { kind: "finally", counted: "finally step", swatch: "background:#f2f2f2;border:1.5px dashed #555", legend: "finally (always runs, last)" },
  { kind: "registry", counted: "deployed model", swatch: "background:#f1f8f2;border:1.5px dashed #2e7d32", legend: "deployed model (from the registry)" },
] as const;

export function renderHtml(g: PipelineGraphModel): string {
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;
  const counts = [
    ...(["dataset", "step", "gate", "deploy"] as const).map((k) => count(g.nodes.filter((n) => n.kind === k).length, k)),
    // Only a pipeline with sweeps says so: the pages of the others stay as they were.
    ...(g.clusters.length > 0 ? [`${count(g.clusters.length, "sweep")} (${g.clusters.map((c) => c.label).join("; ")})`] : []),
    // Control flow, likewise, only where there is some.
    ...CONTROL_FLOW.flatMap(({ kind, counted }) => {
      const n = g.nodes.filter((x) => x.kind === kind).length;
      return n > 0 ? [count(n, counted)] : [];
    }),
  ].join(", ");
  const kinds = new Set(g.nodes.map((n) => n.kind));
  const controlLegend = [
    ...CONTROL_FLOW.filter(({ kind }) => kinds.has(kind)).map(({ swatch, legend }) => `<span><i class="swatch" style="${swatch}"></i>${legend}</span>\n`),
    ...(g.edges.some((e) => e.kind === "else") ? ['<span><i class="line" style="border-top:2px dashed #b38600"></i>after not (labelled <em>not</em>)</span>\n'] : []),
    ...(g.edges.some((e) => e.kind === "registry") ? ['<span><i class="line" style="border-top:2px dashed #2e7d32"></i>read from the registry</span>\n'] : []),
  ].join("");
  const sweepLegend =
    g.clusters.length > 0
      ? `<span><i class="swatch" style="background:#faf6fd;border:1.5px dashed #7b3fa0"></i>sweep (its grid)</span>
<span><i class="swatch" style="background:#f3e8fa;border-color:#7b3fa0"></i>best point (fan-in)</span>
${g.edges.some((e) => e.kind === "collect") ? `<span><i class="line" style="border-top:2px solid #7b3fa0"></i>collect</span>\n` : ""}`
      : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${xml(`pipeline ${g.name} — mlp graph`)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 24px; color: #222; background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.summary { margin: 0 0 16px; color: #555; }
.legend { display: flex; gap: 18px; flex-wrap: wrap; font-size: 13px; margin-bottom: 16px; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.swatch { width: 18px; height: 12px; border: 1.5px solid; display: inline-block; }
.line { width: 28px; height: 0; border-top: 2px solid #555; display: inline-block; }
.canvas { overflow: auto; border: 1px solid #ddd; }
</style>
</head>
<body>
<h1>pipeline ${xml(g.name)}</h1>
<p class="summary">${xml(counts)}</p>
<div class="legend">
<span><i class="swatch" style="background:#e8f1fb;border-color:#2f6db3"></i>dataset</span>
<span><i class="swatch" style="background:#fff;border-color:#333"></i>step</span>
<span><i class="swatch" style="background:#fff4d6;border-color:#b38600"></i>gate</span>
<span><i class="swatch" style="background:#e6f6ea;border-color:#2e7d32"></i>deploy</span>
<span><i class="line"></i>data</span>
<span><i class="line" style="border-top:3px solid #b38600"></i>metrics</span>
<span><i class="line" style="border-top:2px dashed #555"></i>after</span>
${sweepLegend}${controlLegend}</div>
<div class="canvas">
${renderSvg(g)}</div>
</body>
</html>
`;
}
