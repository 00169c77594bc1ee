/**
 * Picks the pipeline to run from an IR document and works out where its files live: the IR
 * root (paths in the IR are relative to it) and the default store (`.mlp/` beside the file).
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrDocument, IrPipeline } from "../ir/ir.js";
import type { Span } from "../source/span.js";

const FILE_START = (file: string): Span => ({ file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } });

/**
 * Chooses `name` (or the only pipeline) from `ir`; MLP7005 when that is not possible. Any list of
 * named pipelines will do: the IR cache's summary of a document is chosen from the same way.
 */
export function selectPipeline<P extends { readonly name: string } = IrPipeline>(
  ir: { readonly source: string; readonly pipelines: readonly P[] },
  name: string | undefined,
): { pipeline?: P; diagnostics: Diagnostic[] } {
  const names = ir.pipelines.map((p) => `\`${p.name}\``).join(", ");
  if (name !== undefined) {
    const p = ir.pipelines.find((x) => x.name === name);
    if (p) return { pipeline: p, diagnostics: [] };
    return {
      diagnostics: [
        diagnostic("MLP7005", "error", `\`${ir.source}\` has no pipeline \`${name}\``, FILE_START(ir.source), {
          notes: [names === "" ? "the file declares no pipeline" : `its pipelines are ${names}`],
        }),
      ],
    };
  }
  if (ir.pipelines.length === 1) return { pipeline: ir.pipelines[0]!, diagnostics: [] };
  return {
    diagnostics: [
      diagnostic(
        "MLP7005",
        "error",
        ir.pipelines.length === 0 ? `\`${ir.source}\` declares no pipeline to run` : `\`${ir.source}\` declares several pipelines`,
        FILE_START(ir.source),
        ir.pipelines.length === 0 ? {} : { notes: [`its pipelines are ${names}`], help: ["choose one with `--pipeline NAME`"] },
      ),
    ],
  };
}

/**
 * The absolute IR root for a document loaded from `file`: the directory of a `.mlp` file, or for
 * a hand-written `.ir.json`, its `root` (relative to the current directory) when that holds the
 * source, else the JSON file's own directory.
 */
export function irRootFor(ir: IrDocument, file: string): string {
  if (!file.endsWith(".json")) return dirname(resolve(file));
  const fromCwd = resolve(ir.root);
  if (existsSync(resolve(fromCwd, ir.source))) return fromCwd;
  return dirname(resolve(file));
}
