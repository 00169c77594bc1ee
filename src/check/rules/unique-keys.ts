/**
 * A `{ key: value }` block sets each key once (language reference, "Steps", "Targets" and
 * "Deploys"): `env`, `resources`, `target NAME { … }` and `to KIND { … }`. A repeat is MLP2011,
 * with the first one labelled. (An unknown resource key is `known-resource-keys`' report, not
 * also a repeat.)
 */
import type { KeyValue } from "../../syntax/ast.js";
import { forEachRepeat } from "../bodies.js";
import type { CheckContext } from "../context.js";
import type { CheckRule } from "../rule.js";
import { RESOURCE_KEYS } from "./known-resource-keys.js";

function checkKeys(ctx: CheckContext, entries: readonly KeyValue[], what: string, known: readonly string[] | undefined): void {
  forEachRepeat(
    entries,
    (kv) => (known === undefined || known.includes(kv.key.name) ? kv.key.name : undefined),
    (i, first) => {
      const kv = entries[i]!;
      ctx.error("MLP2011", `duplicate ${what} \`${kv.key.name}\``, kv.key.span, { labels: [{ span: entries[first]!.key.span, message: "first set here" }] });
    },
  );
}

export const uniqueKeys: CheckRule = {
  name: "unique-keys",
  phase: "names",
  codes: ["MLP2011"],
  check(ctx) {
    for (const m of ctx.bodies.resources) checkKeys(ctx, m.entries, "resource", RESOURCE_KEYS);
    for (const m of ctx.bodies.env) checkKeys(ctx, m.entries, "environment variable", undefined);
    for (const scope of ctx.scopes()) {
      for (const m of scope.flat) {
        if (m.kind === "Target") checkKeys(ctx, m.options, "option", undefined);
        else if (m.kind === "Deploy") for (const d of m.members) if (d.kind === "DeployTo") checkKeys(ctx, d.options, "option", undefined);
      }
    }
  },
};
