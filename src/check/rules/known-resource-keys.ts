/**
 * `resources { … }` takes `cpu`, `memory` and `gpu` (language reference, "Steps"): another key is
 * MLP2013, with "did you mean".
 */
import type { CheckRule } from "../rule.js";
import { suggestionHelp } from "../suggest.js";

export const RESOURCE_KEYS: readonly string[] = ["cpu", "memory", "gpu"];

export const knownResourceKeys: CheckRule = {
  name: "known-resource-keys",
  phase: "names",
  codes: ["MLP2013"],
  check(ctx) {
    for (const m of ctx.bodies.resources) {
      for (const kv of m.entries) {
        const k = kv.key.name;
        if (RESOURCE_KEYS.includes(k)) continue;
        ctx.error("MLP2013", `unknown resource \`${k}\``, kv.key.span, {
          notes: [`the resources are ${RESOURCE_KEYS.map((x) => `\`${x}\``).join(", ")}`],
          help: suggestionHelp(k, RESOURCE_KEYS),
        });
      }
    }
  },
};
