/**
 * The hostile fixture's names, descriptions, params, env values and commands must reach the DAG
 * verbatim, and never as Python code, Jinja template or Kubernetes `$(VAR)` reference. We check
 * it end to end: import the DAG against stand-in Airflow modules, render every templated field
 * with jinja2 as Airflow does (and expand it as the kubelet would), then run the step's script.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFiles, emitWith, loadIr, runDag, taskById } from "./helpers.js";

const ir = loadIr("injection.ir.json");
const HOSTILE = ir.pipelines[0]!.description!;
const RUN_TEXT = ir.pipelines[0]!.steps[0]!.run!.template;
const NOTE_AT_RUNTIME = `x'"; $(touch /tmp/pwned) {{ 7*7 }} {% if 1 %}y{% endif %} $(api_token) \${HOME}`;
const RUN_ID = "manual__2026-01-01T00:00:00+00:00";

const VARIANTS = [
  { name: "3.x kubernetes", version: "3", operator: "kubernetes" },
  { name: "3.x bash", version: "3", operator: "bash" },
  { name: "2.10 kubernetes", version: "2", operator: "kubernetes" },
  { name: "2.10 bash", version: "2", operator: "bash" },
] as const;

/** Every string constant in a Python file, via python's own parser. */
function pythonStrings(contents: string): string[] {
  const script = "import ast,json,sys\nprint(json.dumps([n.value for n in ast.walk(ast.parse(sys.stdin.read())) if isinstance(n, ast.Constant) and isinstance(n.value, str)]))";
  return JSON.parse(execFileSync("python3", ["-c", script], { input: contents, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })) as string[];
}

/** Jinja tags the target itself writes; anything else in a string literal would be user text. */
const OUR_TAGS = [
  /^\{\{ '\{' \}\}$/,
  /^\{\{ '' \}\}$/,
  /^\{\{ mlp_(artifact|fmt|expr|manifest)\((run_id|params\['[A-Za-z_][A-Za-z0-9_]*'\]|ti, params)(, '[A-Za-z_][A-Za-z0-9_]*')*\)( \| replace\('\$', '\$\$'\))? \}\}$/,
  /^\{\{ run_id( \| replace\('\$', '\$\$'\))? \}\}$/,
  /^\{\{ var\.value\.[A-Za-z_][A-Za-z0-9_]* \}\}$/,
];

