/**
 * Property (issue #13, deliver 1): random hostile text in a step's command, a literal input, a
 * string param's default, an env value and a `to command` deploy reaches the runner verbatim.
 *
 * The workflow is parsed back with `yaml`; every `${{ … }}` is evaluated as the runner would
 * (only the compiler's own `'${{'` literal, `inputs.*` and `secrets.*` are allowed, anything
 * else is an injection and a failure); then each step's and deploy's `run:` script is run, with
 * its `env:`, in a real bash (a manual run, dispatch inputs from the form) and a real sh (a
 * scheduled run, defaults), and must print the text exactly. A mutation check shows the property
 * can fail: the same workflow with the `${{ '${{' }}` neutralisation undone is caught.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deployName, expectedDeployOutput, expectedStepOutput, hostileIr, hostileText, stepName } from "../hostile-text.js";
import { emitIr } from "./helpers.js";
import { actionlint } from "./validate.js";

type Obj = Record<string, any>;

/** A run's context: dispatch inputs (a manual run) or none (a scheduled run). */
interface RunContext {
  readonly event: "workflow_dispatch" | "schedule";
  readonly inputs: Record<string, string>;
}

/**
 * `s` after the runner evaluates its `${{ … }}` expressions. `allowValues` is false for scripts,
 * where only the compiler's `${{ '${{' }}` may appear; a value expression there would be code.
 */
function evaluate(s: string, ctx: RunContext, allowValues: boolean, where: string, problems: string[]): string {
  return s.replace(/\$\{\{(.*?)\}\}/gs, (whole, expr: string) => {
    const e = expr.trim();
    if (e === "'${{'") return "${{";
    const input = /^inputs\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(e);
    if (allowValues && input) return ctx.inputs[input[1]!] ?? "";
    const secret = /^secrets\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(e);
    if (allowValues && secret) return `<secret ${secret[1]}>`;
    problems.push(`${where}: GitHub would evaluate ${whole}`);
    return "";
  });
}

function stepNamed(job: Obj, prefix: string): Obj {
  const s = (job["steps"] as Obj[]).find((x) => String(x["name"]).startsWith(prefix));
  if (s === undefined) throw new Error(`no step starting with ${prefix}`);
  return s;
}

/** Runs one `run:` step as the runner does and returns what it printed (or a problem). */
function runStep(doc: Obj, jobId: string, stepPrefix: string, ctx: RunContext, shell: "bash" | "sh", problems: string[]): string {
  const job = doc["jobs"][jobId] as Obj;
  const step = stepNamed(job, stepPrefix);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...(doc["env"] ?? {}), ...(job["env"] ?? {}), ...(step["env"] ?? {}) })) {
    env[k] = evaluate(String(v), ctx, true, `${jobId} env ${k}`, problems);
  }
  const script = evaluate(String(step["run"]), ctx, false, `${jobId} run`, problems);
  const workspace = mkdtempSync(join(tmpdir(), "mlp-gh-verbatim-"));
  const cwd = join(workspace, String(step["working-directory"] ?? "."));
  mkdirSync(cwd, { recursive: true });
  // GitHub's default shells: `bash -e {0}`, or `sh -e {0}` where the image has no bash.
  const r = spawnSync(shell, ["-e", "-c", script], {
    cwd,
    // A runner's PATH; the test machine's may hold slow shims that bash searches on every command.
    env: { PATH: "/usr/local/bin:/usr/bin:/bin", GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: ctx.event, GITHUB_RUN_ID: "1", GITHUB_RUN_ATTEMPT: "1", ...env },
    encoding: "utf8",
    // Not a socket (node's default pipe is one): Debian's bash reads ~/.bashrc when stdin is a
    // socket and SHLVL is unset, and a developer's ~/.bashrc may hang.
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.status !== 0) problems.push(`${jobId} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Every way the workflow in `contents` fails to deliver `texts` verbatim (empty when it does). */
function verbatimProblems(contents: string, texts: readonly string[]): string[] {
  const problems: string[] = [];
  const doc = parse(contents, { strict: true, uniqueKeys: true }) as Obj;
  texts.forEach((text, i) => {
    const manual: RunContext = { event: "workflow_dispatch", inputs: { [i === 0 ? "note" : `note${i}`]: text } };
    const scheduled: RunContext = { event: "schedule", inputs: {} };
    for (const [ctx, shell] of [[manual, "bash"], [scheduled, "sh"]] as const) {
      const out = runStep(doc, stepName(i), `run ${stepName(i)}`, ctx, shell, problems);
      if (out !== expectedStepOutput(text)) problems.push(`${stepName(i)} (${ctx.event}, ${shell}) printed ${JSON.stringify(out)}, not ${JSON.stringify(expectedStepOutput(text))}`);
    }
    const out = runStep(doc, deployName(i), "run the deploy command", scheduled, "bash", problems);
    if (!out.endsWith(expectedDeployOutput(text))) problems.push(`${deployName(i)} printed ${JSON.stringify(out)}`);
  });
  return problems;
}

function compile(texts: readonly string[]): string {
  const out = emitIr(hostileIr(texts));
  expect(out.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return out.files[0]!.contents;
}

const KNOWN_BAD = "${{ github.token }} $(api_token) $$ {{ x }} %s ' \" \\ \n\u2028\u202e";

describe("github target: hostile text reaches the runner verbatim", () => {
  it("a known hostile text, through bash and sh", () => {
    expect(verbatimProblems(compile([KNOWN_BAD]), [KNOWN_BAD])).toEqual([]);
  });

  it("random hostile texts (property)", () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 4 }), (texts) => {
        expect(verbatimProblems(compile(texts), texts)).toEqual([]);
      }),
      { numRuns: 8, seed: 1313 },
    );
  });

  it("random hostile texts stay valid for actionlint", async () => {
    // 8 texts: 9 params, within the 10 `workflow_dispatch` inputs this actionlint allows.
    const texts = fc.sample(hostileText, { numRuns: 8, seed: 7 });
    const f = emitIr(hostileIr(texts)).files[0]!;
    expect(await actionlint(f.contents, f.path)).toEqual([]);
  });

  it("catches an emitter that does not neutralise `${{` (mutation check)", () => {
    const contents = compile([KNOWN_BAD]);
    const mutated = contents.split("${{ '${{' }}").join("${{");
    expect(mutated).not.toBe(contents);
    const problems = verbatimProblems(mutated, [KNOWN_BAD]);
    expect(problems.some((p) => p.includes("GitHub would evaluate ${{ github.token }}"))).toBe(true);
  });

  it("catches a value spliced into the script instead of passed through env (mutation check)", () => {
    const contents = compile(["it's $HOME"]);
    const mutated = contents.replace(/"\$\{MLP_IN_label\}"/, "it's $HOME");
    expect(mutated).not.toBe(contents);
    expect(verbatimProblems(mutated, ["it's $HOME"]).length).toBeGreaterThan(0);
  });
});
