/**
 * GitHub's filter patterns: MLP5140 (push paths) and MLP5141 (`branches`). The checker must agree
 * with actionlint, the validator the issue saw refuse `trigger on push("a\nb")`: random patterns
 * are put in a workflow and actionlint's `glob` findings compared with the checker, pattern by
 * pattern. Then the end to end: such a pipeline writes nothing and reports the code on the trigger.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../../src/compile.js";
import type { Host } from "../../../src/source/host.js";
import { emitWithTarget } from "../../helpers/emit-with-target.js";
import { filterPatternProblem, type FilterKind } from "../../../targets/github-actions/filter-patterns.js";
import { target } from "../../../targets/github-actions/index.js";
import { actionlint } from "./validate.js";

/** A workflow whose `on.push.<key>` lists `patterns`, one per line from line 4 on. */
function workflowWith(key: "paths" | "branches", patterns: readonly string[]): string {
  return [
    "on:",
    "  push:",
    `    ${key}:`,
    ...patterns.map((p) => `      - ${JSON.stringify(p)}`),
    "jobs:",
    "  a:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - run: echo hi",
    "",
  ].join("\n");
}

/** For each pattern, whether actionlint reports a glob problem for it. */
async function actionlintRefuses(kind: FilterKind, patterns: readonly string[]): Promise<boolean[]> {
  const findings = await actionlint(workflowWith(kind === "path" ? "paths" : "branches", patterns), ".github/workflows/w.yml");
  // actionlint reports an empty string as a syntax error rather than a glob one.
  const unexpected = findings.filter((f) => !f.endsWith("[glob]") && !f.endsWith("string should not be empty [syntax-check]"));
  expect(unexpected).toEqual([]);
  const lines = new Set(findings.map((f) => Number(f.split(":")[0])));
  return patterns.map((_, i) => lines.has(i + 4));
}

const PIECES = ["a", "b", "z", "0", "9", ".", "/", "-", "_", "*", "**", "?", "+", "!", "[", "]", "\\", " ", "\t", "~", "^", ":", "\n", "\r", "é", "$", "{", "[a-z]", "[z-a]", "[x]", "[]", "[a-]"];
const pattern = fc.array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 6 }).map((xs) => xs.join(""));

describe("filter patterns agree with actionlint", () => {
  for (const kind of ["path", "branch"] as const) {
    it(`${kind} patterns: known cases`, async () => {
      const cases = ["data/**", "src/*.py", "!docs/**", "a+", "a?", "[a-z]x", "\\*", "a\nb", "a\rb", "", "!", "?a", "*+", "[x]", "[]", "[a-", "[z-a]", "release 1", "feat/", "v1.", "/main", "a\\b", "a\\*b", "a~b"];
      const refused = await actionlintRefuses(kind, cases);
      const ours = cases.map((c) => filterPatternProblem(c, kind) !== undefined);
      expect(ours.map((r, i) => [cases[i], r])).toEqual(refused.map((r, i) => [cases[i], r]));
      // The known cases cover both answers, so the comparison can fail either way.
      expect(refused).toContain(true);
      expect(refused).toContain(false);
    });

    it(`${kind} patterns: random patterns (property)`, async () => {
      const samples = fc.sample(pattern, { numRuns: 400, seed: kind === "path" ? 13 : 1313 });
      const refused = await actionlintRefuses(kind, samples);
      const disagree = samples.filter((s, i) => (filterPatternProblem(s, kind) !== undefined) !== refused[i]);
      expect(disagree.map((s) => [s, filterPatternProblem(s, kind)])).toEqual([]);
      expect(refused.filter((r) => r).length).toBeGreaterThan(20);
      expect(refused.filter((r) => !r).length).toBeGreaterThan(20);
    });
  }
});

function memoryHost(text: string): Host {
  return { readFile: (path) => (path === "main.mlp" ? { ok: true, text } : { ok: false, reason: "missing", detail: `no file \`${path}\`` }) };
}

