/**
 * Component calls bind every required input by name, exactly once, with a value of the input's
 * type (language reference, "Components"): missing (MLP3004), unknown (MLP3005), duplicate
 * (MLP2011) and ill-typed (MLP3001) arguments are errors; inputs with defaults may be left out.
 */
import type { CallExpr } from "../../syntax/ast.js";
import type { Span } from "../../source/span.js";
import type { CheckContext } from "../context.js";
import type { PipelineScope, StepSignature } from "../program.js";
import { didYouMean } from "../suggest.js";
import { assignability, showType } from "../types.js";
import { checkBindable, typeOf } from "./well-typed.js";
import type { CheckRule } from "../rule.js";

/** Also reports what `typeOf` finds in an argument's expression (MLP3xxx, as `well-typed` would). */
export const validComponentArguments: CheckRule = {
  name: "valid-component-arguments",
  phase: "types",
  codes: ["MLP2011", "MLP3001", "MLP3002", "MLP3003", "MLP3004", "MLP3005", "MLP3006", "MLP3008", "MLP3012"],
  check: (ctx) => checkArguments(ctx),
};

export function checkArguments(ctx: CheckContext): void {
  for (const scope of ctx.scopes()) {
    for (const sym of scope.members.values()) {
      if (sym.kind !== "step" || sym.decl.call === undefined || sym.sig.unresolved === true) continue;
      checkCall(ctx, scope, sym.decl.call, sym.sig);
    }
  }
}

function checkCall(ctx: CheckContext, scope: PipelineScope, call: CallExpr, sig: StepSignature): void {
  const seen = new Map<string, Span>();
  /** Inputs an unknown argument was probably meant for: not reported missing as well. */
  const meant = new Set<string>();
  const callee = sig.component ?? "component";
  for (const arg of call.args) {
    const name = arg.name.name;
    const first = seen.get(name);
    if (first !== undefined) {
      ctx.error("MLP2011", `argument \`${name}\` is given twice`, arg.name.span, { labels: [{ span: first, message: "first given here" }] });
      continue;
    }
    seen.set(name, arg.name.span);
    const param = sig.params.get(name);
    if (param === undefined) {
      const names = [...sig.params.keys()];
      const guess = didYouMean(name, names.filter((n) => !call.args.some((a) => a.name.name === n)));
      if (guess !== undefined) meant.add(guess);
      ctx.error("MLP3005", `\`${callee}\` has no input \`${name}\``, arg.name.span, {
        notes: [names.length === 0 ? `\`${callee}\` takes no inputs` : `its inputs are ${names.map((n) => `\`${n}\``).join(", ")}`],
        help: guess === undefined ? [] : [`did you mean \`${guess}\`?`],
      });
      continue;
    }
    const t = typeOf(ctx, scope, arg.value);
    if (!checkBindable(ctx, t, arg.value.span)) continue;
    const ok = assignability(t, param.type, ctx.analysis.schemaColumns);
    if (ok === true) continue;
    const notes: string[] = [];
    if (ok !== false) {
      notes.push(
        ok.found === undefined
          ? `\`${showType(t)}\` has no column \`${ok.column}\` (\`${ok.expected}\`)`
          : `column \`${ok.column}\` is \`${ok.found}\` in \`${showType(t)}\` but \`${ok.expected}\` in \`${showType(param.type)}\``,
      );
    }
    if (t.kind === "float" && param.type.kind === "int") notes.push("`int` widens to `float`, not the other way");
    ctx.error("MLP3001", `argument \`${name}\` has type \`${showType(t)}\`, but \`${callee}\` expects \`${showType(param.type)}\``, arg.value.span, {
      labels: sig.form === "component" ? [{ span: param.span, message: `input \`${name}\` declared here` }] : [],
      notes,
    });
  }
  const missing = [...sig.params.values()].filter((p) => !seen.has(p.name) && !meant.has(p.name) && p.default === undefined && p.builtinDefault === undefined);
  if (missing.length > 0) {
    const list = missing.map((p) => `\`${p.name}\``).join(", ");
    ctx.error("MLP3004", `missing ${missing.length === 1 ? "argument" : "arguments"} ${list} in call to \`${callee}\``, call.callee.span, {
      notes: missing.map((p) => `\`${p.name}\` is a \`${showType(p.type)}\` with no default`),
      help: [`add ${missing.map((p) => `\`${p.name}: …\``).join(", ")}`],
    });
  }
}
