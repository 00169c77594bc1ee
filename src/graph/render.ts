/** Entry point of `mlp graph`: one pipeline of the IR in one of four formats. */
import type { ValidPipeline } from "../ir/validate.js";
import { renderDot } from "./dot.js";
import { renderHtml } from "./html.js";
import { renderMermaid } from "./mermaid.js";
import { graphModel } from "./model.js";
import { renderSvg } from "./svg.js";

export const GRAPH_FORMATS = ["mermaid", "dot", "svg", "html"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function renderGraph(pipeline: ValidPipeline, format: GraphFormat): string {
  const model = graphModel(pipeline);
  switch (format) {
    case "mermaid":
      return renderMermaid(model);
    case "dot":
      return renderDot(model);
    case "svg":
      return renderSvg(model);
    case "html":
      return renderHtml(model);
  }
}
