/**
 * Property (issue #13, deliver 1): random hostile text — Jinja `{{ }}`/`{% %}`/`{# #}`, `%`
 * formatting, `$(`, `$$`, quotes, backslashes, line breaks, bidi controls… — in a step's command,
 * a literal input, a string param's default, an env value and a `to command` deploy reaches the
 * task's process verbatim.
 *
 * The DAG passes the api.json checker (`check_dag.py`, Python's `ast`), is imported against the
 * stand-in Airflow modules and every templated field rendered with jinja2 as Airflow does
 * (`run_dag.py`; for pods, then the kubelet's `$(VAR)` expansion, where a secret's value showing
 * up is a leak). Each task's rendered command then runs, with its rendered env, in a real bash
 * (BashOperator) or sh (a pod's `cmds`), and must print the text exactly. Mutation checks: the
 * same DAG with the Jinja escape undone, or with `$$` turned back into `$`, is caught.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deployName, expectedDeployOutput, expectedStepOutput, hostileIr, hostileText, stepName } from "../hostile-text.js";
import { checkFiles, emitWith, runDag, taskById, type RunResult } from "./helpers.js";

const VARIANTS = [
  { version: "3", operator: "kubernetes" },
  { version: "2", operator: "bash" },
] as const;
type Variant = (typeof VARIANTS)[number];

const project = mkdtempSync(join(tmpdir(), "mlp-airflow-verbatim-"));
// The injection fixture's `.mlp` file is in `test/fixtures`, where its steps run.
mkdirSync(join(project, "test/fixtures"), { recursive: true });
const artifacts = join(project, "_artifacts");

function compile(texts: readonly string[], v: Variant): string {
  const out = emitWith(hostileIr(texts), { airflow_version: v.version, operator: v.operator, project_dir: project, artifact_root: artifacts });
  expect(out.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  expect(checkFiles(out.files, v.version)).toEqual([]);
  return out.files[0]!.contents;
}

/** Runs task `id`'s rendered command as its operator would; returns what it printed. */
function runTask(run: RunResult, id: string, v: Variant, problems: string[]): string {
  const task = taskById(run, id);
  problems.push(...task.problems.map((p) => `${id}: ${p}`));
  const bash = v.operator === "bash";
  const env = { ...((task.rendered[bash ? "env" : "env_vars"] ?? {}) as Record<string, string>) };
  const argv = bash ? ["bash", "-c", task.rendered["bash_command"] as string] : (task.rendered["cmds"] as string[]);
  for (const text of [...argv, ...Object.values(env)]) {
    if (text.includes("<secret ")) problems.push(`${id}: a secret's value would be put in ${JSON.stringify(text)}`);
  }
  if (!bash) env["_MLP_METRICS"] = join(project, "metrics.json"); // the pod's /airflow/xcom/return.json
  mkdirSync(artifacts, { recursive: true });
  const r = spawnSync(argv[0]!, argv.slice(1), { env: { PATH: "/usr/local/bin:/usr/bin:/bin", ...env }, encoding: "utf8" });
  if (r.status !== 0) problems.push(`${id} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Every way the DAG `contents` fails to deliver `texts` verbatim (empty when it does). */
function verbatimProblems(contents: string, texts: readonly string[], v: Variant): string[] {
  const problems: string[] = [];
  let run: RunResult;
  try {
    // No params given: the run takes every param's default, as a scheduled run does.
    run = runDag(contents, v.version, { run_id: "scheduled__2026-01-01T00:00:00+00:00", call: false });
  } catch (e) {
    return [`the DAG does not import or render: ${String(e).slice(0, 2000)}`];
  }
  texts.forEach((text, i) => {
    const step = runTask(run, stepName(i), v, problems);
    // A bash task ends its command's last line with `echo`, so the metrics line is one of its own.
    const expected = expectedStepOutput(text) + (v.operator === "bash" ? "\n" : "");
    if (step !== expected) problems.push(`${stepName(i)} printed ${JSON.stringify(step)}, not ${JSON.stringify(expected)}`);
    const deploy = runTask(run, deployName(i), v, problems);
    if (!deploy.startsWith(expectedDeployOutput(text))) problems.push(`${deployName(i)} printed ${JSON.stringify(deploy)}`);
  });
  return problems;
}

const KNOWN_BAD = "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #} %s %(x)s $(api_token) $$ ${HOME} ' \" \\ \n\u2028\u202e";

describe("airflow target: hostile text reaches the task verbatim", () => {
  for (const v of VARIANTS) {
    describe(`Airflow ${v.version}, ${v.operator} operator`, () => {
      it("a known hostile text", () => {
        expect(verbatimProblems(compile([KNOWN_BAD], v), [KNOWN_BAD], v)).toEqual([]);
      });

      it("random hostile texts (property)", () => {
        fc.assert(
          fc.property(fc.array(hostileText, { minLength: 1, maxLength: 4 }), (texts) => {
            expect(verbatimProblems(compile(texts, v), texts, v)).toEqual([]);
          }),
          { numRuns: 3, seed: v.version === "3" ? 1313 : 2626 },
        );
      });

      it("catches a DAG without the Jinja escape (mutation check)", () => {
        const contents = compile([KNOWN_BAD], v);
        const mutated = contents.split("{{ '{' }}").join("{");
        expect(mutated).not.toBe(contents);
        expect(verbatimProblems(mutated, [KNOWN_BAD], v).length).toBeGreaterThan(0);
      });

      // A BashOperator's command and env see no kubelet, so only pods double `$`.
      it.runIf(v.operator === "kubernetes")("catches a pod whose `$` is not doubled (mutation check)", () => {
        const text = "$(api_token) $(MLP_MODEL)";
        const contents = compile([text], v);
        const mutated = contents.split("$$").join("$");
        expect(mutated).not.toBe(contents);
        const problems = verbatimProblems(mutated, [text], v);
        expect(problems.some((p) => p.includes("a secret's value would be put in"))).toBe(true);
        expect(problems.some((p) => p.includes(`${deployName(0)} printed`))).toBe(true);
      });
    });
  }
});
