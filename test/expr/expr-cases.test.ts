/**
 * The expression case table (`cases.ts`) run against every evaluator of `IrExpr`, each as its
 * target really runs it (see each `run-*.ts`). A disagreement with the table is a bug in that
 * evaluator.
 */
import { describe, expect, it } from "vitest";
import type { IrExpr } from "../../src/ir/ir.js";
import { CASES } from "./cases.js";
import { compileCase, type CompiledCase } from "./case-pipeline.js";
import { mismatches, type Outcome } from "./outcome.js";
import { runAirflow } from "./run-airflow.js";
import { runArgo } from "./run-argo.js";
import { runGithub, type GithubMode } from "./run-github.js";
import { runRuntime } from "./run-runtime.js";

const compiled = new Map<string, CompiledCase>(CASES.map((c) => [c.name, compileCase(c)]));

function check(run: (name: string) => Outcome): void {
  const problems: string[] = [];
  for (const c of CASES) for (const m of mismatches(c.expect, run(c.name))) problems.push(`${c.name} (\`${c.source}\`): ${m}`);
  expect(problems).toEqual([]);
}

describe("the expression case table", () => {
  it("has unique names and covers every operator", () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    const ops = new Set<string>();
    const walk = (e: CompiledCase["expr"]): void => {
      if (e.kind === "binary") (ops.add(e.op), walk(e.left), walk(e.right));
      if (e.kind === "unary") (ops.add(`unary ${e.op}`), walk(e.operand));
    };
    for (const c of compiled.values()) walk(c.expr);
    expect([...ops].sort()).toEqual(["!=", "*", "+", "-", "/", "<", "<=", "==", ">", ">=", "??", "and", "or", "unary -", "unary not"].sort());
  });

  it("catches an evaluator that disagrees (mutation check: `/` truncating as for ints)", () => {
    const truncating = (e: IrExpr): IrExpr =>
      e.kind === "binary" ? { ...e, ...(e.op === "/" ? { type: { kind: "int" } } : {}), left: truncating(e.left), right: truncating(e.right) } : e.kind === "unary" ? { ...e, operand: truncating(e.operand) } : e;
    const wrong = CASES.filter((c) => mismatches(c.expect, runRuntime(c, { ...compiled.get(c.name)!, expr: truncating(compiled.get(c.name)!.expr) })).length > 0);
    expect(wrong.map((c) => c.name)).toContain("int / int is a float");
  });

  it("the local runtime (evalExpr)", () => {
    const byName = new Map(CASES.map((c) => [c.name, c]));
    check((name) => runRuntime(byName.get(name)!, compiled.get(name)!));
  });

  it.each<[string, GithubMode]>([
    ["a scheduled run (param defaults)", "defaults"],
    ["a run dispatched by hand (typed inputs)", "dispatched"],
    ["params as one JSON input, scheduled", "json-defaults"],
    ["params as one JSON input, dispatched", "json-dispatched"],
  ])("GitHub Actions (the github-script steps of the workflow), %s", async (_, mode) => {
    const results = new Map<string, Outcome>();
    for (const c of CASES) results.set(c.name, await runGithub(c, compiled.get(c.name)!, mode));
    check((name) => results.get(name)!);
  });

  it("Airflow (the DAG's prelude, in python3)", () => {
    const results = runAirflow(CASES.map((c) => ({ c, compiled: compiled.get(c.name)! })));
    check((name) => results.get(name)!);
  });

  it("Argo (the Workflow's expression tags, by expr-lang's semantics)", () => {
    const byName = new Map(CASES.map((c) => [c.name, c]));
    check((name) => runArgo(byName.get(name)!, compiled.get(name)!));
  });
});