describe("airflow target: hostile values", () => {
  for (const v of VARIANTS) {
    describe(v.name, () => {
      const root = mkdtempSync(join(tmpdir(), "mlp-airflow-inj-"));
      const project = join(root, "project");
      const artifacts = join(root, "artifacts");
      // project_dir holds the repository; the .mlp file's directory is `ir.root` inside it.
      const datasetUri = ir.pipelines[0]!.datasets[0]!.uri;
      const datasetPath = join(project, ir.root, datasetUri);
      mkdirSync(dirname(datasetPath), { recursive: true });
      writeFileSync(datasetPath, "DATA\n");
      const result = emitWith(ir, { airflow_version: v.version, operator: v.operator, project_dir: project, artifact_root: artifacts });
      const file = result.files[0]!;
      let strings: string[] | undefined;
      const fileStrings = (): string[] => (strings ??= pythonStrings(file.contents));

      it("emits a file that passes the api.json checker", () => {
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(checkFiles(result.files, v.version)).toEqual([]);
      });

      it("keeps the file ASCII, with no user text outside string literals", () => {
        expect(/^[\x20-\x7e\n]*$/.test(file.contents.replace(/—/g, ""))).toBe(true);
        // the hostile text appears, verbatim, as data (description, param default, doc)
        expect(fileStrings().filter((s) => s === HOSTILE).length).toBeGreaterThanOrEqual(3);
      });

      it("writes only its own Jinja tags; user text has no {{, {% or {# left", () => {
        for (const s of fileStrings()) {
          if (s === HOSTILE || s.includes("github.token")) {
            // raw hostile text may appear only in untemplated fields (description, doc, param
            // default, gate text); templated copies are escaped and contain `{{ '{' }}`
            continue;
          }
          const withoutOurs = s.replace(/\{\{ '\{' \}\}|\{\{ '' \}\}|\{\{ '\\r' \}\}/g, "");
          for (const m of withoutOurs.matchAll(/\{\{.*?\}\}/g)) {
            expect(OUR_TAGS.some((re) => re.test(m[0])), `unexpected tag ${m[0]}`).toBe(true);
          }
          expect(withoutOurs).not.toMatch(/\{%|\{#/);
        }
      });

      const run = runDag(file.contents, v.version, {
        run_id: RUN_ID,
        params: { note: NOTE_AT_RUNTIME },
        xcom: { work: v.operator === "bash" ? '{"score": 1}' : { score: 1 } },
      });

      it("builds the DAG with the expected tasks and edges", () => {
        expect(run.dag["description"]).toBe(HOSTILE);
        expect((run.dag["params"] as Record<string, unknown>)["note"]).toBe(HOSTILE);
        expect(run.tasks.map((t) => t.task_id)).toEqual(["check-params", "work", "good", "approve-production", "production", "record-production"]);
        expect(taskById(run, "work").upstream).toEqual(["check-params"]);
        expect(taskById(run, "good").upstream).toEqual(["work"]);
        expect(taskById(run, "approve-production").upstream.sort()).toEqual(["good", "work"]);
        expect(taskById(run, "production").upstream).toEqual(["approve-production"]);
        expect(taskById(run, "record-production").upstream).toEqual(["production"]);
        for (const t of run.tasks) expect(t.problems).toEqual([]);
      });

      it("renders env values and the deploy command verbatim", () => {
        const work = taskById(run, "work");
        const env = (work.rendered[v.operator === "bash" ? "env" : "env_vars"] ?? {}) as Record<string, string>;
        expect(env["GREETING"]).toBe(HOSTILE);
        expect(env["_MLP_IN_label"]).toBe(HOSTILE);
        expect(env["_MLP_IN_note"]).toBe(NOTE_AT_RUNTIME);
        expect(env["_MLP_IN_src"]).toBe(datasetPath);
        const deploy = taskById(run, "production");
        const command = v.operator === "bash" ? deploy.rendered["bash_command"] : (deploy.rendered["cmds"] as string[])[2];
        expect(command).toBe((ir.pipelines[0]!.deploys[0]!.to.options as Record<string, unknown>)["command"]);
        expect(work.kwargs["doc"]).toBe(HOSTILE);
      });

      it("passes secrets by reference, never by value", () => {
        const work = taskById(run, "work");
        if (v.operator === "bash") {
          expect((work.rendered["env"] as Record<string, string>)["api_token"]).toBe("<variable mlp_secret_api_token>");
        } else {
          expect(work.rendered["env_vars"]).not.toHaveProperty("api_token");
          const spec = (work.rendered["pod_template_dict"] as { spec: { containers: { env: unknown[] }[] } }).spec;
          expect(spec.containers[0]!.env).toEqual([{ name: "api_token", valueFrom: { secretKeyRef: { name: "mlp-secrets", key: "api_token" } } }]);
        }
      });

      it("keeps the user's command text verbatim in the rendered script", () => {
        // The fixture's command is hostile shell (`${{ … }}` is a bad substitution to sh), so it
        // is compared, not run: every text part must appear unchanged, in order.
        const work = taskById(run, "work");
        const script = v.operator === "bash" ? (work.rendered["bash_command"] as string) : (work.rendered["cmds"] as string[])[2]!;
        let at = 0;
        for (const part of ir.pipelines[0]!.steps[0]!.run!.parts) {
          if (part.kind !== "text") continue;
          const found = script.indexOf(part.text, at);
          expect(found, `text part ${JSON.stringify(part.text)}`).toBeGreaterThanOrEqual(at);
          at = found + part.text.length;
        }
        expect(RUN_TEXT).toContain("${src}");
      });

      it("runs a command whose text and values hold template and $(…) syntax, all arriving as data", () => {
        const parts = [
          { kind: "text", text: "printf '[%s]' '{{ 7*7 }}{% if 1 %}{# c #}$(api_token)$$' \"a{{b}}{%c%}\" " },
          { kind: "input", name: "label" },
          { kind: "text", text: " \"" },
          { kind: "input", name: "note" },
          { kind: "text", text: "\" '" },
          { kind: "input", name: "note" },
          { kind: "text", text: "' && cp " },
          { kind: "input", name: "src" },
          { kind: "text", text: " " },
          { kind: "output", name: "out" },
          { kind: "text", text: " && echo '{\"score\": 1}' > " },
          { kind: "builtin", name: "metrics" },
        ];
        const doc = JSON.parse(JSON.stringify(ir));
        doc.pipelines[0].steps[0].run = { template: "(test)", parts };
        const emitted = emitWith(doc, { airflow_version: v.version, operator: v.operator, project_dir: project, artifact_root: artifacts });
        expect(checkFiles(emitted.files, v.version)).toEqual([]);
        const r = runDag(emitted.files[0]!.contents, v.version, { run_id: RUN_ID, params: { note: NOTE_AT_RUNTIME }, call: false });
        const work = taskById(r, "work");
        const script = v.operator === "bash" ? (work.rendered["bash_command"] as string) : (work.rendered["cmds"] as string[])[2]!;
        const env = { ...((work.rendered[v.operator === "bash" ? "env" : "env_vars"] ?? {}) as Record<string, string>) };
        const metrics = join(root, `metrics-${v.version}-${v.operator}.json`);
        if (v.operator === "kubernetes") env["_MLP_METRICS"] = metrics; // the pod writes /airflow/xcom/return.json
        env["api_token"] = "s3cr3t";
        const res = spawnSync(v.operator === "bash" ? "bash" : "/bin/sh", ["-c", script], {
          env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", ...env },
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        });
        expect(res.stderr).toBe("");
        expect(res.status).toBe(0);
        const printed = `[{{ 7*7 }}{% if 1 %}{# c #}$(api_token)$$][a{{b}}{%c%}][${HOSTILE}][${NOTE_AT_RUNTIME}][${NOTE_AT_RUNTIME}]`;
        // bash: the metrics line follows on a line of its own, after the command's unterminated output
        expect(res.stdout).toBe(v.operator === "bash" ? printed + '\nmlp-metrics {"score": 1}\n' : printed);
        if (v.operator === "kubernetes") expect(readFileSync(metrics, "utf8")).toBe('{"score": 1}\n');
        const out = join(artifacts, "hostile", "manual__2026-01-01T00_00_00_00_00", "work", "out");
        expect(readFileSync(out, "utf8")).toBe("DATA\n");
      });

      it("evaluates the gate against XCom metrics and params", () => {
        expect(taskById(run, "good").result).toBe(true);
        const low = runDag(file.contents, v.version, { run_id: RUN_ID, xcom: { work: { score: 0.1 } } });
        expect(taskById(low, "good").result).toBe(false);
        expect(taskById(low, "good").log).toContain("condition does not hold: work.score >= threshold");
      });
    });
  }
});
