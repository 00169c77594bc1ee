/**
 * A step's outputs and metrics share one namespace (language reference, "Steps"): a name
 * declared again, in either block, is MLP2011 (`duplicate output` or `duplicate metric`, after
 * the kind of the repeat).
 */
import type { StepMember, TypedEntry } from "../../syntax/ast.js";
import type { CheckRule } from "../rule.js";
import { forEachBody, SCAN_LIMIT } from "../bodies.js";

/** The first port named `name` in `members` before entry `upTo` (scanning back: bodies have few ports). */
function firstPort(members: readonly StepMember[], name: string, upTo: TypedEntry): TypedEntry | undefined {
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.kind !== "Outputs" && m.kind !== "Metrics") continue;
    for (let j = 0; j < m.entries.length; j++) {
      const e = m.entries[j]!;
      if (e === upTo) return undefined;
      if (e.name.name === name) return e;
    }
  }
  return undefined;
}

/** The first port of each name in `members`. */
function firstPorts(members: readonly StepMember[]): Map<string, TypedEntry> {
  const firsts = new Map<string, TypedEntry>();
  for (const m of members) {
    if (m.kind !== "Outputs" && m.kind !== "Metrics") continue;
    for (const e of m.entries) if (!firsts.has(e.name.name)) firsts.set(e.name.name, e);
  }
  return firsts;
}

export const uniquePorts: CheckRule = {
  name: "unique-ports",
  phase: "names",
  codes: ["MLP2011"],
  check(ctx) {
    forEachBody(ctx, (members) => {
      // scanning back is quadratic: a body with many ports gets a map of first declarations
      let count = 0;
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!;
        if (m.kind === "Outputs" || m.kind === "Metrics") count += m.entries.length;
      }
      const firsts = count > SCAN_LIMIT ? firstPorts(members) : undefined;
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!;
        if (m.kind !== "Outputs" && m.kind !== "Metrics") continue;
        for (let j = 0; j < m.entries.length; j++) {
          const entry = m.entries[j]!;
          const first = firsts !== undefined ? firsts.get(entry.name.name) : firstPort(members, entry.name.name, entry);
          if (first === undefined || first === entry) continue;
          ctx.error("MLP2011", `duplicate ${m.kind === "Outputs" ? "output" : "metric"} \`${entry.name.name}\``, entry.name.span, {
            labels: [{ span: first.name.span, message: "first declared here" }],
            notes: ["a step's outputs and metrics share one namespace (`step.x` names either)"],
          });
        }
      }
    });
  },
};
