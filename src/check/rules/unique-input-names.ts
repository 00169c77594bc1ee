/**
 * An `inputs { … }` block names each input once (language reference, "Steps" and
 * "Components"): a repeat is MLP2011, with the first one labelled.
 */
import { forEachRepeat } from "../bodies.js";
import type { CheckRule } from "../rule.js";
import type { InputEntry } from "../../syntax/ast.js";

const nameOf = (e: InputEntry): string => e.name.name;

export const uniqueInputNames: CheckRule = {
  name: "unique-input-names",
  phase: "names",
  codes: ["MLP2011"],
  check(ctx) {
    for (const m of ctx.bodies.inputs) {
      if (m.entries.length < 2) continue;
      const entries = m.entries;
      forEachRepeat(entries, nameOf, (j, first) => {
        const e = entries[j]!;
        ctx.error("MLP2011", `duplicate input \`${e.name.name}\``, e.name.span, { labels: [{ span: entries[first]!.name.span, message: "first declared here" }] });
      });
    }
  },
};
