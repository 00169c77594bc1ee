/**
 * Glue between IR-level diagnostics and the CLI: which `target` block names count as known
 * (built-ins and installed `mlp-target-<name>` packages), and turning IR origins (relative to the
 * entry file's directory) back into paths as the user's shell sees them.
 */
import { posix } from "node:path";
import type { Diagnostic, Label } from "../diagnostics/diagnostic.js";
import type { IrDocument } from "../ir/ir.js";
import type { Span } from "../source/span.js";
import { findInstalledPackage, pluginPackageName } from "../target/find-package.js";
import { TARGET_NAME } from "../target/validate-target-shape.js";

/** Built-in names plus every `target` block name of `ir` that an installed package provides. */
export function knownTargetNames(ir: IrDocument, builtinNames: readonly string[], cwd: string): string[] {
  const known = new Set(builtinNames);
  for (const p of ir.pipelines) {
    for (const name of Object.keys(p.targets)) {
      if (known.has(name) || !TARGET_NAME.test(name)) continue;
      if (findInstalledPackage(pluginPackageName(name), cwd)) known.add(name);
    }
  }
  return [...known].sort();
}

/**
 * Rewrites spans of diagnostics made from IR origins (relative to the entry file's directory) to
 * name files as the user did: relative to the current directory, or absolute when `entryFile`,
 * the path given on the command line, is absolute. The IR's `root` cannot serve: it is relative
 * to the repository root, not to the current directory.
 */
export function rebaseIrDiagnostics(diagnostics: readonly Diagnostic[], entryFile: string): Diagnostic[] {
  const dir = posix.dirname(entryFile.replace(/\\/g, "/"));
  if (dir === "" || dir === ".") return [...diagnostics];
  const fix = (s: Span): Span => (s.file === "" || posix.isAbsolute(s.file) ? s : { ...s, file: posix.normalize(posix.join(dir, s.file)) });
  return diagnostics.map((d) => ({ ...d, span: fix(d.span), labels: d.labels.map((l): Label => ({ ...l, span: fix(l.span) })) }));
}
