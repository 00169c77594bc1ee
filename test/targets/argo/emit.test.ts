/**
 * The Argo target on the hand-written IR fixtures: output valid against the official Argo schema
 * (unknown fields rejected), byte-identical goldens, deterministic, and the mapping of the churn
 * example (CronWorkflow + WorkflowTemplate, gates, lookup, approval, kserve deploys).
 */
import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { expectGolden } from "../../helpers/golden.js";
import { checkFile, readIr, runArgo, snapshotText } from "./helpers.js";

const FIXTURES = resolve(import.meta.dirname, "../../fixtures/ir");
const GOLDEN = resolve(import.meta.dirname, "../../golden/argo");

describe.each(["churn", "injection"])("fixture %s.ir.json", (name) => {
  const ir = readIr(`${FIXTURES}/${name}.ir.json`);
  const result = runArgo(ir);

  it("emits without errors", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.files.length).toBeGreaterThan(0);
  });

  it("emits files that are valid YAML and valid Argo documents", () => {
    for (const f of result.files) checkFile(f);
  });

  it("is deterministic", () => {
    expect(snapshotText(runArgo(readIr(`${FIXTURES}/${name}.ir.json`)).files)).toBe(snapshotText(result.files));
  });

  it("matches the golden file", () => {
    expectGolden(`${GOLDEN}/${name}.snap`, snapshotText(result.files));
  });
});

describe("churn mapping", () => {
  const result = runArgo(readIr(`${FIXTURES}/churn.ir.json`));
  const byPath = new Map(result.files.map((f) => [f.path, checkFile(f)[0]!]));
  const wt = byPath.get("churn.workflow-template.yaml") as any;
  const cron = byPath.get("churn.cron-workflow.yaml") as any;
  const dag = wt.spec.templates.find((t: any) => t.name === wt.spec.entrypoint).dag.tasks as any[];
  const task = (n: string) => dag.find((t) => t.name === n);
  const template = (n: string) => wt.spec.templates.find((t: any) => t.name === n);

  it("schedules a WorkflowTemplate with a CronWorkflow", () => {
    expect(result.files.map((f) => f.path)).toEqual(["churn.workflow-template.yaml", "churn.cron-workflow.yaml"]);
    expect(cron.spec.schedules).toEqual(["0 3 * * *"]);
    expect(cron.spec.workflowSpec.workflowTemplateRef.name).toBe(wt.metadata.name);
    expect(wt.metadata.namespace).toBe("ml");
    expect(wt.spec.serviceAccountName).toBe("pipeline-runner");
  });

  it("reports the data trigger as an Argo Events note", () => {
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([["MLP5205", "info"]]);
    expect(result.diagnostics[0]!.help.join(" ")).toContain("Argo Events");
  });

  it("passes params as typed arguments", () => {
    expect(wt.spec.arguments.parameters).toEqual([
      { name: "learning_rate", value: "0.05", description: "float" },
      { name: "max_depth", value: "6", description: "int" },
    ]);
    expect(task("train").arguments.parameters).toEqual([
      // a float's text is Go's JSON number text (JavaScript's, as `mlp run` prints it), not `%v`'s
      { name: "lr", value: "{{=sprig.toJson(asFloat(workflow.parameters['learning_rate']) + 0.0)}}" },
      { name: "depth", value: "{{=asInt(workflow.parameters['max_depth'])}}" },
    ]);
  });

  it("maps resources, retries and timeouts", () => {
    const t = template("train");
    expect(t.container.resources).toEqual({
      requests: { cpu: "2", memory: "4Gi" },
      limits: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" },
    });
    expect(t.retryStrategy).toEqual({ limit: "2" });
    expect(t.activeDeadlineSeconds).toBe("7200");
  });

  it("passes artifacts between steps and exposes metrics as an output parameter", () => {
    expect(task("evaluate").arguments.artifacts).toEqual([
      { name: "model", from: "{{tasks.train.outputs.artifacts.model}}" },
      { name: "test", from: "{{tasks.prepare.outputs.artifacts.test}}" },
    ]);
    expect(template("evaluate").outputs.parameters).toEqual([{ name: "metrics", valueFrom: { path: "/tmp/mlp-metrics.json" } }]);
  });

  it("runs std.drift from the mlp image", () => {
    const t = template("profile");
    expect(t.container.image).toBe("ghcr.io/mlp-lang/mlp:0.1.0");
    expect(t.container.args[0]).toContain("exec mlp std drift --current /workspace/test/fixtures/data/churn.csv --reference /workspace/test/fixtures/data/churn_reference.csv --bins 10");
    expect(t.container.args[0]).toContain("--schema current=customer_id:string,tenure:int,monthly_charges:float,churned:bool");
  });

  it("turns gates into skipped nodes that stop what follows", () => {
    expect(task("data-ok")).toMatchObject({ template: "mlp-gate", depends: "profile.Succeeded" });
    expect(task("data-ok").when).toBe("{{=(asFloat(fromJSON(tasks['profile'].outputs.parameters['metrics'])['max_psi']) < 0.2)}}");
    expect(task("prepare").depends).toBe("data-ok.Succeeded");
    expect(task("quality").depends).toBe("evaluate.Succeeded && deployed-production.Succeeded");
    expect(task("quality").when).toContain("(fromJSON(tasks['deployed-production'].outputs.parameters['metrics'])['auc'] ?? 0)");
    expect(template("mlp-gate")).toEqual({ name: "mlp-gate", suspend: { duration: "0" } });
  });

  it("waits for approval before the production deploy", () => {
    expect(task("approve-production").depends).toBe("deploy-staging.Succeeded && train.Succeeded");
    expect(template("approve-production")).toEqual({ name: "approve-production", suspend: {} });
    expect(task("deploy-production").depends).toBe("approve-production.Succeeded");
  });

  it("deploys to KServe with a resource template and stores the model where KServe reads it", () => {
    const t = template("deploy-staging");
    expect(t.resource.action).toBe("apply");
    expect(t.resource.manifest).toContain("storageUri: 's3://mlp-artifacts/{{workflow.name}}/train/model'");
    const model = template("train").outputs.artifacts[0];
    expect(model).toEqual({ name: "model", path: "/tmp/mlp-out/model", archive: { none: {} }, s3: { key: "{{workflow.name}}/train/model" } });
  });
});
