/**
 * A sweep's grid is well typed (language brief §9.1, docs/language.md "Sweeps"): each `over` is a
 * non-empty list literal of one value type (`int` and `float` mix as `float`) without repeats,
 * or a `list<T>` param; and `best` ranks a numeric metric.
 */
import type { Expr } from "../../syntax/ast.js";
import type { CheckContext } from "../context.js";
import { literalType } from "../literal-types.js";
import { isNumeric, showType } from "../types.js";
import { unparen } from "../walk.js";
import type { CheckRule } from "../rule.js";

export const validSweepGrids: CheckRule = {
  name: "valid-sweep-grids",
  phase: "types",
  codes: ["MLP3016", "MLP3017", "MLP3018", "MLP3019"],
  check(ctx) {
    for (const scope of ctx.scopes()) {
      for (const sym of scope.members.values()) {
        if (sym.kind !== "sweep") continue;
        for (const m of sym.decl.members) {
          if (m.kind === "Over") checkValues(ctx, m.name.name, m.values, sym.info.dims.get(m.name.name)?.element.kind === "error");
          if (m.kind === "Best") {
            const ref = unparen(m.metric);
            const res = ref.kind === "Ref" ? ctx.analysis.resolutions.get(ref) : undefined;
            const step = res?.kind === "metric" ? scope.members.get(res.step) : undefined;
            const t = res?.kind === "metric" && step?.kind === "step" ? step.sig.metrics.get(res.metric)?.type : undefined;
            if (t !== undefined && t.kind !== "error" && !isNumeric(t))
              ctx.error("MLP3019", `\`best\` ranks points by a number, but \`${res!.kind === "metric" ? `${res.step}.${res.metric}` : ""}\` is a \`${showType(t)}\``, m.metric.span, {
                help: ["rank by an `int` or `float` metric, for example an accuracy or a loss"],
              });
          }
        }
      }
    }
  },
};

/** `over NAME: VALUES`. `untyped`: the declarations phase found no element type. */
function checkValues(ctx: CheckContext, name: string, values: Expr, untyped: boolean): void {
  const e = unparen(values);
  if (e.kind === "Ref") {
    const res = ctx.analysis.resolutions.get(e);
    if (res === undefined) return; // unknown name, already reported
    if (res.kind !== "param" || untyped)
      ctx.error("MLP3018", `\`over ${name}\` takes a list of values or a \`list<…>\` param, found ${res.kind === "param" ? "a param that is not a list" : `a ${res.kind}`}`, values.span, {
        help: ["declare the param with a list type: `param depths: list<int> = [2, 4]`"],
      });
    return;
  }
  if (e.kind !== "List") {
    ctx.error("MLP3018", `\`over ${name}\` takes a list of values, like \`[0.01, 0.1]\``, values.span);
    return;
  }
  if (e.items.length === 0) {
    ctx.error("MLP3016", `\`over ${name}\` has no values: the grid would be empty`, values.span, {
      help: ["list at least one value"],
    });
    return;
  }
  if (untyped) {
    const bad = e.items.find((i) => literalType(i) === undefined || literalType(i)!.kind === "duration" || literalType(i)!.kind === "list" || literalType(i)!.kind === "quantity");
    ctx.error("MLP3018", bad !== undefined ? `the values of \`over ${name}\` must be literal numbers, strings or booleans` : `the values of \`over ${name}\` mix types`, (bad ?? values).span, {
      help: ["write literals of one type: `int` and `float` may mix, as `float`"],
    });
    return;
  }
  const seen = new Map<string, Expr>();
  for (const item of e.items) {
    const key = literalKey(item);
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.error("MLP3017", `\`over ${name}\` lists ${key} twice`, item.span, {
        labels: [{ span: first.span, message: "first here" }],
        notes: ["a point is its values: the same value twice would run the same point twice"],
        help: ["remove the repeat"],
      });
    } else seen.set(key, item);
  }
}

/** A literal's value as it identifies a point (`1` and `1.0` are the same number). */
function literalKey(item: Expr): string {
  const e = unparen(item);
  switch (e.kind) {
    case "Number":
      return String(e.value);
    case "String":
      return JSON.stringify(e.value);
    case "Bool":
      return String(e.value);
    case "Unary":
      return e.op === "-" ? `-${literalKey(e.operand)}` : "?";
    default:
      return "?";
  }
}
