/**
 * A step's outputs and metrics share one namespace (language reference, "Steps"): a name
 * declared again, in either block, is MLP2011 (`duplicate output` or `duplicate metric`, after
 * the kind of the repeat).
 */
import type { TypedEntry } from "../../syntax/ast.js";
import { SCAN_LIMIT, type PortsMember } from "../bodies.js";
import type { CheckRule } from "../rule.js";

/** The first port named like `entry` before it in `blocks` (scanning back: bodies have few ports). */
function firstPort(blocks: readonly PortsMember[], entry: TypedEntry): TypedEntry | undefined {
  for (let i = 0; i < blocks.length; i++) {
    const entries = blocks[i]!.entries;
    for (let j = 0; j < entries.length; j++) {
      const e = entries[j]!;
      if (e === entry) return undefined;
      if (e.name.name === entry.name.name) return e;
    }
  }
  return undefined;
}

/** The first port of each name in `blocks`. */
function firstPorts(blocks: readonly PortsMember[]): Map<string, TypedEntry> {
  const firsts = new Map<string, TypedEntry>();
  for (const m of blocks) for (const e of m.entries) if (!firsts.has(e.name.name)) firsts.set(e.name.name, e);
  return firsts;
}

export const uniquePorts: CheckRule = {
  name: "unique-ports",
  phase: "names",
  codes: ["MLP2011"],
  check(ctx) {
    for (const blocks of ctx.bodies.ports) {
      // scanning back is quadratic: a body with many ports gets a map of first declarations
      let count = 0;
      for (let i = 0; i < blocks.length; i++) count += blocks[i]!.entries.length;
      const firsts = count > SCAN_LIMIT ? firstPorts(blocks) : undefined;
      for (let i = 0; i < blocks.length; i++) {
        const m = blocks[i]!;
        for (let j = 0; j < m.entries.length; j++) {
          const entry = m.entries[j]!;
          const first = firsts !== undefined ? firsts.get(entry.name.name) : firstPort(blocks, entry);
          if (first === undefined || first === entry) continue;
          ctx.error("MLP2011", `duplicate ${m.kind === "Outputs" ? "output" : "metric"} \`${entry.name.name}\``, entry.name.span, {
            labels: [{ span: first.name.span, message: "first declared here" }],
            notes: ["a step's outputs and metrics share one namespace (`step.x` names either)"],
          });
        }
      }
    }
  },
};
