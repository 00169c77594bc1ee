/**
 * What `step NAME = CALLEE(…)` calls (language reference, "Components"): a visible component, a
 * `std.*` built-in, or nothing the checker can use. The declarations phase asks silently to
 * build the step's signature; the rule `known-components` asks with a reporter (MLP2006, MLP3006).
 */
import { STD_BUILTINS } from "../std/signatures.js";
import type { ComponentDecl, StepDecl } from "../syntax/ast.js";
import type { CheckContext } from "./context.js";
import type { Report } from "./report.js";
import { suggestionHelp } from "./suggest.js";
import { importHelp } from "./type-refs.js";
import { refText } from "./walk.js";

export type Callee =
  | { readonly kind: "component"; readonly decl: ComponentDecl }
  | { readonly kind: "builtin"; readonly name: string }
  /** Unknown, not a component, or one of two same-named components (which one was meant is unknown). */
  | { readonly kind: "unresolved" };

const UNRESOLVED: Callee = { kind: "unresolved" };

/** The callee of `step` (a call, in `file`); why it is unresolved goes to `report` when given. */
export function resolveCallee(ctx: CheckContext, step: StepDecl, file: string, report: Report | undefined): Callee {
  const callee = step.call!.callee;
  const path = callee.path;
  if (path.length === 2 && path[0]!.name === "std") {
    const name = path[1]!.name;
    if (STD_BUILTINS[name] !== undefined) return { kind: "builtin", name };
    report?.("MLP2006", `unknown built-in component \`std.${name}\``, path[1]!.span, {
      notes: [`the built-ins are ${Object.keys(STD_BUILTINS).map((n) => `\`std.${n}\``).join(", ")}`],
      help: suggestionHelp(name, Object.keys(STD_BUILTINS)).map((h) => h.replace("`", "`std.")),
    });
    return UNRESOLVED;
  }
  if (path.length !== 1) {
    report?.("MLP2006", `unknown component \`${refText(callee)}\``, callee.span, {
      notes: ["a component is named by a single identifier, or `std.NAME` for a built-in"],
    });
    return UNRESOLVED;
  }
  const name = path[0]!;
  const sym = ctx.analysis.globals.get(name.name);
  const visible = ctx.analysis.visible.get(file) ?? new Set<string>();
  if (sym?.kind === "component" && visible.has(name.name)) {
    // which of two same-named components was meant is unknown: do not check the call against either
    if (ctx.analysis.duplicatedGlobals.has(name.name)) return UNRESOLVED;
    return { kind: "component", decl: sym.decl };
  }
  if (report === undefined) return UNRESOLVED;
  if (sym !== undefined && visible.has(name.name)) {
    report("MLP3006", `\`${name.name}\` is a ${sym.kind}, not a component`, name.span, {
      notes: ["`step NAME = COMPONENT(…)` calls a component declared with `component NAME { … }`"],
    });
    return UNRESOLVED;
  }
  const candidates = [...visible].filter((n) => ctx.analysis.globals.get(n)?.kind === "component");
  const help = suggestionHelp(name.name, candidates);
  if (sym?.kind === "component") help.push(importHelp(file, sym));
  report("MLP2006", `unknown component \`${name.name}\``, name.span, { label: "no component of this name is visible here", help });
  return UNRESOLVED;
}
