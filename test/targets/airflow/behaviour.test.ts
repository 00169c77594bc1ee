/**
 * What the churn DAG does when run: the task graph, gates reading metrics from XCom,
 * `deployed(production).auc` looked up from an earlier run's record, param type checks, the
 * kserve manifest, and retries/timeouts/resources. Also proves the api.json checker can fail.
 */
import { describe, expect, it } from "vitest";
import { checkFiles, emitWith, loadIr, runDag, taskById } from "./helpers.js";

const RUN_ID = "scheduled__2026-01-02T03:00:00+00:00";
const SAFE_RUN = "scheduled__2026-01-02T03_00_00_00_00";

describe("airflow target: churn at run time", () => {
  const file = emitWith(loadIr("churn.ir.json"), { artifact_root: "s3://bucket/mlp" }).files[0]!;
  const metrics = { profile: { max_psi: 0.05 }, evaluate: { accuracy: 0.9, auc: 0.8 }, train: { train_loss: 0.3 } };
  const run = runDag(file.contents, "3", { run_id: RUN_ID, xcom: metrics, prior_xcom: { "record-production": { metrics: { auc: 0.805 } } } });

  it("wires tasks in the pipeline's order", () => {
    const edges = Object.fromEntries(run.tasks.map((t) => [t.task_id, [...t.upstream].sort()]));
    expect(edges).toEqual({
      "check-params": [],
      profile: ["check-params"],
      data_ok: ["profile"],
      prepare: ["data_ok"],
      train: ["prepare"],
      evaluate: ["prepare", "train"],
      "deployed-production": ["check-params"],
      quality: ["deployed-production", "evaluate"],
      staging: ["quality", "train"],
      "record-staging": ["staging"],
      "approve-production": ["record-staging", "train"],
      production: ["approve-production"],
      "record-production": ["production"],
    });
  });

  it("passes the gates when metrics hold, using the deployed model's auc", () => {
    expect(taskById(run, "check-params").result).toBeNull();
    expect(taskById(run, "deployed-production").result).toEqual({ metrics: { auc: 0.805 } });
    expect(taskById(run, "data_ok").result).toBe(true);
    // 0.8 >= 0.805 - 0.01
    expect(taskById(run, "quality").result).toBe(true);
    expect(taskById(run, "data_ok").kwargs["ignore_downstream_trigger_rules"]).toBe(true);
  });

  it("fails the quality gate against a better champion, and defaults with ?? when none is deployed", () => {
    const worse = runDag(file.contents, "3", { run_id: RUN_ID, xcom: metrics, prior_xcom: { "record-production": { metrics: { auc: 0.9 } } } });
    expect(taskById(worse, "quality").result).toBe(false);
    expect(taskById(worse, "quality").log).toContain("condition does not hold: evaluate.auc >= (deployed(production).auc ?? 0) - 0.01");
    const first = runDag(file.contents, "3", { run_id: RUN_ID, xcom: metrics });
    expect(taskById(first, "deployed-production").result).toBeNull();
    expect(taskById(first, "quality").result).toBe(true);
    const drift = runDag(file.contents, "3", { run_id: RUN_ID, xcom: { ...metrics, profile: { max_psi: 0.5 } } });
    expect(taskById(drift, "data_ok").result).toBe(false);
  });

  it("records the deployed model URI and the metrics upstream of the deploy", () => {
    expect(taskById(run, "record-staging").result).toEqual({
      env: "staging",
      model: `s3://bucket/mlp/churn/${SAFE_RUN}/train/model`,
      run_id: RUN_ID,
      metrics: { max_psi: 0.05, train_loss: 0.3, accuracy: 0.9, auc: 0.8 },
      recorded_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/),
    });
  });

  it("checks param types at run time", () => {
    const bad = runDag(file.contents, "3", { run_id: RUN_ID, params: { learning_rate: "fast", max_depth: true }, xcom: metrics });
    expect(taskById(bad, "check-params").result).toEqual({
      error: "ValueError: mlp: param 'learning_rate' must be float, got 'fast'; param 'max_depth' must be int, got True",
    });
    const ints = runDag(file.contents, "3", { run_id: RUN_ID, params: { learning_rate: 1, max_depth: 3 }, xcom: metrics });
    expect(taskById(ints, "check-params").result).toBeNull();
    expect((taskById(ints, "train").rendered["env_vars"] as Record<string, string>)["_MLP_IN_lr"]).toBe("1");
  });

  it("passes artifacts between steps as per-run object-store URIs", () => {
    const prepare = taskById(run, "prepare").rendered["env_vars"] as Record<string, string>;
    const train = taskById(run, "train").rendered["env_vars"] as Record<string, string>;
    expect(prepare["_MLP_OUT_train"]).toBe(`s3://bucket/mlp/churn/${SAFE_RUN}/prepare/train`);
    expect(train["_MLP_IN_data"]).toBe(prepare["_MLP_OUT_train"]);
    expect(train["_MLP_IN_lr"]).toBe("0.05");
    expect(train["_MLP_IN_depth"]).toBe("6");
    // no mkdir for object-store outputs
    expect((taskById(run, "prepare").rendered["cmds"] as string[])[2]).not.toContain("mkdir");
  });

  it("sets retries, timeout, resources with nvidia.com/gpu, and XCom for metrics", () => {
    const train = taskById(run, "train");
    expect(train.kwargs["retries"]).toBe(2);
    expect(train.kwargs["execution_timeout"]).toBe("datetime.timedelta(seconds=7200)");
    expect(train.kwargs["do_xcom_push"]).toBe(true);
    const container = (train.rendered["pod_template_dict"] as { spec: { containers: Record<string, unknown>[] } }).spec.containers[0]!;
    expect(container["resources"]).toEqual({
      requests: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" },
      limits: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" },
    });
    expect((train.rendered["env_vars"] as Record<string, string>)["_MLP_METRICS"]).toBe("/airflow/xcom/return.json");
  });

  it("runs std.* steps as `mlp std` in the mlp image", () => {
    const profile = taskById(run, "profile");
    expect(profile.rendered["image"]).toBe("ghcr.io/mlp-lang/mlp:0.1.0");
    expect((profile.rendered["cmds"] as string[])[2]).toContain(
      'mlp std drift --current "$_MLP_IN_current" --reference "$_MLP_IN_reference" --bins "$_MLP_IN_bins" --report "$_MLP_OUT_report" --metrics "$_MLP_METRICS" --schema "$_MLP_SCHEMA_current" --schema "$_MLP_SCHEMA_reference"',
    );
    const env = profile.rendered["env_vars"] as Record<string, string>;
    expect(env["_MLP_SCHEMA_current"]).toBe("current=customer_id:string,tenure:int,monthly_charges:float,churned:bool");
  });

  it("applies a kserve InferenceService that points at this run's model", () => {
    const staging = taskById(run, "staging");
    // The Kubernetes project's kubectl image has no shell: an init container from the mlp image
    // writes the manifest into an emptyDir, and kubectl applies the file.
    expect(staging.rendered["image"]).toBe("registry.k8s.io/kubectl:v1.34.2");
    expect(staging.rendered["cmds"]).toEqual(["kubectl", "apply", "-f", "/mlp-manifest/manifest.json"]);
    const pod = staging.rendered["pod_template_dict"] as { spec: { initContainers: { image: string; command: string[]; env: { name: string; value: string }[] }[]; volumes: unknown[] } };
    const init = pod.spec.initContainers[0]!;
    expect(init.image).toBe("ghcr.io/mlp-lang/mlp:0.1.0");
    expect(init.command).toEqual(["/bin/sh", "-c", "printf '%s' \"$MLP_MANIFEST\" > /mlp-manifest/manifest.json"]);
    expect(pod.spec.volumes).toEqual([{ name: "mlp-manifest", emptyDir: {} }]);
    const manifest = JSON.parse(init.env.find((e) => e.name === "MLP_MANIFEST")!.value);
    expect(manifest).toEqual({
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { name: "churn", namespace: "ml-staging", labels: { "app.kubernetes.io/managed-by": "mlp" } },
      spec: { predictor: { model: { modelFormat: { name: "sklearn" }, storageUri: `s3://bucket/mlp/churn/${SAFE_RUN}/train/model` } } },
    });
  });

  it("waits for approval on a sensor before the production deploy", () => {
    const approve = taskById(run, "approve-production");
    expect(approve.operator).toBe("sensor");
    // Reschedule mode gives the worker slot back between checks; `timeout` spans the reschedules.
    expect(approve.kwargs["mode"]).toBe("reschedule");
    expect(approve.kwargs["poke_interval"]).toBe(60);
    expect(approve.kwargs["timeout"]).toBe(604800);
    expect(approve.kwargs["execution_timeout"]).toBeUndefined();
    expect(taskById(run, "production").upstream).toEqual(["approve-production"]);
  });

  it("schedules with the cron expression and typed defaults", () => {
    expect(run.dag["schedule"]).toBe("0 3 * * *");
    expect(run.dag["params"]).toEqual({ learning_rate: 0.05, max_depth: 6 });
    expect(run.dag["catchup"]).toBe(false);
  });
});

