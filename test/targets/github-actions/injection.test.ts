/**
 * Hostile values (quotes, newlines, `${{ … }}`, `{{ … }}`, YAML specials, backslashes, non-ASCII)
 * must arrive verbatim where they are used and never become a GitHub expression, a YAML node or
 * shell code. The output is parsed back with `yaml`; GitHub's evaluation of our neutralised
 * strings is simulated with `evaluateNeutralised`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { IrDocument } from "../../../src/ir/ir.js";
import { evaluateNeutralised } from "../../../targets/github-actions/gh-expr.js";
import { emitIr, loadIr } from "./helpers.js";
import { actionlint, schemaErrors } from "./validate.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** Expressions the generator itself writes; anything else in the output is an injection. */
const ALLOWED_EXPRESSIONS = [
  /^ '\$\{\{' $/,
  /^ (inputs|secrets|vars)\.[A-Za-z_][A-Za-z0-9_]* $/,
  /^ steps\.[A-Za-z_][A-Za-z0-9_-]*\.outputs\.[A-Za-z_][A-Za-z0-9_]* $/,
  /^ toJSON\((needs|inputs)\) $/,
  /^ steps\.attempt_[0-9]+\.outcome == 'failure' $/,
  /^ needs\.[A-Za-z_][A-Za-z0-9_-]*\.outputs\.passed == 'true'( && needs\.[A-Za-z_][A-Za-z0-9_-]*\.outputs\.passed == 'true')* $/,
];
const LITERAL_ONLY = [/^ '\$\{\{' $/];

/** Every string in `v` with its path. */
function strings(v: Json, path: string[] = []): Array<{ path: string[]; value: string }> {
  if (typeof v === "string") return [{ path, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, [...path, String(i)]));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [{ path: [...path, `${k}:key`], value: k }, ...strings(x, [...path, k])]);
  return [];
}

/** The expressions GitHub would evaluate in `s`. */
function expressions(s: string): string[] {
  return [...s.matchAll(/\$\{\{(.*?)\}\}/gs)].map((m) => m[1]!);
}

/** Problems: expressions outside the allow-list (or any value expression in a script). */
function expressionProblems(doc: Json): string[] {
  const problems: string[] = [];
  for (const { path, value } of strings(doc)) {
    const inScript = path[path.length - 1] === "run" || path[path.length - 1] === "script";
    for (const e of expressions(value)) {
      const allowed = inScript ? LITERAL_ONLY : ALLOWED_EXPRESSIONS;
      if (!allowed.some((r) => r.test(e))) problems.push(`${path.join(".")}: \${{${e}}}`);
    }
  }
  return problems;
}

/** The document as GitHub sees it after evaluating our literal-opener expressions. */
function evaluated(doc: Json): Json {
  if (typeof doc === "string") return evaluateNeutralised(doc);
  if (Array.isArray(doc)) return doc.map(evaluated);
  if (doc !== null && typeof doc === "object") return Object.fromEntries(Object.entries(doc).map(([k, v]) => [evaluateNeutralised(k), evaluated(v)]));
  return doc;
}

function stepNamed(job: Obj, prefix: string): Obj {
  const steps = job["steps"] as Obj[];
  const s = steps.find((x) => String(x["name"]).startsWith(prefix));
  if (!s) throw new Error(`no step starting with ${prefix}`);
  return s;
}

const ir = loadIr("injection.ir.json");
const HOSTILE = ir.pipelines[0]!.description!;

