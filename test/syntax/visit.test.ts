import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse } from "../../src/syntax/parse.js";
import { walk, children } from "../../src/syntax/visit.js";
import type { Node } from "../../src/syntax/ast.js";

const kitchenSink = readFileSync(new URL("../fixtures/kitchen-sink.mlp", import.meta.url), "utf8");

/** Every object with a `kind` reachable through the node's fields (a walker-independent oracle). */
function reachable(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) value.forEach((v) => reachable(v, out));
  else if (value !== null && typeof value === "object") {
    if ("kind" in value && "span" in value && !["File", "Comment"].includes((value as { kind: string }).kind)) out.push(value as Node);
    for (const [k, v] of Object.entries(value)) if (k !== "span" && k !== "opSpan" && k !== "parts") reachable(v, out);
  }
  return out;
}

describe("walk", () => {
  const file = parse(kitchenSink, "k.mlp").file;

  it("visits every node exactly once, parents before children, in source order", () => {
    const seen: Node[] = [];
    const order: string[] = [];
    walk(file, {
      enter(node, parent) {
        seen.push(node);
        if (parent !== undefined) expect(seen).toContain(parent);
        order.push("enter " + node.kind);
      },
      leave(node) {
        order.push("leave " + node.kind);
      },
    });
    expect(seen[0]).toBe(file);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(1).length).toBe(reachable(file).length);
    expect(seen.some((n) => n.kind === "Comment")).toBe(false);
    expect(order.filter((o) => o.startsWith("enter")).length).toBe(order.filter((o) => o.startsWith("leave")).length);
    for (const node of seen) {
      const offsets = children(node).map((c) => c.span.start.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });

  it("skips children (and leave) when enter returns false", () => {
    const kinds: string[] = [];
    const left: string[] = [];
    walk(file, {
      enter(node) {
        kinds.push(node.kind);
        return node.kind !== "Pipeline" && node.kind !== "Component";
      },
      leave(node) {
        left.push(node.kind);
      },
    });
    expect(kinds).toContain("Pipeline");
    expect(kinds).not.toContain("Step");
    expect(kinds).not.toContain("Run");
    expect(kinds).toContain("Schema");
    expect(left).not.toContain("Pipeline");
  });
});