describe("airflow target: the api.json checker is a real check", () => {
  const bad = `from airflow.models.xcom_arg import XComArg
from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.operators.bash import BashOperator
from airflow.sdk import DAG
import requests
import os

os.system("id")
X = open("/etc/passwd").read()

with DAG(dag_id="x", schedule_interval="@daily") as dag:
    a = KubernetesPodOperator(task_id="a", container_resources={}, frobnicate=1)
    b = KubernetesPodOperator(image="x")
    print("side effect")
    a >> b
`;
  const findings = checkFiles([{ path: "bad.py", contents: bad }], "3").map((f) => `${f.line}: ${f.problem}`);

  it("reports each kind of problem", () => {
    const expected = [
      "1: `airflow.models.xcom_arg.XComArg` is not an import path api.json lists",
      "3: `airflow.operators.bash.BashOperator` is a deprecated import path",
      "5: import of non-stdlib module `requests`",
      "8: top-level `Expr` statement runs code at import",
      "9: top-level assignment that is not a constant literal",
      "11: `DAG` does not accept keyword `schedule_interval`",
      "12: `KubernetesPodOperator` does not accept keyword `frobnicate`",
      "13: `KubernetesPodOperator` requires keyword `task_id`",
      "14: DAG body statement `Expr` does more than build the DAG",
    ];
    for (const e of expected) expect(findings.some((f) => f.startsWith(e)), `${e}\n${findings.join("\n")}`).toBe(true);
  });

  it("reports syntax errors", () => {
    expect(checkFiles([{ path: "syntax.py", contents: "def (:\n" }], "3")[0]!.problem).toMatch(/^syntax error/);
  });
});
