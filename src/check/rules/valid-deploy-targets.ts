/**
 * `to KIND { … }` of a deploy against the deploy-kind definition (`src/deploy/kinds.ts`): a known
 * kind (MLP2014), known options (MLP2015; an older spelling is MLP2016, a warning), the required
 * ones present (MLP3014), each of its type (MLP3015) and range (MLP3008). Runs in the
 * types phase: option values are typed with `well-typed`'s literal typing.
 */
import { DEPLOY_KIND_NAMES, deployOptionSpecs, isDeployKind, optionForAlias, type DeployKind, type DeployOptionSpec } from "../../deploy/kinds.js";
import type { DeployTo, KeyValue } from "../../syntax/ast.js";
import type { CheckContext } from "../context.js";
import type { CheckRule } from "../rule.js";
import { literalNumber, literalType } from "./well-typed.js";
import { suggestionHelp } from "../suggest.js";
import { showType } from "../types.js";

const quoted = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(", ");

/** What to write for option `name`, in a help line. */
const example = (name: string, spec: DeployOptionSpec): string => `${name}: ${spec.type === "integer" ? String(spec.minimum ?? 1) : '"…"'}`;

function checkDeployTargets(ctx: CheckContext, to: DeployTo): void {
  const kind = to.target.name;
  if (!isDeployKind(kind)) {
    ctx.error("MLP2014", `unknown deploy kind \`${kind}\``, to.target.span, {
      notes: [`the deploy kinds are ${quoted(DEPLOY_KIND_NAMES)}`],
      help: suggestionHelp(kind, DEPLOY_KIND_NAMES),
    });
    return;
  }
  const specs = deployOptionSpecs(kind);
  const names = Object.keys(specs);
  const present = new Set<string>();
  for (const kv of to.options) {
    const name = optionName(ctx, kind, kv, to.options);
    if (name === undefined) continue;
    present.add(name);
    checkValue(ctx, kind, name, specs[name]!, kv);
  }
  for (const name of names) {
    const spec = specs[name]!;
    if (spec.required !== true || present.has(name)) continue;
    ctx.error("MLP3014", `\`to ${kind}\` needs the option \`${name}\``, to.target.span, {
      notes: [`\`${name}\`: ${spec.description}`],
      help: [`add \`${example(name, spec)}\` to \`to ${kind} { … }\``],
    });
  }
}

/** The defined name of option `kv` (reporting an unknown one or an older spelling), or undefined. */
function optionName(ctx: CheckContext, kind: DeployKind, kv: KeyValue, all: readonly KeyValue[]): string | undefined {
  const key = kv.key.name;
  const specs = deployOptionSpecs(kind);
  if (Object.hasOwn(specs, key)) return key;
  const current = optionForAlias(kind, key);
  if (current === undefined) {
    const names = Object.keys(specs);
    ctx.error("MLP2015", `\`to ${kind}\` has no option \`${key}\``, kv.key.span, {
      notes: [names.length === 0 ? `\`to ${kind}\` takes no options` : `the options of \`to ${kind}\` are ${quoted(names)}`],
      help: suggestionHelp(key, names),
    });
    return undefined;
  }
  const both = all.find((o) => o.key.name === current);
  if (both !== undefined) {
    ctx.error("MLP2011", `duplicate option \`${current}\`: \`${key}\` is its older spelling`, kv.key.span, {
      labels: [{ span: both.key.span, message: "also set here" }],
      help: [`remove \`${key}\``],
    });
    return undefined;
  }
  ctx.warning("MLP2016", `\`${key}\` is the older spelling of the option \`${current}\` of \`to ${kind}\``, kv.key.span, {
    notes: [`every target reads \`${current}\`; \`${key}\` is still accepted and means the same`],
    help: [`did you mean \`${current}\`?`],
  });
  return current;
}

function checkValue(ctx: CheckContext, kind: DeployKind, name: string, spec: DeployOptionSpec, kv: KeyValue): void {
  const t = literalType(kv.value);
  if (t === undefined) return; // not a literal: MLP3009
  const want = spec.type === "integer" ? "int" : "string";
  if (t.kind !== want) {
    ctx.error("MLP3015", `the option \`${name}\` of \`to ${kind}\` takes ${want === "int" ? "an `int`" : "a `string`"}, found \`${showType(t)}\``, kv.value.span, {
      notes: [`\`${name}\`: ${spec.description}`],
      help: [`write \`${example(name, spec)}\``],
    });
    return;
  }
  const n = spec.minimum !== undefined ? literalNumber(kv.value) : undefined;
  if (n !== undefined && spec.minimum !== undefined && n < spec.minimum) {
    ctx.error("MLP3008", `the option \`${name}\` of \`to ${kind}\` must be ${spec.minimum} or more`, kv.value.span, { notes: [`\`${name}\`: ${spec.description}`] });
  }
}

export const validDeployTargets: CheckRule = {
  name: "valid-deploy-targets",
  phase: "types",
  codes: ["MLP2011", "MLP2014", "MLP2015", "MLP2016", "MLP3008", "MLP3014", "MLP3015"],
  check(ctx) {
    for (const scope of ctx.scopes()) {
      for (const decl of scope.decl.members) {
        if (decl.kind !== "Deploy") continue;
        for (const m of decl.members) if (m.kind === "DeployTo") checkDeployTargets(ctx, m);
      }
    }
  },
};
