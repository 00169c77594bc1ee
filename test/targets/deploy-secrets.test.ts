/**
 * `secrets [..]` on a deploy, on every target: the deploy's job/template/task receives the secrets
 * it lists from the target's secret store (as steps do), no other pipeline secret, and no value.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { compileToIr } from "../../src/compile.js";
import type { IrDocument } from "../../src/ir/ir.js";
import { validateIr } from "../../src/ir/validate-ir.js";
import { memoryHost } from "../../src/source/host.js";
import { actionlint } from "./github-actions/validate.js";
import { emitIr as emitGithub } from "./github-actions/helpers.js";
import { checkFile, runArgo } from "./argo/helpers.js";
import { emitWith as emitAirflow } from "./airflow/helpers.js";

const SOURCE = `pipeline p {
  secret deploy_token
  secret warehouse_password
  step train {
    secrets [warehouse_password]
    outputs { model: Model }
    run "echo m > \${model}"
  }
  deploy prod {
    model train.model
    secrets [deploy_token]
    to command "./ship.sh --token-file /dev/null"
  }
}
`;

/** Values set in the compiler's environment: none may reach a generated file. */
const VALUES = { deploy_token: "tok-VALUE-4c1f", warehouse_password: "pw-VALUE-9e2a" };
const saved: Record<string, string | undefined> = {};
let ir: IrDocument;

beforeAll(() => {
  for (const [k, v] of Object.entries(VALUES)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  const r = compileToIr("p.mlp", memoryHost({ "p.mlp": SOURCE }));
  expect(r.diagnostics).toEqual([]);
  ir = r.ir!;
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

function noValues(files: readonly { path: string; contents: string }[]): void {
  for (const f of files) for (const v of Object.values(VALUES)) expect(f.contents, f.path).not.toContain(v);
}

describe("IR", () => {
  it("carries the deploy's secrets and validates against the schema", () => {
    expect(ir.pipelines[0]!.deploys[0]!.secrets).toEqual(["deploy_token"]);
    expect(validateIr(ir)).toEqual([]);
  });
});

describe("GitHub Actions", () => {
  it("puts `secrets.NAME` in the env of the step running the deploy command, and nowhere else in the job", async () => {
    const out = emitGithub(ir, {});
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    noValues(out.files);
    const wf = out.files.find((f) => f.path.endsWith(".yml"))!;
    expect(await actionlint(wf.contents, wf.path)).toEqual([]);
    const doc = parseYaml(wf.contents) as { jobs: Record<string, { steps: { name?: string; env?: Record<string, string> }[] }> };
    const job = doc.jobs["prod"]!;
    const withSecret = job.steps.filter((s) => JSON.stringify(s.env ?? {}).includes("secrets.deploy_token"));
    expect(withSecret.map((s) => s.name)).toEqual(["run the deploy command for prod"]);
    expect(withSecret[0]!.env!["deploy_token"]).toBe("${{ secrets.deploy_token }}");
    expect(JSON.stringify(job)).not.toContain("warehouse_password");
    expect(wf.contents.split("secrets.deploy_token").length - 1).toBe(1);
  });
});

describe("Argo Workflows", () => {
  it("gives the deploy container the key of the pipeline's Kubernetes Secret, as steps get theirs", () => {
    const out = runArgo(ir);
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    noValues(out.files);
    const docs = out.files.flatMap((f) => checkFile(f));
    const templates = docs.flatMap((d) => ((d.spec as { templates?: { name: string; container?: { env?: unknown[] } }[] })?.templates ?? []));
    const deploy = templates.find((t) => t.name === "deploy-prod" || t.name === "prod")!;
    expect(deploy, templates.map((t) => t.name).join(", ")).toBeDefined();
    expect(deploy.container!.env).toEqual([{ name: "deploy_token", valueFrom: { secretKeyRef: { name: "p-secrets", key: "deploy_token" } } }]);
    const train = templates.find((t) => t.name === "train")!;
    expect(train.container!.env).toContainEqual({ name: "warehouse_password", valueFrom: { secretKeyRef: { name: "p-secrets", key: "warehouse_password" } } });
  });
});

describe("Airflow", () => {
  /** The text of the `deploy_prod = Operator(…)` statement (up to its closing parenthesis). */
  const deployTask = (dag: string): string => {
    const start = dag.indexOf("deploy_prod = ");
    const indent = dag.slice(dag.lastIndexOf("\n", start) + 1, start);
    return dag.slice(start, dag.indexOf(`\n${indent})`, start) + indent.length + 2);
  };
  const python = (src: string): string => {
    const r = spawnSync("python3", ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], { input: src, encoding: "utf8" });
    return r.status === 0 ? "" : r.stderr;
  };

  it("operator kubernetes: the deploy pod gets the secret from the Kubernetes Secret", () => {
    const out = emitAirflow(ir, { operator: "kubernetes" });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    noValues(out.files);
    const dag = out.files[0]!.contents;
    expect(python(dag)).toBe("");
    const task = deployTask(dag);
    expect(task).toContain("pod_template_dict=");
    // The printer wraps long lines: compare without white space.
    expect(task.replace(/\s+/g, "")).toContain('{"name":"deploy_token","valueFrom":{"secretKeyRef":{"name":"mlp-secrets","key":"deploy_token"}}');
    expect(task).not.toContain("warehouse_password");
  });

  it("operator bash: the deploy task reads the Airflow Variable PREFIX + name, as steps do", () => {
    const out = emitAirflow(ir, { operator: "bash" });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    noValues(out.files);
    const dag = out.files[0]!.contents;
    expect(python(dag)).toBe("");
    const task = deployTask(dag);
    expect(task).toContain('"deploy_token": "{{ var.value.mlp_secret_deploy_token');
    expect(task).not.toContain("warehouse_password");
  });
});
