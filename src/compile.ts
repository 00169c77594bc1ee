/**
 * The compiler's front door: load an entry file and its imports, check them, lower them to the
 * IR. The CLI, the runtime and the tests call these; each returns values plus diagnostics and
 * never throws on user input (a throw inside is caught and reported as MLP9001).
 */
import { posix } from "node:path";
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import type { Host } from "./source/host.js";
import { LineIndex } from "./source/line-index.js";
import type { Span } from "./source/span.js";
import { parse } from "./syntax/parse.js";
import type { ImportDecl } from "./syntax/ast.js";
import { checkProgram as runChecker, type CheckResult } from "./check/check.js";
import type { CheckedProgram, Program, ResolvedImport, SourceFile } from "./check/program.js";
import { lowerProgram, type LowerOptions } from "./ir/lower.js";
import { validLoweredIr, type ValidIr } from "./ir/validate.js";
import { codeSuppressions, withoutSuppressed, type SuppressionsByFile } from "./lint/suppressions.js";

export type { CheckResult, CheckedProgram, Program, SourceFile };

export interface LoadResult {
  /** Every file that could be read and parsed (possibly with syntax errors). */
  readonly program: Program;
  readonly diagnostics: Diagnostic[];
}

/** Normalises a path to `/` separators without `.` segments (`./a/../b.mlp` -> `b.mlp`). */
export function normalizePath(path: string): string {
  const p = posix.normalize(path.replace(/\\/g, "/"));
  return p === "" ? "." : p;
}

/** Resolves `import "spec"` written in `importer` to a normalised path. */
export function resolveImportPath(importer: string, spec: string): string {
  const s = spec.replace(/\\/g, "/");
  if (s.startsWith("/")) return normalizePath(s);
  return normalizePath(posix.join(posix.dirname(importer), s));
}

/**
 * Reads and parses `entryPath` and every file it imports, transitively (imports are relative
 * to the importing file). An unreadable import is MLP2001 at the import's string; an import
 * cycle is MLP2002 showing the cycle; an unreadable entry file is MLP2000.
 */
export function loadProgram(entryPath: string, host: Host): LoadResult {
  try {
    const loaded = load(entryPath, host);
    return { ...loaded, diagnostics: withoutSuppressed(loaded.diagnostics, suppressionsOf(loaded.program)) };
  } catch (e) {
    return { program: { entry: normalizePath(entryPath), files: new Map() }, diagnostics: [internalError(entryPath, e)] };
  }
}

function load(entryPath: string, host: Host): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const files = new Map<string, SourceFile>();
  const entry = normalizePath(entryPath);
  const read = (path: string, from: { decl: ImportDecl } | undefined): SourceFile | undefined => {
    const r = host.readFile(path);
    if (!r.ok) {
      if (from === undefined) {
        diagnostics.push(
          diagnostic("MLP2000", "error", `cannot read \`${path}\`: ${r.detail}`, startSpan(path)),
        );
      } else {
        diagnostics.push(
          diagnostic("MLP2001", "error", `cannot import \`${from.decl.path.value}\`: ${r.detail}`, from.decl.path.span, {
            label: r.reason === "missing" ? "no such file" : r.reason === "not-a-file" ? "not a regular file" : `cannot read this file (${r.reason})`,
            notes: [`imports are relative to the importing file; this one resolves to \`${path}\``],
          }),
        );
      }
      return undefined;
    }
    const parsed = parse(r.text, path);
    for (const item of parsed.diagnostics) diagnostics.push(item);
    return { path, text: r.text, ast: parsed.file, lines: new LineIndex(r.text), imports: [] };
  };
  const root = read(entry, undefined);
  if (root === undefined) return { program: { entry, files }, diagnostics };
  files.set(entry, root);
  // Iterative depth-first walk; `stack` is the chain of files being loaded, for cycle reports.
  interface Frame {
    file: SourceFile;
    decls: ImportDecl[];
    next: number;
    via?: ImportDecl;
  }
  const importsOf = (f: SourceFile): ImportDecl[] => f.ast.declarations.filter((d): d is ImportDecl => d.kind === "Import");
  const stack: Frame[] = [{ file: root, decls: importsOf(root), next: 0 }];
  const onStack = new Map<string, number>([[entry, 0]]);
  const reportedCycles = new Set<string>();
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.decls.length) {
      stack.pop();
      onStack.delete(top.file.path);
      continue;
    }
    const decl = top.decls[top.next++]!;
    const target = resolveImportPath(top.file.path, decl.path.value);
    const at = onStack.get(target);
    if (at !== undefined) {
      const chain = stack.slice(at);
      const key = chain.map((f) => f.file.path).sort().join("\n");
      if (!reportedCycles.has(key)) {
        reportedCycles.add(key);
        const names = [...chain.map((f) => f.file.path), target].map((p) => `\`${p}\``).join(" -> ");
        diagnostics.push(
          diagnostic("MLP2002", "error", `import cycle: ${names}`, decl.path.span, {
            label: `\`${top.file.path}\` imports \`${target}\` here`,
            labels: chain.slice(1).map((f) => ({ span: f.via!.path.span, message: `\`${pathOf(stack, f)}\` imports \`${f.file.path}\` here` })),
            help: ["move the shared declarations into a file that both import"],
          }),
        );
      }
      (top.file.imports as ResolvedImport[]).push({ decl, path: target });
      continue;
    }
    let file = files.get(target);
    if (file === undefined) {
      file = read(target, { decl });
      if (file === undefined) continue;
      files.set(target, file);
      (top.file.imports as ResolvedImport[]).push({ decl, path: target });
      onStack.set(target, stack.length);
      stack.push({ file, decls: importsOf(file), next: 0, via: decl });
      continue;
    }
    (top.file.imports as ResolvedImport[]).push({ decl, path: target });
  }
  return { program: { entry, files }, diagnostics };
}