describe("injection fixture", () => {
  const result = emitIr(ir);
  const file = result.files[0]!;
  const raw = parse(file.contents, { strict: true, uniqueKeys: true }) as Obj;
  const doc = evaluated(raw) as Obj;
  const jobs = doc["jobs"] as Record<string, Obj>;

  it("has the hostile text in the fixture", () => {
    expect(HOSTILE).toContain("${{ github.token }}");
    expect(HOSTILE).toContain("\n");
  });

  it("parses back to exactly the jobs of the pipeline (comments and values create no nodes)", () => {
    expect(Object.keys(jobs)).toEqual(["work", "good", "production"]);
    expect(Object.keys(doc).sort()).toEqual(["concurrency", "env", "jobs", "name", "on", "permissions"]);
    // The workflow's env holds only the shared scripts the compiler writes.
    expect(Object.keys(doc["env"] as Obj)).toEqual(["MLP_REPORT_METRICS"]);
  });

  it("contains no expression except the ones the generator writes", () => {
    expect(expressionProblems(raw)).toEqual([]);
  });

  it("delivers names, params, env values and literals verbatim", () => {
    expect(doc["name"]).toBe(`hostile: ${HOSTILE}`);
    const inputs = ((doc["on"] as Obj)["workflow_dispatch"] as Obj)["inputs"] as Record<string, Obj>;
    expect(inputs["note"]!["default"]).toBe(HOSTILE);
    const run = stepNamed(jobs["work"]!, "run work");
    const env = run["env"] as Record<string, string>;
    expect(env["GREETING"]).toBe(HOSTILE);
    expect(env["PLAIN"]).toBe("hello");
    expect(env["MLP_IN_label"]).toBe(HOSTILE);
    expect(env["MLP_DEFAULT_note"]).toBe(HOSTILE);
    expect(env["MLP_IN_src"]).toBe(`test/fixtures/${ir.pipelines[0]!.datasets[0]!.uri}`);
    // The paths the compiler makes from names are on the job, once for every attempt.
    expect(jobs["work"]!["env"]).toEqual({ MLP_OUT_out: "_mlp/artifacts/work/out/out", MLP_METRICS: "_mlp/metrics/work.json" });
    expect(Object.keys(env).filter((k) => k in (jobs["work"]!["env"] as Obj))).toEqual([]);
    const gateEnv = stepNamed(jobs["good"]!, "check good")["env"] as Record<string, string>;
    expect(JSON.parse(gateEnv["MLP_PARAM_DEFAULTS"]!)["note"]).toBe(HOSTILE);
    expect(JSON.parse(gateEnv["MLP_CONDITIONS"]!)).toEqual(["work.score >= threshold"]);
  });

  it("keeps every value out of shell and JavaScript code", () => {
    for (const [id, job] of Object.entries(jobs)) {
      // A retried step's script is the job's MLP_RUN; the shared scripts are the workflow's.
      const shared = [String((job["env"] as Obj | undefined)?.["MLP_RUN"] ?? ""), ...Object.values((doc["env"] as Obj | undefined) ?? {}).map(String)];
      for (const code of shared) expect(code.includes(HOSTILE), `${id}: shared scripts`).toBe(false);
      for (const step of job["steps"] as Obj[]) {
        const code = String(step["run"] ?? ((step["with"] as Obj | undefined)?.["script"] ?? ""));
        const isDeployCommand = id === "production" && String(step["name"]).startsWith("run the deploy command");
        if (!isDeployCommand) expect(code.includes(HOSTILE), `${id} / ${String(step["name"])}`).toBe(false);
        expect(code.includes("it's \"odd\""), `${id} / ${String(step["name"])}`).toBe(false);
      }
    }
  });

  it("runs the user's command as written, with placeholders as quoted variables", () => {
    const script = String(stepNamed(jobs["work"]!, "run work")["run"]);
    const command = script.trimEnd().split("\n").pop()!;
    expect(command).toBe(
      `echo "\${{ github.token }} {{ inputs.parameters.x }} {% if 1 %}" && cp "\${MLP_IN_src}" "\${MLP_OUT_out}" && printf '%s' "\${MLP_IN_label}" "\${MLP_IN_note}" && echo '{"score": 1}' > "\${MLP_METRICS}"`,
    );
  });

  it("exposes a secret only to the step that declares it", () => {
    const mentions = strings(raw).filter((s) => s.value.includes("secrets.api_token"));
    expect(mentions.map((m) => m.path.join("."))).toEqual(["jobs.work.steps.1.env.api_token"]);
  });

  it("turns hostile push globs into inert path filters", () => {
    const paths = ((raw["on"] as Obj)["push"] as Obj)["paths"] as string[];
    expect(paths).toEqual(["test/fixtures/data/**/*.csv", `test/fixtures/weird '"?{{ x }}.csv`]);
  });
});

