/**
 * Deploy options computed at run time (`IrDeploy.optionExprs`: options whose string interpolates
 * params or metrics). A `to command`'s `command` is evaluated when the deploy runs: its text is the
 * user's shell code as written, and each interpolated value reaches it as a shell variable set from
 * a task argument (base64, decoded in the container), so a value is one shell word and never code.
 * Any other computed option (a `kserve` manifest field, the command's `image`) would have to be
 * spliced into text Argo or Kubernetes reads, so it is refused (MLP5218), never silently fixed.
 */
import type { IrDeploy, IrExpr } from "../../src/ir/ir.js";
import { exprTag, printText, type ExprScope } from "./expr.js";
import type { PipelineContext } from "./pipeline-context.js";
import { decodeVariable } from "./safe-text.js";

/** A command as text to keep and values to insert, in order. */
type CommandPiece = { readonly kind: "text"; readonly text: string } | { readonly kind: "value"; readonly expr: IrExpr };

/** The command's pieces: `interpolate` parts and `+` of strings, flattened; literals are text. */
export function commandPieces(e: IrExpr): CommandPiece[] {
  if (e.kind === "literal" && typeof e.value === "string") return [{ kind: "text", text: e.value }];
  if (e.kind === "interpolate") return e.parts.flatMap((p) => (p.kind === "text" ? [{ kind: "text" as const, text: p.text }] : commandPieces(p.expr)));
  if (e.kind === "binary" && e.op === "+" && e.type.kind === "string") return [...commandPieces(e.left), ...commandPieces(e.right)];
  return [{ kind: "value", expr: e }];
}

/** A computed `command`: the script text, and the task arguments, inputs and env that carry its values. */
export interface ComputedCommand {
  readonly script: string;
  /** Shell statements that decode the values, before the command. */
  readonly prelude: readonly string[];
  readonly inputParams: readonly Record<string, unknown>[];
  readonly argParams: readonly Record<string, unknown>[];
  readonly env: readonly { name: string; value: string }[];
}

/** `command` of deploy `d` with its values as `"$MLP_OPT_<i>"`, each from a base64 task argument. */
export function computedCommand(e: IrExpr, scope: ExprScope): ComputedCommand {
  const prelude: string[] = [];
  const inputParams: Record<string, unknown>[] = [];
  const argParams: Record<string, unknown>[] = [];
  const env: { name: string; value: string }[] = [];
  let script = "";
  let n = 0;
  for (const piece of commandPieces(e)) {
    if (piece.kind === "text") {
      script += piece.text;
      continue;
    }
    const param = `mlp-opt-${n}`;
    const variable = `MLP_OPT_${n}`;
    n++;
    inputParams.push({ name: param });
    argParams.push({ name: param, value: exprTag(`sprig.b64enc(${printText(piece.expr, scope)})`) });
    env.push({ name: `${variable}_B64`, value: `{{inputs.parameters.${param}}}` });
    prelude.push(decodeVariable(variable, `${variable}_B64`));
    script += `"$${variable}"`;
  }
  return { script, prelude, inputParams, argParams, env };
}

/** MLP5218 for every computed option of `d` the target cannot evaluate at run time; true if none. */
export function checkComputedOptions(d: IrDeploy, ctx: PipelineContext): boolean {
  const refused = Object.keys(d.optionExprs ?? {})
    .filter((o) => !(d.to.kind === "command" && o === "command"))
    .sort();
  for (const option of refused) {
    ctx.reporter.error("MLP5218", `option \`${option}\` of deploy \`${d.name}\` (\`to ${d.to.kind}\`) interpolates values, which Argo cannot compute there`, d.origin, {
      label: "this deploy",
      notes: [
        d.to.kind === "kserve"
          ? "Argo applies the InferenceService manifest itself: a value computed at run time would be spliced into the manifest's text"
          : "the container image of a template is fixed when the workflow is submitted",
      ],
      help: [`write \`${option}\` as a literal, or deploy \`to command { command: "…" }\` and pass the value to your command there`],
    });
  }
  return refused.length === 0;
}
