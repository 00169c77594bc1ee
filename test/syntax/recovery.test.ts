/**
 * What error recovery keeps: a rule the parser abandons half-way still yields its node, built
 * from the tokens it had read (with the partial nodes of the rules abandoned with it); a node
 * missing an essential part is dropped together with the diagnostics of its parts; spans run
 * from the first to the last token really read, never over a token recovery invented.
 */
import { describe, expect, it } from "vitest";
import type * as A from "../../src/syntax/ast.js";
import { codes, parseText } from "./helpers.js";

type Decl = A.TopLevelDecl | A.PipelineMember | A.SweepMember | A.StepMember | A.DeployMember;

/** A declaration as `Kind name [start,end)` with the parts these tests look at. */
function outline(d: Decl): string {
  const name = "name" in d ? " " + d.name.name : "env" in d ? " " + d.env.name : "";
  let out = d.kind + name + " [" + d.span.start.offset + "," + d.span.end.offset + ")";
  if ("call" in d && d.call) out += " = " + d.call.callee.path.map((p) => p.name).join(".") + "(" + d.call.args.map((a) => a.name.name).join(",") + ")";
  if ("members" in d && d.members) out += " {" + d.members.map(outline).join("; ") + "}";
  if (d.kind === "Inputs") out += " {" + d.entries.map((e) => e.name.name).join(",") + "}";
  if (d.kind === "Param" && d.default) out += " = " + d.default.kind;
  if (d.kind === "DeployTo") out += " {" + d.options.map((o) => o.key.name + ":" + o.value.kind).join(",") + "}";
  return out;
}

describe("error recovery", () => {
  const cases: [string, string, string, string[]][] = [
    [
      "keeps the call a missing `)` abandoned",
      "pipeline p {\n  step a = f(x: 1\n  secret s\n}",
      "Pipeline p [0,43) {Step a [15,30) = f(x); Secret s [33,41)}",
      ["2:18 MLP1010"],
    ],
    [
      "keeps an unclosed block and what it read",
      'pipeline p {\n  step a {\n    inputs { x: y\n    run "r"\n  }\n  secret s\n}',
      "Pipeline p [0,70) {Step a [15,58) {Inputs [28,57) {x,run}}; Secret s [60,68)}",
      ["4:9 MLP1002", "6:3 MLP1010"],
    ],
    [
      "drops a declaration without a name, and its entries' diagnostics",
      "schema {\n  a: int b: int\n}\npipeline p {\n}",
      "Pipeline p [27,41) {}",
      ["1:8 MLP1002"],
    ],
    [
      "drops a default value it cannot build, and its literals' diagnostics",
      "pipeline p {\n  param x: int = ( ) + 99999999999999999999\n}",
      "Pipeline p [0,58) {Param x [15,56)}",
      ["2:20 MLP1002"],
    ],
    [
      "stops an expression at an operand it cannot build",
      "pipeline p {\n  param x: int = 1 + ( ) + 99999999999999999999\n}",
      "Pipeline p [0,62) {Param x [15,60) = Number}",
      ["2:24 MLP1002"],
    ],
    [
      "ends a span at the last token read, not at an inserted `}`",
      "pipeline p {\n  secret s\n",
      "Pipeline p [0,23) {Secret s [15,23)}",
      ["2:11 MLP1010"],
    ],
    [
      "closes a block at the next member of the enclosing one",
      'pipeline p {\n  step a {\n    run "x"\n  step b {\n    run "y"\n  }\n}',
      "Pipeline p [0,64) {Step a [15,36) {Run [28,35)}; Step b [38,62) {Run [51,58)}}",
      ["4:3 MLP1010"],
    ],
    [
      "keeps the entries read before an unclosed list",
      "pipeline p {\n  deploy d {\n    model m.x\n    to kserve { a: 1 b: [1, 2 }\n  }\n}",
      "Pipeline p [0,77) {Deploy d [15,75) {DeployModel [30,39); DeployTo [44,71) {a:Number,b:List}}}",
      ["4:22 MLP1002", "4:31 MLP1010"],
    ],
    [
      "keeps a declaration whose block never opened",
      'pipeline p {\n  step s {\n    run "true"\n  }\n  target argo 9 }\n}\n',
      "Pipeline p [0,60) {Step s [15,42) {Run [28,38)}; Target argo [45,56)}",
      ["5:15 MLP1002", "6:1 MLP1002"],
    ],
    [
      "keeps a step that lost its `{`",
      'pipeline p {\n  param x: float = 1e999\n  step s  run "true"\n  }\n}\n',
      "Pipeline p [0,62) {Param x [15,37) = Number; Step s [40,46) {}}",
      ["3:11 MLP1002", "5:1 MLP1002"],
    ],
    [
      "keeps a pipeline abandoned at a broken member",
      'pipeline p {\n  step s \n    run "true"\n  }\n  target x { n: 1e999 }\n}\n',
      "Pipeline p [0,41) {Step s [15,21) {}}",
      ["2:10 MLP1002", "3:5 MLP1006", "5:3 MLP1002", "6:1 MLP1002"],
    ],
    [
      "drops a gate condition abandoned inside parentheses",
      "pipeline p {\n  gate g {\n    (1 <  # inside\n  )\n  }\n}\n",
      "Pipeline p [0,52) {Gate g [15,50)}",
      ["3:9 MLP1002"],
    ],
  ];
  it.each(cases)("%s", (_name, source, expected, diagnostics) => {
    const r = parseText(source);
    expect(r.file.declarations.map(outline).join(" | ")).toBe(expected);
    expect(codes(r.diagnostics)).toEqual(diagnostics);
  });
});