/**
 * Characters that break naive YAML, shell, JavaScript or GitHub expression printers. No NUL: no
 * process can receive one, so it is refused (MLP5010, test/target/process-text.test.ts).
 */
const NASTY = ["${{", "}}", "{{", "{%", "'", '"', "\\", "\n", "\r", "\t", ": ", " #", "&a", "*a", "!!", "- ", "`", "$(", "é", "—", "\u2028", "\u2029", "\u0085", "\u009b", "\ufeff", "---", "..."];
const nasty = fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 }), fc.string({ unit: "grapheme", maxLength: 3 })), { maxLength: 8 }).map((xs) => xs.join("").replace(/\0/g, ""));

function withValues(base: IrDocument, v: { description: string; env: string; literal: string; param: string; uri: string }): IrDocument {
  const p = base.pipelines[0]!;
  const step = p.steps[0]!;
  return {
    ...base,
    pipelines: [
      {
        ...p,
        description: v.description,
        params: p.params.map((x) => (x.name === "note" ? { ...x, default: v.param } : x)),
        datasets: p.datasets.map((d) => ({ ...d, uri: v.uri })),
        steps: [
          {
            ...step,
            description: v.description,
            env: { GREETING: v.env, PLAIN: "hello" },
            inputs: step.inputs.map((i) => (i.name === "label" ? { ...i, binding: { kind: "literal" as const, value: v.literal } } : i)),
          },
        ],
      },
    ],
  };
}

describe("line breaks YAML 1.1 knows and YAML 1.2 does not", () => {
  it("are escaped so go-yaml (actionlint) reads the same value", async () => {
    const v = "a\u2028b: c\u0085d\u2029e\ufefff\u009bg";
    const f = emitIr(withValues(ir, { description: v, env: v, literal: v, param: v, uri: `data/${v}` })).files[0]!;
    expect(f.contents).not.toMatch(/[\u0080-\u009f\u2028\u2029\ufeff]/);
    expect(await actionlint(f.contents, f.path)).toEqual([]);
    const jobs = (parse(f.contents) as Obj)["jobs"] as Record<string, Obj>;
    const env = stepNamed(jobs["work"]!, "run work")["env"] as Record<string, string>;
    expect(env["GREETING"]).toBe(v);
  });
});

describe("random hostile values", () => {
  it("always round-trip and never become expressions", () => {
    fc.assert(
      fc.property(fc.record({ description: nasty, env: nasty, literal: nasty, param: nasty, uri: nasty.map((s) => `data/${s}`) }), (v) => {
        const out = emitIr(withValues(ir, v));
        expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const raw = parse(out.files[0]!.contents, { strict: true, uniqueKeys: true }) as Obj;
        expect(expressionProblems(raw)).toEqual([]);
        const doc = evaluated(raw) as Obj;
        const jobs = doc["jobs"] as Record<string, Obj>;
        expect(Object.keys(jobs)).toEqual(["work", "good", "production"]);
        expect(doc["name"]).toBe(`hostile: ${v.description}`);
        const env = stepNamed(jobs["work"]!, "run work")["env"] as Record<string, string>;
        expect(env["GREETING"]).toBe(v.env);
        expect(env["MLP_IN_label"]).toBe(v.literal);
        expect(env["MLP_DEFAULT_note"]).toBe(v.param);
        expect(jobs["work"]!["env"]).toEqual({ MLP_OUT_out: "_mlp/artifacts/work/out/out", MLP_METRICS: "_mlp/metrics/work.json" });
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it("stay valid for actionlint and the schema", async () => {
    const samples = fc.sample(fc.record({ description: nasty, env: nasty, literal: nasty, param: nasty, uri: nasty.map((s) => `data/${s}`) }), { numRuns: 40, seed: 7 });
    for (const v of samples) {
      const f = emitIr(withValues(ir, v)).files[0]!;
      expect(await actionlint(f.contents, f.path), JSON.stringify(v)).toEqual([]);
      expect(schemaErrors(f.contents), JSON.stringify(v)).toEqual([]);
    }
  });
});
