/**
 * Picks the pipeline to run from an IR document and works out where its files live: the entry
 * file's directory (paths in the IR are relative to it).
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrDocument } from "../ir/ir.js";
import type { ValidPipeline } from "../ir/validate.js";
import { findRepoRoot } from "../source/find-repo-root.js";
import type { Span } from "../source/span.js";

const FILE_START = (file: string): Span => ({ file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } });

/**
 * Chooses `name` (or the only pipeline) from `ir`; MLP7005 when that is not possible. Any list of
 * named pipelines will do: the IR cache's summary of a document is chosen from the same way.
 */
export function selectPipeline<P extends { readonly name: string } = ValidPipeline>(
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
 * The absolute directory the paths of a document loaded from `file` are relative to (the entry
 * `.mlp` file's directory): for a `.mlp` file, its directory. For an `.ir.json`, whose `root` is
 * that directory relative to the repository root: `<repository root>/<root>` when it holds the
 * document's `source` (the repository root found from the JSON file, as `mlp compile` finds it),
 * else the JSON file's own directory when that holds it, else `<current directory>/<root>` when
 * that holds it (the meaning `root` had before), else the JSON file's directory.
 */
export function irRootFor(ir: IrDocument, file: string): string {
  const fileDir = dirname(resolve(file));
  if (!file.endsWith(".json")) return fileDir;
  const holdsSource = (dir: string): boolean => existsSync(resolve(dir, ir.source));
  const root = isAbsolute(ir.root) ? ir.root : undefined;
  const candidates = [
    root ?? resolve(findRepoRoot(fileDir).dir, ir.root),
    fileDir,
    root ?? resolve(ir.root),
  ];
  return candidates.find(holdsSource) ?? fileDir;
}