function compileGithub(source: string) {
  const compiled = compileToIr("main.mlp", memoryHost(source));
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return emitWithTarget(compiled.ir!, target, { knownTargets: ["github"], mlpVersion: "0.1.0" });
}

const pipeline = (trigger: string, options = "") => `pipeline p {
  ${trigger}
  dataset d: Table = "data/x.csv"
  step s {
    run "echo hi"
  }
  ${options}
}
`;

describe("MLP5140 / MLP5141 on compiled pipelines", () => {
  it("refuses a push glob with a line break (issue #13, seen 9), on the trigger's span, and writes nothing", () => {
    for (const glob of ["a\\nb", "a\\u{d}b", "data/\\u{d}\\n*.csv"]) {
      const out = compileGithub(pipeline(`trigger on push("${glob}")`));
      expect(out.files).toEqual([]);
      const d = out.diagnostics.find((x) => x.code === "MLP5140")!;
      expect(d.severity).toBe("error");
      expect(d.message).toContain("line break");
      expect(d.span.start.line).toBe(2);
      expect(d.span.start.column).toBe(3);
    }
  });

  it("refuses other patterns actionlint refuses, and names the rule", () => {
    const cases: Array<[string, RegExp]> = [
      ["data/[x].csv", /one character/],
      ["data/[a-", /never closed/],
      ["data/**/[z-a]", /backwards/],
      ["+", /repeats/],
    ];
    for (const [glob, why] of cases) {
      const out = compileGithub(pipeline(`trigger on push("${glob}")`));
      expect(out.files, glob).toEqual([]);
      expect(out.diagnostics.find((x) => x.code === "MLP5140")?.message, glob).toMatch(why);
    }
  });

  it("accepts GitHub's pattern syntax and writes a workflow actionlint accepts", async () => {
    for (const glob of ["data/**", "!docs/**", "src/*.py", "v[0-9]+/*", "a?b", "\\\\*literal"]) {
      const out = compileGithub(pipeline(`trigger on push("${glob}")`));
      expect(out.diagnostics.filter((d) => d.severity === "error"), glob).toEqual([]);
      expect(await actionlint(out.files[0]!.contents, out.files[0]!.path), glob).toEqual([]);
    }
  });

  it("refuses a dataset whose path cannot be a filter, on the `trigger on change` span", () => {
    const out = compileGithub(`pipeline p {
  dataset d: Table = "data/x\\ny.csv"
  trigger on change(d)
  step s {
    run "echo hi"
  }
}
`);
    expect(out.files).toEqual([]);
    const d = out.diagnostics.find((x) => x.code === "MLP5140")!;
    expect(d.message).toContain("dataset `d`");
    expect(d.span.start.line).toBe(3);
  });

  it("refuses a `branches` pattern that is not a Git ref name, on the target block", () => {
    for (const b of ["release 1.0", "feature/", "v1.", "/main", "a:b", "a~1", "a^"]) {
      const out = compileGithub(pipeline(`trigger on push("data/**")`, `target github { branches: [${JSON.stringify(b)}] }`));
      expect(out.files, b).toEqual([]);
      const d = out.diagnostics.find((x) => x.code === "MLP5141")!;
      expect(d.severity, b).toBe("error");
      expect(d.span.start.line, b).toBe(7);
    }
    const good = compileGithub(pipeline(`trigger on push("data/**")`, `target github { branches: ["main", "release/**", "!release/old"] }`));
    expect(good.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(good.files).toHaveLength(1);
  });
});

describe("cron text", () => {
  it("is written with single spaces, whatever whitespace separated the fields", async () => {
    const out = compileGithub(`pipeline p {
  schedule "0  4\\t* *\\n1"
  step s {
    run "echo hi"
  }
}
`);
    const f = out.files[0]!;
    expect(f.contents).toContain("- cron: 0 4 * * 1\n");
    expect(await actionlint(f.contents, f.path)).toEqual([]);
  });
});