function pathOf(stack: readonly { file: SourceFile; via?: ImportDecl }[], f: { via?: ImportDecl }): string {
  const i = stack.findIndex((s) => s === f);
  return i > 0 ? stack[i - 1]!.file.path : "";
}

function startSpan(file: string): Span {
  return { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
}

/**
 * Checks a loaded program (see `src/check/check.ts`): diagnostics sorted, `checked` present
 * when there is no error. A compiler bug is returned as MLP9001 rather than thrown.
 */
export function checkProgram(program: Program): CheckResult {
  try {
    const checked = runChecker(program);
    return { ...checked, diagnostics: withoutSuppressed(checked.diagnostics, suppressionsOf(program)) };
  } catch (e) {
    return { diagnostics: [internalError(program.entry, e)] };
  }
}

export interface CompileResult {
  /** Present only when there are no errors. */
  readonly ir?: ValidIr;
  /** Every diagnostic (warnings too, but not those an `# mlp-ignore CODE: reason` covers), sorted. */
  readonly diagnostics: Diagnostic[];
  /**
   * The files' `# mlp-ignore CODE: reason` comments, for warnings reported later about the same
   * source (a target's, through `withoutSuppressed`).
   */
  readonly suppressions: SuppressionsByFile;
}

/** The `# mlp-ignore CODE: reason` comments of every file of `program`. */
export function suppressionsOf(program: Program): SuppressionsByFile {
  return codeSuppressions([...program.files.values()].map((f) => ({ path: f.path, comments: f.ast.comments })));
}

/**
 * Loads, checks and lowers `entryPath`. Stops after the first phase with errors (syntax and
 * imports, names, types, graph), so one root cause yields one diagnostic.
 */
export function compileToIr(entryPath: string, host: Host, options: LowerOptions = {}): CompileResult {
  try {
    const loaded = load(entryPath, host);
    const suppressions = suppressionsOf(loaded.program);
    if (hasErrors(loaded.diagnostics)) return { diagnostics: sortDiagnostics(loaded.diagnostics), suppressions };
    const checked = runChecker(loaded.program);
    const diagnostics = sortDiagnostics(withoutSuppressed([...loaded.diagnostics, ...checked.diagnostics], suppressions));
    if (checked.checked === undefined) return { diagnostics, suppressions };
    const valid = validLoweredIr(lowerProgram(checked.checked, options));
    // A lowering bug: reported, never handed to a target or the runtime.
    if (valid.ir === undefined) return { diagnostics: sortDiagnostics([...diagnostics, ...valid.diagnostics.map(asLoweringBug)]), suppressions };
    return { ir: valid.ir, diagnostics, suppressions };
  } catch (e) {
    return { diagnostics: [internalError(entryPath, e)], suppressions: new Map() };
  }
}

/** A problem the IR validator found in lowering's own output: a compiler bug, said so. */
function asLoweringBug(d: Diagnostic): Diagnostic {
  return { ...d, notes: [...d.notes, "the compiler produced this IR itself: this is a bug in mlp; please report it with the file that triggers it"] };
}

/** A compiler bug, as a diagnostic instead of a stack trace. */
export function internalError(entryPath: string, e: unknown): Diagnostic {
  const err = e instanceof Error ? e : new Error(String(e));
  return diagnostic("MLP9001", "error", `internal compiler error: ${err.message}`, startSpan(normalizePath(entryPath)), {
    notes: (err.stack ?? "").split("\n").slice(1, 4).map((l) => l.trim()),
    help: ["this is a bug in mlp; please report it with the file that triggers it"],
  });
}
