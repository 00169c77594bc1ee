/**
 * Compiles one IR pipeline to one Airflow DAG file. Every value from the IR reaches the file
 * through the Python literal printer; values that land in Jinja-templated operator fields are
 * also passed through `jinjaLiteral` (and, inside pods, `kubeLiteral`), and runtime values
 * (params, artifact URIs, metrics) are computed by the DAG's own helpers, never spliced in as text.
 */
import { posix } from "node:path";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { diagnostic } from "../../src/diagnostics/diagnostic.js";
import type {
  IrCommandPart,
  IrDeploy,
  IrExpr,
  IrGate,
  IrSchema,
  IrStep,
  IrSweep,
  IrTextPart,
  IrType,
  IrValue,
  Origin,
} from "../../src/ir/ir.js";
import type { ValidPipeline } from "../../src/ir/validate.js";
import { nodeOrigin, pipelineView, type PipelineView } from "../../src/ir/view.js";
import { defaultFanInSpec } from "../../src/ir/fan-in-spec.js";
import { defaultSweepPoints, pointEntryName, sweepSize } from "../../src/ir/sweep-grid.js";
import { isIdentifier } from "../../src/source/identifier.js";
import type { EmittedFile } from "../../src/target/target.js";
import { kserveProblems } from "../../src/target/kserve.js";
import { deployOptionDefault, type DeployOptions } from "../../src/deploy/kinds.js";
import { unsupportedDeploy } from "../../src/target/deploy-support.js";
import { AIRFLOW_DEPLOY_SUPPORT } from "./deploy-support.js";
import { type AirflowName, assetClass, importLines } from "./api-imports.js";
import { AIRFLOW_CODE } from "./codes.js";
import { cronProblem } from "./cron.js";
import { imageRefProblem } from "./image-ref.js";
import { jinjaLiteral } from "./jinja.js";
import { isDns1123Label, isDns1123Subdomain, isQuantity, kubeLiteral, podNameFor } from "./kubernetes-text.js";
import { airflowIdProblem } from "./names.js";
import type { AirflowOptions } from "./options.js";
import {
  type PyExpr,
  pyBool,
  pyCall,
  pyComment,
  pyDict,
  pyFloat,
  pyInt,
  pyJson,
  pyList,
  pyAttr,
  pyName,
  pyNone,
  pyOr,
  pyStr,
  pyTuple,
} from "./python-literal.js";
import {
  PRELUDE_APPROVAL,
  PRELUDE_CORE,
  PRELUDE_DEPLOY,
  PRELUDE_EXPR,
  PRELUDE_GATE,
  PRELUDE_KSERVE,
  PRELUDE_PARAMS,
  PRELUDE_STEP_METRICS,
} from "./runtime-prelude.js";
import { type SchedulePlan, schedulePlan } from "./schedule.js";
import { PRELUDE_LIST_PARAMS, PRELUDE_SWEEP } from "./sweep-prelude.js";
import { PRELUDE_ASSERT, PRELUDE_BRANCH, PRELUDE_DEPLOYED_FROM, PRELUDE_DEPLOYED_INPUT, PRELUDE_FINALLY, PRELUDE_OPTIONS } from "./control-prelude.js";
import { type ShellQuoteState, shVarRef, shellStateAfter } from "./shell.js";

/** Inputs of `emitDag` besides the pipeline itself. */
export interface DagContext {
  /** The compiled entry file, for the header. */
  readonly source: string;
  /** The IR's `root`: the entry file's directory relative to the repository root (`project_dir`). */
  readonly root: string;
  readonly options: AirflowOptions;
  /** Span of the `target airflow { … }` block, for option diagnostics (the pipeline's when absent). */
  readonly optionsOrigin: Origin;
  readonly mlpVersion: string;
  /** The document's schemas, for `mlp std … --schema INPUT=col:type,…`. */
  readonly schemas: Readonly<Record<string, IrSchema>>;
  /** The dag_id of each pipeline of the document, for `deployed(…, from: PIPELINE)` (its name when absent). */
  readonly dagIds?: ReadonlyMap<string, string>;
}

export interface DagResult {
  readonly file?: EmittedFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** Name of the pod volume that holds `artifact_volume`'s claim. */
const ARTIFACT_VOLUME = "mlp-artifacts";

/** Name of the pod volume that holds `project_volume`'s claim (the repository checkout). */
const PROJECT_VOLUME = "mlp-project";

/** Where the kserve deploy pod's init container leaves the manifest for kubectl. */
const MANIFEST_DIR = "/mlp-manifest";

/** Path inside the pod where the cncf.kubernetes provider's sidecar reads the XCom result. */
const KPO_XCOM_FILE = "/airflow/xcom/return.json";

/** Suffixes BashOperator treats as template file names (`BashOperator.template_ext`). */
const BASH_TEMPLATE_EXT = [".sh", ".bash"];

/** An environment variable value: literal text, or a Jinja expression the DAG's helpers compute. */
type EnvValue = { readonly kind: "text"; readonly text: string } | { readonly kind: "jinja"; readonly expr: string };

interface TaskDef {
  readonly variable: string;
  readonly taskId: string;
  /** The IR node the task belongs to (none for check-params, lookups and the run-status tasks). */
  readonly node?: string;
  /** Python statement(s) defining the task (assigned to `variable`); a function when it needs the whole graph. */
  readonly code: string | (() => string);
  readonly upstream: string[];
}

/** Task id of the task that runs only when a task failed, for `${status}` (`-` keeps it apart from node names). */
const FAILED_MARKER = "mlp-failed";

const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** One point of a sweep as the DAG compiles it (list params at their defaults). */
interface SweepPointPlan {
  readonly sweep: string;
  readonly index: number;
  /** `pointEntryName`: the point's directory under `points/` and in `collect` directories. */
  readonly entry: string;
  readonly values: Readonly<Record<string, IrValue>>;
}

interface SweepPlan {
  readonly sweep: IrSweep;
  readonly points: readonly SweepPointPlan[];
}

/** Compiles `p` to `<dag_id>.py`, or reports why it cannot. */
export function emitDag(p: ValidPipeline, ctx: DagContext): DagResult {
  return new DagEmitter(p, ctx).run();
}

class DagEmitter {
  private readonly diags: Diagnostic[] = [];
  private readonly opts: AirflowOptions;
  private readonly kube: boolean;
  private readonly used = new Set<AirflowName>(["DAG"]);
  private readonly tasks: TaskDef[] = [];
  /** Exit task variable of each IR node. */
  private readonly exitVar = new Map<string, string>();
  /** Task id of each IR node's exit task (what its XCom is pulled from). */
  private readonly exitTask = new Map<string, string>();
  /** Each sweep's points, by sweep name. */
  private readonly plans = new Map<string, SweepPlan>();
  /** Steps outside sweeps that a guarded member waits on: they push "mlp-done" when they succeed. */
  private readonly doneFeeders = new Set<string>();
  /** `_MLP_INPUT_EXPRS[step][input]` entries. */
  private readonly inputExprs: [string, [string, PyExpr][]][] = [];
  /** `_MLP_KSERVE[env]` entries. */
  private readonly kserve: [string, PyExpr][] = [];
  /** Lookup task variable per deployed env. */
  private readonly lookups = new Map<string, string>();
  /** Nodes, datasets and params by name, and the graph questions (metric sources). */
  private readonly view: PipelineView;
  private readonly schedule: SchedulePlan;
  /** `_MLP_DEPLOYED_INPUTS[step][input]` entries. */
  private readonly deployedInputs = new Map<string, Map<string, PyExpr>>();
  /** `_MLP_OPTION_EXPRS[deploy][option]` entries: the interpolated values, in order. */
  private readonly optionExprs: [string, [string, PyExpr[]][]][] = [];
  /** Lookup task variables of `deployed(…, from: PIPELINE)` expressions, by `PIPELINE.ENV`. */
  private readonly foreignLookups = new Map<string, string>();
  private usesGate = false;
  private usesDeploy = false;
  private usesAssert = false;
  private usesBranch = false;

  constructor(
    private readonly p: ValidPipeline,
    private readonly ctx: DagContext,
  ) {
    this.opts = ctx.options;
    this.kube = this.opts.operator === "kubernetes";
    this.view = pipelineView(p);
    this.schedule = schedulePlan(p);
    if (this.schedule.assets.length > 0) this.used.add(assetClass(this.opts.airflowVersion));
  }

  /**
   * `rel` (an IR path, relative to the `.mlp` file's directory) on the worker or in the pod:
   * under `project_dir` (the repository) and the IR's `root`. An absolute path stays as written.
   */
  private projectPath(rel: string): string {
    if (rel.startsWith("/")) return rel;
    return posix.normalize(posix.join(this.opts.projectDir, this.ctx.root, rel));
  }

  private error(code: string, message: string, span: Origin, help: string[] = [], notes: string[] = []): void {
    this.diags.push(diagnostic(code, "error", message, span, { help, notes }));
  }

  private warn(code: string, message: string, span: Origin, help: string[] = [], notes: string[] = []): void {
    this.diags.push(diagnostic(code, "warning", message, span, { help, notes }));
  }

  run(): DagResult {
    const dagId = this.opts.dagId ?? this.p.name;
    this.checkPipeline(dagId);
    if (this.diags.some((d) => d.severity === "error")) return { diagnostics: this.diags };

    this.planSweeps();
    const paramsVar = this.p.params.length > 0 ? this.addParamsCheck() : undefined;
    for (const node of this.view.nodes) {
      if (node.kind === "step" && node.step.finally === true) continue;
      if (node.kind === "step") this.addStep(node.step, paramsVar);
      else if (node.kind === "gate") this.addGate(node.gate, paramsVar);
      else if (node.kind === "deploy") this.addDeploy(node.deploy, paramsVar);
      else this.addFanIn(node.sweep, paramsVar);
    }
    if (this.view.finallySteps.length > 0) this.addFinally(paramsVar);
    if (this.diags.some((d) => d.severity === "error")) return { diagnostics: this.diags };
    return { file: { path: `${dagId}.py`, contents: this.render(dagId) }, diagnostics: this.diags };
  }

  // -------------------------------------------------------------------------------------------
  // Checks: what Airflow or Kubernetes would refuse at run time

  private checkPipeline(dagId: string): void {
    const p = this.p;
    const o = this.opts;
    const dagProblem = airflowIdProblem(dagId);
    if (dagProblem !== undefined) {
      this.error(
        AIRFLOW_CODE.badDagId,
        `\`${dagId}\` is not a valid Airflow dag_id: ${dagProblem}`,
        o.dagId !== undefined ? this.ctx.optionsOrigin : p.origin,
        ["set `dag_id` in `target airflow { … }` to a name of ASCII letters, digits, `_`, `.` or `-`"],
      );
    }
    if (p.schedule !== undefined) {
      const problem = cronProblem(p.schedule.cron);
      if (problem !== undefined) {
        this.error(AIRFLOW_CODE.badCron, `the schedule \`${p.schedule.cron}\` is not one Airflow accepts: ${problem}`, p.schedule.origin, [
          "write five fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12) day-of-week (0-7)",
        ]);
      }
    }
    for (const t of this.schedule.skipped) {
      this.warn(AIRFLOW_CODE.dataTrigger, `\`trigger on change(${t.dataset})\` is not generated for Airflow: ${t.reason}`, t.origin, [t.help]);
    }
    for (const t of p.triggers) {
      if (t.kind === "push") {
        this.warn(AIRFLOW_CODE.pushTrigger, "`trigger on push(…)` has no Airflow equivalent and is not generated", t.origin, [
          "trigger the DAG from CI after a push (`airflow dags trigger` or the REST API)",
        ]);
      } else if (t.kind === "pull_request") {
        this.warn(
          AIRFLOW_CODE.pullRequestTrigger,
          "`trigger on pull_request(…)` has no Airflow equivalent and is not generated",
          t.origin,
          ["run model CI on pull requests with `mlp run` or the GitHub target (`--target github`)"],
          ["every run of the DAG may deploy: Airflow cannot tell a pull request's run from another"],
        );
      }
    }
    const optErr = (msg: string, help: string): void => this.error(AIRFLOW_CODE.badOption, msg, this.ctx.optionsOrigin, [help]);
    if (o.namespace !== undefined && !isDns1123Label(o.namespace)) {
      optErr(`namespace \`${o.namespace}\` is not a valid Kubernetes namespace`, "use lowercase letters, digits and `-`, at most 63 characters");
    }
    if (o.serviceAccount !== undefined && !isDns1123Subdomain(o.serviceAccount)) {
      optErr(`service_account \`${o.serviceAccount}\` is not a valid Kubernetes name`, "use lowercase letters, digits, `-` and `.`");
    }
    if (!isDns1123Subdomain(o.kubernetesSecret)) {
      optErr(`kubernetes_secret \`${o.kubernetesSecret}\` is not a valid Kubernetes Secret name`, "use lowercase letters, digits, `-` and `.`");
    }
    // Jinja reads `var.value.<name>` as attribute access: the name must have an identifier's form.
    if (o.variablePrefix !== "" && !isIdentifier(o.variablePrefix)) {
      optErr(`variable_prefix \`${o.variablePrefix}\` cannot start an Airflow Variable name used in templates`, "use letters, digits and `_`, e.g. `mlp_secret_`");
    }
    const date = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(o.startDate);
    const d = date ? new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))) : undefined;
    if (!date || !d || d.getUTCMonth() !== Number(date[2]) - 1 || d.getUTCDate() !== Number(date[3]) || Number(date[1]) < 1900) {
      optErr(`start_date \`${o.startDate}\` is not a calendar date`, "write it as YYYY-MM-DD");
    }
    for (const [name, value] of [
      ["mlp_image", o.mlpImage],
      ["kubectl_image", o.kubectlImage],
    ] as const) {
      const problem = imageRefProblem(value);
      if (problem !== undefined) optErr(`${name} \`${value}\` is not an image reference: ${problem}`, "write an image such as `registry/name:tag` or `registry/name:tag@sha256:<digest>`");
    }
    if (o.artifactRoot.trim() === "" || /[\n\r]/.test(o.artifactRoot)) {
      optErr("artifact_root must be a path or URI on one line", "use e.g. `s3://bucket/prefix`");
    }
    this.checkArtifactStorage();
    this.checkProjectVolume();
    if (o.approvalTimeout > 1e9) optErr("approval_timeout is too large", "use seconds, e.g. 604800 for 7 days");
    if (o.approvalPokeInterval > 1e9) optErr("approval_poke_interval is too large", "use seconds, e.g. 60");
    if (o.kubernetesConnId !== undefined && airflowIdProblem(o.kubernetesConnId) !== undefined) {
      optErr(`kubernetes_conn_id \`${o.kubernetesConnId}\` is not a valid Airflow connection id`, "use ASCII letters, digits, `_`, `.` and `-`");
    }

    // Names become Python keys, env variables, Jinja names and task ids. The IR boundary
    // guarantees identifiers; Airflow adds the task id's length, and the DAG reserves `_MLP_`.
    for (const secret of p.secrets) {
      if (secret.name.startsWith("_MLP_")) this.error(AIRFLOW_CODE.badName, `secret \`${secret.name}\` uses the reserved prefix \`_MLP_\``, secret.origin, ["rename the secret; the generated scripts use `_MLP_…` variables"]);
    }
    for (const node of this.view.nodes) {
      const origin = nodeOrigin(node);
      const name = node.name;
      // Longest derived task id: `approve-<env>` / `deployed-<env>` / `record-<env>`.
      const longest = node.kind === "deploy" ? `deployed-${name}` : name;
      const problem = airflowIdProblem(longest);
      if (problem !== undefined) {
        this.error(AIRFLOW_CODE.badTaskId, `task id \`${longest.length > 60 ? longest.slice(0, 57) + "..." : longest}\` is not valid in Airflow: ${problem}`, origin, [
          "use a shorter name",
        ]);
      }
    }
    for (const step of p.steps) this.checkStep(step);
    for (const deploy of p.deploys) this.checkDeploy(deploy);
    this.checkSweeps();
    const referenced = new Map<string, Origin>();
    for (const g of p.gates) for (const c of g.conditions) for (const env of deployedEnvs(c.expr, p.name)) if (!referenced.has(env)) referenced.set(env, c.origin);
    for (const s of p.steps) for (const i of s.inputs) if (i.binding.kind === "expr") for (const env of deployedEnvs(i.binding.expr, p.name)) if (!referenced.has(env)) referenced.set(env, s.origin);
    for (const d of p.deploys) for (const e of Object.values(d.optionExprs ?? {})) for (const env of deployedEnvs(e, p.name)) if (!referenced.has(env)) referenced.set(env, d.origin);
    for (const [env, origin] of referenced) {
      if (this.view.deploy(env) === undefined) {
        this.warn(
          AIRFLOW_CODE.foreignDeployed,
          `\`deployed(${env})\` refers to an environment this pipeline does not deploy to`,
          origin,
          [`add \`deploy ${env} { … }\` to this pipeline, or compare against a fixed threshold`],
          ["under Airflow, `deployed(env)` reads the deploy record this DAG's own `record-<env>` task keeps in XCom; it is absent here, so `??` supplies the value"],
        );
      }
    }
    if (!this.kube) {
      const ignored = p.steps.filter((s) => s.image !== undefined || s.resources.cpu !== undefined || s.resources.memory !== undefined || s.resources.gpu !== undefined);
      const first = ignored[0];
      if (first !== undefined) {
        this.warn(
          AIRFLOW_CODE.bashIgnores,
          `with \`operator: "bash"\`, the image and resources of ${ignored.length === 1 ? "step" : "steps"} ${ignored
            .slice(0, 5)
            .map((s) => `\`${s.name}\``)
            .join(", ")}${ignored.length > 5 ? ", …" : ""} are not applied`,
          first.origin,
          ["use the default `operator: \"kubernetes\"` to run each step in its image with its resources"],
          ["BashOperator runs commands on the Airflow worker itself"],
        );
      }
    }
    for (const d of p.deploys) {
      if (d.approval) {
        this.diags.push(
          diagnostic(AIRFLOW_CODE.approvalSensor, "info", `deploy \`${d.name}\` waits on the sensor task \`approve-${d.name}\``, d.origin, {
            notes: [
              "api.json lists no human-in-the-loop operator, so approval is a sensor that only a person ends",
              "mark the task success in the Airflow UI (or REST API) to approve, failed to reject; `airflow dags test` needs `--mark-success-pattern '^approve-'`",
              "the sensor runs in reschedule mode: between checks (every `approval_poke_interval` seconds) it holds no worker slot",
            ],
          }),
        );
      }
    }
  }

  /**
   * Step pods do not share a file system: with operator kubernetes, outputs under a path
   * `artifact_root` reach the next pod only through a volume mounted there in every pod.
   */
  private checkArtifactStorage(): void {
    const o = this.opts;
    const onStore = URI_SCHEME.test(o.artifactRoot);
    if (o.artifactVolume !== undefined) {
      if (!isDns1123Subdomain(o.artifactVolume)) {
        this.error(AIRFLOW_CODE.badOption, `artifact_volume \`${o.artifactVolume}\` is not a valid PersistentVolumeClaim name`, this.ctx.optionsOrigin, [
          "use lowercase letters, digits, `-` and `.`",
        ]);
      }
      if (this.kube && (onStore || !o.artifactRoot.startsWith("/"))) {
        this.error(AIRFLOW_CODE.badOption, `artifact_volume is mounted at artifact_root, which must then be an absolute path, not \`${o.artifactRoot}\``, this.ctx.optionsOrigin, [
          "set `artifact_root: \"/mnt/mlp-artifacts\"` (where the claim is mounted), or drop `artifact_volume` to use an object store",
        ]);
      }
      return;
    }
    // Members also write their metrics where the sweep's fan-in pod reads them.
    const outputs = this.p.steps.filter((s) => s.outputs.length > 0 || s.sweep !== undefined);
    const first = outputs[0];
    if (!this.kube || onStore || first === undefined) return;
    this.error(
      AIRFLOW_CODE.podLocalArtifacts,
      `artifact_root \`${o.artifactRoot}\` is a path inside each pod, so the outputs of ${outputs.length === 1 ? "step" : "steps"} ${outputs
        .slice(0, 3)
        .map((s) => `\`${s.name}\``)
        .join(", ")}${outputs.length > 3 ? ", …" : ""} would not reach the pods that read them`,
      this.ctx.optionsOrigin,
      [
        "set `artifact_volume: \"CLAIM\"` to mount a PersistentVolumeClaim (ReadWriteMany) at artifact_root in every pod",
        "or set `artifact_root: \"s3://bucket/prefix\"` to keep artifacts in an object store",
      ],
      ["with `operator: \"kubernetes\"` every step runs in a pod of its own, and a pod's file system is gone when it ends"],
    );
  }

  /**
   * Airflow maps each member over a grid fixed when the DAG is compiled: list params take their
   * defaults, and the grid must stay within `[core] max_map_length`. The fan-in reads every
   * point's files, so artifacts must be on a path (a shared volume), not an object store.
   */
  private checkSweeps(): void {
    const sweeps = this.view.sweeps;
    if (sweeps.length === 0) return;
    const max = this.opts.maxMapLength;
    for (const s of sweeps) {
      let known = true;
      for (const d of s.over) {
        if (d.values.kind !== "param" || this.view.param(d.values.param)?.default !== undefined) continue;
        known = false;
        this.error(
          AIRFLOW_CODE.sweepGrid,
          `sweep \`${s.name}\` iterates over list param \`${d.values.param}\`, which has no default`,
          d.origin,
          [`give \`${d.values.param}\` a default: the Airflow DAG maps over the grid it has when it is compiled`],
          ["a run cannot change the grid: the check-params task refuses a value other than the compiled default"],
        );
      }
      if (!known) continue;
      const size = sweepSize(s, (name) => this.view.param(name)?.default);
      if (size > max) {
        this.error(
          AIRFLOW_CODE.sweepGrid,
          `sweep \`${s.name}\` has ${size} points, more than Airflow maps (max_map_length ${max})`,
          s.origin,
          [
            "use fewer values, or split the grid into several sweeps",
            "if your deployment sets a higher `[core] max_map_length`, set the same `max_map_length` in `target airflow { … }`",
          ],
          [`each member step is one mapped task with an instance per point: ${s.over.map((d) => d.name).join(" x ")}`],
        );
      }
    }
    if (URI_SCHEME.test(this.opts.artifactRoot)) {
      this.error(
        AIRFLOW_CODE.sweepArtifactStore,
        `sweep \`${sweeps[0]!.name}\` needs artifact_root to be a path, not \`${this.opts.artifactRoot}\``,
        this.ctx.optionsOrigin,
        [
          this.kube
            ? 'set `artifact_root: "/mnt/mlp-artifacts"` and `artifact_volume: "CLAIM"` (a ReadWriteMany PersistentVolumeClaim mounted there in every pod)'
            : 'set `artifact_root` to a directory every worker shares, e.g. `"/srv/mlp-artifacts"`',
        ],
        ["the sweep's fan-in task runs `mlp fan-in`, which reads every point's outputs and metrics from files"],
      );
    }
  }

  /** Each sweep's points (list params at their defaults), and the steps guarded members wait on. */
  private planSweeps(): void {
    for (const s of this.view.sweeps) {
      const points = defaultSweepPoints(s, this.p.params);
      this.plans.set(s.name, {
        sweep: s,
        points: points.map((pt) => ({ sweep: s.name, index: pt.index, entry: pointEntryName(pt.index, points.length), values: pt.values })),
      });
      for (const m of this.view.members(s.name)) {
        const needs = m.kind === "step" ? m.step.needs : m.kind === "gate" ? m.gate.needs : [];
        if (!needs.some((n) => this.view.sweepOf(n)?.name === s.name)) continue;
        for (const n of needs) if (this.view.step(n) !== undefined && this.view.sweepOf(n) === undefined) this.doneFeeders.add(n);
      }
    }
  }

  private checkProjectVolume(): void {
    const o = this.opts;
    if (o.projectVolume === undefined) return;
    if (!isDns1123Subdomain(o.projectVolume)) {
      this.error(AIRFLOW_CODE.badOption, `project_volume \`${o.projectVolume}\` is not a valid PersistentVolumeClaim name`, this.ctx.optionsOrigin, [
        "use lowercase letters, digits, `-` and `.`",
      ]);
    }
    if (this.kube && !o.projectDir.startsWith("/")) {
      this.error(AIRFLOW_CODE.badOption, `project_volume is mounted at project_dir, which must then be an absolute path, not \`${o.projectDir}\``, this.ctx.optionsOrigin, [
        "set `project_dir: \"/opt/mlp/project\"`",
      ]);
    }
  }

  private checkStep(step: IrStep): void {
    const bad = (what: string, name: string): void =>
      this.error(AIRFLOW_CODE.badName, `${what} \`${name}\` of step \`${step.name}\` cannot be used in an Airflow DAG`, step.origin, [
        "rename it to an identifier: letters, digits and `_`, not starting with a digit",
      ]);
    for (const secret of step.secrets) if (secret.startsWith("_MLP_")) bad("secret", secret);
    for (const name of Object.keys(step.env)) {
      if (name.startsWith("_MLP_")) {
        this.error(AIRFLOW_CODE.badName, `environment variable \`${name}\` of step \`${step.name}\` uses the reserved prefix \`_MLP_\``, step.origin, [
          "rename the variable; the generated scripts pass inputs and outputs as `_MLP_…` variables",
        ]);
      } else if (step.secrets.includes(name)) {
        this.error(AIRFLOW_CODE.badName, `environment variable \`${name}\` of step \`${step.name}\` has the same name as one of its secrets`, step.origin, [
          "rename the variable; each secret is exposed as a variable of its own name",
        ]);
      }
    }
    const r = step.resources;
    if (r.memory !== undefined && !isQuantity(r.memory)) {
      this.error(AIRFLOW_CODE.badQuantity, `memory \`${r.memory}\` of step \`${step.name}\` is not a Kubernetes quantity`, step.origin, ["write e.g. `512Mi` or `4Gi`"]);
    }
    // A positive `cpu` and a whole `gpu` are the IR's (its schema); memory's `K` is not Kubernetes'.
    const imageProblem = step.image !== undefined ? imageRefProblem(step.image) : undefined;
    if (imageProblem !== undefined) {
      this.error(AIRFLOW_CODE.badOption, `image \`${step.image}\` of step \`${step.name}\` is not an image reference: ${imageProblem}`, step.origin, [
        "write an image such as `python:3.12-slim` or `python:3.12-slim@sha256:<digest>`",
      ]);
    }
  }

  private checkDeploy(d: IrDeploy): void {
    const refusals = unsupportedDeploy("Airflow", AIRFLOW_DEPLOY_SUPPORT, d);
    for (const r of refusals) this.error(AIRFLOW_CODE.unsupportedDeploy, r.message, d.origin, [...r.help], [...r.notes]);
    if (refusals.length > 0) return;
    const computed = Object.keys(d.optionExprs ?? {}).filter((option) => !(d.to.kind === "command" && option === "command"));
    for (const option of computed.sort()) {
      this.error(
        AIRFLOW_CODE.computedOption,
        `option \`${option}\` of deploy \`${d.name}\` is computed when the deploy runs (\`\${…}\`), which the Airflow target supports only in \`to command\`'s \`command\``,
        d.origin,
        [`write \`${option}\` without \`\${…}\`, or pass the value to a \`to command\` deploy's command`],
        [d.to.kind === "kserve" ? "the InferenceService manifest is built when the DAG is compiled" : "Airflow resolves the task's image and options when it builds the task"],
      );
    }
    // The text as written (`${…}` and all) is not the value: checking it would only add noise.
    if (computed.length > 0) return;
    const to = d.to;
    if (to.kind === "kserve") {
      const name = to.options.name;
      const ns = to.options.namespace;
      if (typeof name !== "string" || !isDns1123Label(name) || !/^[a-z]/.test(name)) {
        this.error(AIRFLOW_CODE.badKserve, `kserve deploy \`${d.name}\` needs \`name\`, a lowercase DNS label starting with a letter`, d.origin, [
          "set `name: \"churn\"`: lowercase letters, digits and `-`, at most 63 characters",
        ]);
      }
      if (typeof ns !== "string" || !isDns1123Label(ns)) {
        this.error(AIRFLOW_CODE.badKserve, `kserve deploy \`${d.name}\` needs \`namespace\`, a valid Kubernetes namespace`, d.origin, [
          "set `namespace: \"ml-staging\"`: lowercase letters, digits and `-`",
        ]);
      }
      for (const key of ["model_format", "runtime", "service_account"] as const) {
        const v = to.options[key];
        if (v !== undefined && (typeof v !== "string" || v === "" || /\s/.test(v))) {
          this.error(AIRFLOW_CODE.badKserve, `kserve option \`${key}\` of deploy \`${d.name}\` must be a name without spaces`, d.origin);
        }
      }
      // KServe reads the model from ARTIFACT_ROOT/DAG_ID/RUN_ID/STEP/OUTPUT (MLP5006, MLP5007).
      const format = to.options.model_format;
      const runtime = to.options.runtime;
      // On a claim, KServe reads the model as pvc://CLAIM/… (see `storage_root` in the manifest).
      const onClaim = this.kube && this.opts.artifactVolume !== undefined;
      const storage = { uri: onClaim ? `pvc://${this.opts.artifactVolume}/model` : this.opts.artifactRoot, option: onClaim ? "artifact_volume" : "artifact_root", help: 'set `artifact_root: "s3://BUCKET/PREFIX"` (or `gs://…`) in `target airflow { … }`' };
      for (const p of kserveProblems(d.name, format ?? String(deployOptionDefault("kserve", "model_format")), runtime, storage)) this.error(p.code, p.message, d.origin, [...p.help]);
    } else if (to.kind === "command") {
      const image = to.options.image;
      const problem = typeof image === "string" ? imageRefProblem(image) : image !== undefined ? "it is not a string" : undefined;
      if (problem !== undefined) {
        this.error(AIRFLOW_CODE.badOption, `image of deploy \`${d.name}\` is not an image reference: ${problem}`, d.origin);
      }
    } else {
      this.diags.push(
        diagnostic(AIRFLOW_CODE.localDeploy, "info", `deploy \`${d.name}\` (\`to local\`) only records the model under Airflow`, d.origin, {
          notes: [
            `task \`record-${d.name}\` registers the model URI and metrics for \`${d.name}\` in XCom, where \`deployed(${d.name})\` finds them; nothing is served`,
          ],
          help: ["to serve the model from Airflow, deploy with `to kserve { … }` or `to command { command: \"…\" }`"],
        }),
      );
    }
  }

  /**
   * `'name'` as a Jinja string literal for our own macro calls: an IR name is an identifier (the
   * IR boundary guarantees it), so it needs no escaping.
   */
  private jq(name: string): string {
    return `'${name}'`;
  }

  // -------------------------------------------------------------------------------------------
  // Text that lands in templated operator fields

  /** A literal string for a templated field of the chosen operator. */
  private templated(text: string): PyExpr {
    return pyStr(this.templatedText(text));
  }

  /** `templated`'s text, for strings nested in a templated dict such as `pod_template_dict`. */
  private templatedText(text: string): string {
    return this.kube ? jinjaLiteral(kubeLiteral(text)) : jinjaLiteral(text, BASH_TEMPLATE_EXT);
  }

  /** A Jinja expression of ours for a templated env value (doubling `$` for the kubelet). */
  private jinja(expr: string): PyExpr {
    return pyStr(this.jinjaText(expr));
  }

  private jinjaText(expr: string): string {
    return this.kube ? `{{ ${expr} | replace('$', '$$') }}` : `{{ ${expr} }}`;
  }

  private envValue(v: EnvValue): PyExpr {
    return v.kind === "text" ? this.templated(v.text) : this.jinja(v.expr);
  }

  // -------------------------------------------------------------------------------------------
  // Tasks

  /** Adds a task; `variable` is checked to be a Python identifier (a compiler bug otherwise). */
  private addTask(variable: string, code: string | (() => string), upstream: string[], taskId: string, node?: string): void {
    this.tasks.push({ variable: pyName(variable), taskId, ...(node !== undefined ? { node } : {}), code, upstream: upstream.map((u) => pyName(u)) });
  }

  private upstreamOf(needs: readonly string[], extra: string[], paramsVar: string | undefined): string[] {
    const up = needs.map((n) => this.exitVar.get(n)).filter((v): v is string => v !== undefined);
    const all = [...up, ...extra];
    if (all.length === 0 && paramsVar !== undefined) all.push(paramsVar);
    return [...new Set(all)];
  }

  private addParamsCheck(): string {
    this.used.add("PythonOperator");
    const optional = (t: IrType): PyExpr => pyBool("optional" in t && t.optional === true);
    const declared = this.p.params
      .filter((param) => param.type.kind !== "list")
      .map((param) => pyTuple([pyStr(param.name), pyStr(param.type.kind), optional(param.type)]));
    const lists = this.p.params.flatMap((param) =>
      param.type.kind === "list" ? [pyTuple([pyStr(param.name), pyStr(param.type.element.kind), optional(param.type)])] : [],
    );
    // List params a sweep iterates over are compiled into its grid (with their defaults).
    const compiled = new Map<string, PyExpr>();
    for (const s of this.view.sweeps) {
      for (const d of s.over) {
        const param = d.values.kind === "param" ? this.view.param(d.values.param) : undefined;
        if (param?.default !== undefined) compiled.set(param.name, typedValue(param.default, param.type));
      }
    }
    const check =
      lists.length === 0
        ? pyCall(pyName("functools.partial"), [pyName("_mlp_check_params"), pyList(declared)])
        : pyCall(pyName("functools.partial"), [
            pyName("_mlp_check_list_params"),
            pyList(declared),
            pyList(lists),
            pyDict([...compiled.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [pyStr(k), v])),
          ]);
    const call = pyCall(pyName("PythonOperator"), [], [
      ["task_id", pyStr("check-params")],
      ["python_callable", check],
      ["doc", pyStr("Checks each param value against its declared mlp type.")],
    ]);
    this.addTask("check_params", `check_params = ${call}`, [], "check-params");
    return "check_params";
  }

  /** The lookup task for `deployed(env)`, created on first use. */
  private lookupFor(env: string, paramsVar: string | undefined): string {
    const existing = this.lookups.get(env);
    if (existing !== undefined) return existing;
    this.used.add("PythonOperator");
    const variable = `lookup_${env}`;
    const call = pyCall(pyName("PythonOperator"), [], [
      ["task_id", pyStr(`deployed-${env}`)],
      ["python_callable", pyCall(pyName("functools.partial"), [pyName("_mlp_deployed"), pyStr(`record-${env}`)])],
      ["doc", pyStr(`Looks up what is deployed to ${env} (the latest record-${env} result of this DAG).`)],
    ]);
    this.addTask(variable, `${variable} = ${call}`, paramsVar !== undefined ? [paramsVar] : [], `deployed-${env}`);
    this.lookups.set(env, variable);
    return variable;
  }

  /** The dag_id pipeline `name` of this document compiles to. */
  private dagIdOf(name: string): string {
    return this.ctx.dagIds?.get(name) ?? name;
  }

  /** The lookup task for `deployed(env, from: pipeline)`, another DAG's record; returns [variable, task id]. */
  private foreignLookupFor(env: string, pipeline: string, paramsVar: string | undefined): [string, string] {
    const taskId = `deployed-from-${pipeline}-${env}`;
    const existing = this.foreignLookups.get(`${pipeline}.${env}`);
    if (existing !== undefined) return [existing, taskId];
    this.used.add("PythonOperator");
    // `foreign_lookup_N`: no other task variable starts with `foreign_`.
    const variable = `foreign_lookup_${this.foreignLookups.size}`;
    const dagId = this.dagIdOf(pipeline);
    const call = pyCall(pyName("PythonOperator"), [], [
      ["task_id", pyStr(taskId)],
      ["python_callable", pyCall(pyName("functools.partial"), [pyName("_mlp_deployed_from"), pyStr(dagId), pyStr(`record-${env}`)])],
      ["doc", pyStr(`Looks up what pipeline ${pipeline} deployed to ${env} (the latest record-${env} result of DAG ${dagId}).`)],
    ]);
    this.addTask(variable, `${variable} = ${call}`, paramsVar !== undefined ? [paramsVar] : [], taskId);
    this.foreignLookups.set(`${pipeline}.${env}`, variable);
    return [variable, taskId];
  }

  /** `e` as the dict tree `_mlp_eval` reads; `sweep` is the sweep of the member it is in, if any. */
  private exprToPy(e: IrExpr, paramsVar: string | undefined, lookups: string[], sweep?: string): PyExpr {
    const kv = (entries: [string, PyExpr][]): PyExpr => pyDict(entries.map(([k, v]) => [pyStr(k), v]));
    switch (e.kind) {
      case "literal":
        return kv([["kind", pyStr("literal")], ["value", typedValue(e.value, e.type)]]);
      case "param":
        return kv([["kind", pyStr("param")], ["name", pyStr(e.name)]]);
      case "metric":
        // A member reading a member of its own sweep reads it at its own point.
        if (sweep !== undefined && this.view.sweepOf(e.step)?.name === sweep) return kv([["kind", pyStr("point_metric")], ["step", pyStr(e.step)], ["metric", pyStr(e.metric)]]);
        return kv([["kind", pyStr("metric")], ["step", pyStr(e.step)], ["metric", pyStr(e.metric)]]);
      case "best":
        return kv([["kind", pyStr("best")], ["sweep", pyStr(e.sweep)], ["step", pyStr(e.step)], ["metric", pyStr(e.metric)]]);
      case "over":
        return kv([["kind", pyStr("over")], ["sweep", pyStr(sweep!)], ["name", pyStr(e.name)]]);
      case "deployed": {
        if (e.pipeline !== undefined && e.pipeline !== this.p.name) {
          const [variable, taskId] = this.foreignLookupFor(e.env, e.pipeline, paramsVar);
          lookups.push(variable);
          return kv([
            ["kind", pyStr("deployed")],
            ["lookup", pyStr(taskId)],
            ["metric", pyStr(e.metric)],
            ["label", pyStr(`deployed(${e.env}, from: ${e.pipeline})`)],
          ]);
        }
        lookups.push(this.lookupFor(e.env, paramsVar));
        return kv([["kind", pyStr("deployed")], ["lookup", pyStr(`deployed-${e.env}`)], ["metric", pyStr(e.metric)]]);
      }
      case "interpolate":
        return kv([
          ["kind", pyStr("interpolate")],
          [
            "parts",
            pyList(e.parts.map((part) => (part.kind === "text" ? kv([["text", pyStr(part.text)]]) : kv([["expr", this.exprToPy(part.expr, paramsVar, lookups, sweep)]])))),
          ],
        ]);
      case "unary":
        return kv([["kind", pyStr("unary")], ["op", pyStr(e.op)], ["operand", this.exprToPy(e.operand, paramsVar, lookups, sweep)]]);
      case "binary":
        return kv([
          ["kind", pyStr("binary")],
          ["op", pyStr(e.op)],
          ["type", pyStr(e.type.kind)],
          ["left", this.exprToPy(e.left, paramsVar, lookups, sweep)],
          ["right", this.exprToPy(e.right, paramsVar, lookups, sweep)],
        ]);
    }
  }

  private addGate(g: IrGate, paramsVar: string | undefined): void {
    this.usesGate = true;
    const lookups: string[] = [];
    const conditions = g.conditions.map((c) => pyTuple([pyStr(c.text), this.exprToPy(c.expr, paramsVar, lookups, g.sweep)]));
    const variable = `gate_${g.name}`;
    const doc: [string, PyExpr] = ["doc", pyStr(`Gate: ${g.conditions.map((c) => c.text).join("; ")}`)];
    const plan = g.sweep === undefined ? undefined : this.plans.get(g.sweep)!;
    if (plan !== undefined) {
      // Once per point: a PythonOperator whose True or False (in XCom) lets that point's later
      // members run or skip, leaving the other points alone (a ShortCircuitOperator would skip
      // downstream tasks, the fan-in among them).
      this.used.add("PythonOperator");
      const guard = this.pointGuard(g.needs, plan.sweep.name);
      const upstream = pyList(guard.map((u) => pyTuple([pyStr(u.task), pyBool(u.samePoint)])));
      const kwargs: [string, PyExpr][] = [
        ["task_id", pyStr(g.name)],
        ["python_callable", pyCall(pyName("functools.partial"), [pyName("_mlp_point_gate"), pyList(conditions), upstream])],
        ...this.guardKwargs(guard),
        doc,
      ];
      const points = pyList(plan.points.map((pt) => pyDict([[pyStr("point"), pyInt(pt.index)]])));
      this.addMapped(variable, "PythonOperator", kwargs, "op_kwargs", points, this.upstreamOf(g.needs, lookups, paramsVar), g.name);
      this.setExit(g.name, variable, g.name);
      return;
    }
    const readsSweep = g.conditions.some((c) => exprUsesSweep(c.expr));
    const upstream = this.upstreamOf(g.needs, lookups, paramsVar);
    if (g.assert === true) {
      // An assert fails its task: what depends on it ends upstream_failed, and so does the run.
      this.usesAssert = true;
      this.used.add("PythonOperator");
      const call = pyCall(pyName("PythonOperator"), [], [
        ["task_id", pyStr(g.name)],
        ["python_callable", pyCall(pyName("functools.partial"), [pyName("_mlp_assert"), pyName(readsSweep ? "_mlp_resolved" : "_mlp_plain"), pyList(conditions)])],
        ["retries", pyInt(0)],
        ["doc", pyStr(`Assert: ${g.conditions.map((c) => c.text).join("; ")}`)],
      ]);
      this.addTask(variable, `${variable} = ${call}`, upstream, g.name, g.name);
      this.setExit(g.name, variable, g.name);
      return;
    }
    const check = readsSweep ? "_mlp_sweep_gate" : "_mlp_gate";
    if (this.view.finallySteps.length > 0 || this.view.elseBranches(g.name).length > 0) {
      // A branch, not a short circuit: ShortCircuitOperator would skip the else branch and the
      // finally tasks with the rest. The task ids to follow are known once every task exists.
      this.usesBranch = true;
      this.used.add("BranchPythonOperator");
      const elseNodes = new Set(this.view.elseBranches(g.name).map((n) => n.name));
      this.addTask(
        variable,
        () => {
          const direct = this.tasks.filter((t) => t.upstream.includes(variable));
          const always = direct.filter((t) => t.node === undefined || this.view.isFinally(t.node));
          const then = direct.filter((t) => !always.includes(t) && !elseNodes.has(t.node!));
          const otherwise = direct.filter((t) => !always.includes(t) && elseNodes.has(t.node!));
          const ids = (ts: TaskDef[]): PyExpr => pyList([...ts, ...always].map((t) => pyStr(t.taskId)));
          const call = pyCall(pyName("BranchPythonOperator"), [], [
            ["task_id", pyStr(g.name)],
            ["python_callable", pyCall(pyName("functools.partial"), [pyName("_mlp_branch"), pyName(check), pyList(conditions), ids(then), ids(otherwise)])],
            doc,
          ]);
          return `${variable} = ${call}`;
        },
        upstream,
        g.name,
        g.name,
      );
      this.setExit(g.name, variable, g.name);
      return;
    }
    this.used.add("ShortCircuitOperator");
    const call = pyCall(pyName("ShortCircuitOperator"), [], [
      ["task_id", pyStr(g.name)],
      ["python_callable", pyCall(pyName("functools.partial"), [pyName(check), pyList(conditions)])],
      ["ignore_downstream_trigger_rules", pyBool(true)],
      doc,
    ]);
    this.addTask(variable, `${variable} = ${call}`, upstream, g.name, g.name);
    this.setExit(g.name, variable, g.name);
  }

  /**
   * What a member of sweep `sweep` waits on at its point, when it needs another member of the
   * same sweep: every node it needs, members at the same point. Airflow makes a mapped task
   * wait for every instance of a mapped task upstream (a dependency per map index exists only
   * inside mapped task groups, which api.json does not list), so the member runs once all of
   * them are done (`trigger_rule="all_done"`) and skips itself at a point where one of these
   * did not finish. Empty when it needs no member: Airflow's usual all-success rule then holds.
   */
  private pointGuard(needs: readonly string[], sweep: string): { readonly task: string; readonly samePoint: boolean }[] {
    if (!needs.some((n) => this.view.sweepOf(n)?.name === sweep)) return [];
    return needs.map((n) => ({ task: this.exitTask.get(n)!, samePoint: this.view.sweepOf(n)?.name === sweep }));
  }

  private guardKwargs(guard: readonly unknown[]): [string, PyExpr][] {
    return guard.length > 0 ? [["trigger_rule", pyStr("all_done")]] : [];
  }

  /** `VARIABLE = OPERATOR.partial(KWARGS).expand(MAPPED=VALUES)`: one task instance per value. */
  private addMapped(variable: string, operator: string, kwargs: [string, PyExpr][], mapped: string, values: PyExpr, upstream: string[], node: string): void {
    const partial = pyCall(pyName(`${operator}.partial`), [], kwargs);
    this.addTask(variable, `${variable} = ${pyCall(pyAttr(partial, "expand"), [], [[mapped, values]])}`, upstream, node, node);
  }

  private setExit(node: string, variable: string, taskId: string): void {
    this.exitVar.set(node, variable);
    this.exitTask.set(node, taskId);
  }

  /**
   * `finally` steps: downstream of every other task (so they start only once all of them are
   * done), `trigger_rule="all_done"`. A task that runs only when something failed (one_failed)
   * tells their `${status}` so, and a leaf after them fails the run then: Airflow decides a
   * run's state by its leaves, which would otherwise be the finally tasks alone.
   */
  private addFinally(paramsVar: string | undefined): void {
    const others = this.tasks.map((t) => t.variable);
    let marker: string | undefined;
    if (others.length > 0) {
      this.used.add("PythonOperator");
      marker = "mlp_failed";
      const call = pyCall(pyName("PythonOperator"), [], [
        ["task_id", pyStr(FAILED_MARKER)],
        ["python_callable", pyName("_mlp_failed_marker")],
        ["trigger_rule", pyStr("one_failed")],
        ["retries", pyInt(0)],
        ["doc", pyStr("Runs only when a task failed: the finally steps' ${status} is then failed.")],
      ]);
      this.addTask(marker, `${marker} = ${call}`, others, FAILED_MARKER);
    }
    const finals: string[] = [];
    for (const step of this.view.finallySteps) {
      this.addStep(step, paramsVar, marker === undefined ? others : [...others, marker]);
      finals.push(this.exitVar.get(step.name)!);
    }
    if (marker === undefined) return;
    const end = "mlp_fail_run";
    const call = pyCall(pyName("PythonOperator"), [], [
      ["task_id", pyStr("mlp-fail-run")],
      ["python_callable", pyName("_mlp_fail_run")],
      ["retries", pyInt(0)],
      ["doc", pyStr(`Fails the DAG run after the finally steps when a task failed (it is skipped when ${FAILED_MARKER} is).`)],
    ]);
    this.addTask(end, `${end} = ${call}`, [...finals, marker], "mlp-fail-run");
  }

  /** `finallyUpstream`: the step is a `finally` step, downstream of these tasks (`all_done`). */
  private addStep(step: IrStep, paramsVar: string | undefined, finallyUpstream?: string[]): void {
    const plan = step.sweep === undefined ? undefined : this.plans.get(step.sweep)!;
    const lookups: string[] = [];
    const exprs: [string, PyExpr][] = [];
    for (const input of step.inputs) {
      if (input.binding.kind === "expr") exprs.push([input.name, this.exprToPy(input.binding.expr, paramsVar, lookups, step.sweep)]);
    }
    if (exprs.length > 0) this.inputExprs.push([step.name, exprs]);
    const guard = plan === undefined ? [] : this.pointGuard(step.needs, plan.sweep.name);
    // Members (and steps a guarded member waits on) push an XCom when they succeed: their
    // metrics, or "mlp-done".
    const pushesDone = plan !== undefined || this.doneFeeders.has(step.name);
    const hasMetrics = step.metrics.length > 0;
    const usesBuiltin = (name: string): boolean => step.run?.parts.some((part) => part.kind === "builtin" && part.name === name) ?? false;

    // The script: prologue, the user's command (or the std built-in), epilogue.
    const schemaEnv: [string, EnvValue][] = [];
    const lines: string[] = [];
    if (guard.length > 0) lines.push('[ -n "$_MLP_READY" ] || { echo "mlp: skipped: an earlier member of this point did not finish"; exit 99; }');
    lines.push('cd -- "$_MLP_CWD" || exit 1');
    const needsMetricsFile = (hasMetrics && !this.kube) || ((usesBuiltin("metrics") || step.builtin !== undefined) && !(this.kube && hasMetrics));
    if (needsMetricsFile) {
      // A fresh directory, not a file: whether the command wrote the metrics file must show.
      lines.push('_mlp_metrics_dir="$(mktemp -d)" || exit 1', "trap 'rm -rf -- \"$_mlp_metrics_dir\"' EXIT", '_MLP_METRICS="$_mlp_metrics_dir/metrics.json"');
    }
    if (usesBuiltin("workdir")) lines.push('_MLP_WORKDIR="$(mktemp -d)" || exit 1');
    if (!URI_SCHEME.test(this.opts.artifactRoot)) {
      for (const output of step.outputs) {
        const v = `_MLP_OUT_${output.name}`;
        lines.push(output.type.kind === "Dir" ? `mkdir -p -- "$${v}" || exit 1` : `mkdir -p -- "$(dirname -- "$${v}")" || exit 1`);
      }
    }
    if (step.builtin !== undefined) {
      // Declared table schemas travel as `--schema INPUT=col:type,…` (through the environment).
      const schemaArgs: string[] = [];
      for (const input of step.inputs) {
        if (input.type.kind !== "Table" || input.type.schema === undefined) continue;
        const schema = this.ctx.schemas[input.type.schema]!;
        const variable = `_MLP_SCHEMA_${input.name}`;
        schemaEnv.push([variable, { kind: "text", text: `${input.name}=${schema.columns.map((c) => `${c.name}:${c.type}`).join(",")}` }]);
        schemaArgs.push(`--schema "$${variable}"`);
      }
      const args = [
        "mlp std",
        step.builtin,
        ...step.inputs.map((i) => `--${i.name} "$_MLP_IN_${i.name}"`),
        ...step.outputs.map((o) => `--${o.name} "$_MLP_OUT_${o.name}"`),
        '--metrics "$_MLP_METRICS"',
        ...schemaArgs,
      ];
      if (!/^[A-Za-z0-9_]+$/.test(step.builtin)) {
        this.error(AIRFLOW_CODE.badName, `built-in \`${step.builtin}\` of step \`${step.name}\` is not a valid name`, step.origin);
        return;
      }
      lines.push(args.join(" "));
    } else {
      lines.push(commandText(step.run?.parts ?? []));
    }
    if (plan !== undefined || (pushesDone && !hasMetrics)) lines.push("_mlp_status=$?", '[ "$_mlp_status" -eq 0 ] || exit "$_mlp_status"');
    if (plan !== undefined && hasMetrics) {
      // The point's metrics file, where `mlp fan-in` reads it.
      lines.push('if [ -e "$_MLP_METRICS" ]; then mkdir -p -- "$(dirname -- "$_MLP_POINT_METRICS")" && cp -- "$_MLP_METRICS" "$_MLP_POINT_METRICS" || exit 1; fi');
    }
    if (hasMetrics && !this.kube) {
      // BashOperator pushes the last line of output: the metrics go on a line of their own
      // (`echo` ends the command's last line), and no such line means no metrics file.
      if (plan === undefined) lines.push("_mlp_status=$?", '[ "$_mlp_status" -eq 0 ] || exit "$_mlp_status"');
      lines.push("echo", `if [ -e "$_MLP_METRICS" ]; then printf 'mlp-metrics '; tr -d '\\n\\r' < "$_MLP_METRICS"; echo; fi`);
    } else if (pushesDone && !hasMetrics) {
      lines.push(...(this.kube ? [`printf '"mlp-done"' > "$_MLP_XCOM"`] : ["echo", "echo mlp-done"]));
    }
    const script = lines.join("\n");

    const envFor = (point: SweepPointPlan | undefined): [string, EnvValue][] => {
      const env: [string, EnvValue][] = [["_MLP_CWD", { kind: "text", text: this.projectPath(step.workingDir) }]];
      if (point !== undefined) env.push(["_MLP_POINT", { kind: "text", text: point.entry }]);
      if (point !== undefined && guard.length > 0) {
        const pairs = guard.map((u) => `[${this.jq(u.task)}, ${u.samePoint ? point.index : -1}]`).join(", ");
        env.push(["_MLP_READY", { kind: "jinja", expr: `mlp_ready(ti, [${pairs}])` }]);
      }
      for (const input of step.inputs) env.push([`_MLP_IN_${input.name}`, this.inputValue(step, input.name, input.binding, input.type, point)]);
      for (const output of step.outputs) {
        const expr = point !== undefined ? this.pointPath(point, [step.name, output.name]) : `mlp_artifact(run_id, ${this.jq(step.name)}, ${this.jq(output.name)})`;
        env.push([`_MLP_OUT_${output.name}`, { kind: "jinja", expr }]);
      }
      if (point !== undefined && hasMetrics) env.push(["_MLP_POINT_METRICS", { kind: "jinja", expr: this.pointPath(point, [`${step.name}.metrics.json`]) }]);
      if (usesBuiltin("run_id")) env.push(["_MLP_RUN_ID", { kind: "jinja", expr: "run_id" }]);
      if (usesBuiltin("status")) env.push(["_MLP_STATUS", { kind: "jinja", expr: this.statusExpr() }]);
      if (this.kube && hasMetrics) env.push(["_MLP_METRICS", { kind: "text", text: KPO_XCOM_FILE }]);
      if (this.kube && pushesDone && !hasMetrics) env.push(["_MLP_XCOM", { kind: "text", text: KPO_XCOM_FILE }]);
      for (const [name, value] of Object.entries(step.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        env.push([name, { kind: "text", text: value }]);
      }
      if (!this.kube) env.push(...this.secretVariables([...step.secrets].sort()));
      env.push(...schemaEnv);
      return env;
    };
    const envDict = (point: SweepPointPlan | undefined): PyExpr => pyDict(envFor(point).map(([k, v]) => [pyStr(k), this.envValue(v)]));

    const kwargs: [string, PyExpr][] = [["task_id", pyStr(step.name)]];
    const image = step.image ?? this.opts.mlpImage;
    const envKey = this.kube ? "env_vars" : "env";
    if (this.kube) {
      this.used.add("KubernetesPodOperator");
      kwargs.push(["name", pyStr(podNameFor(step.name))]);
      kwargs.push(["image", this.templated(image)]);
      kwargs.push(["cmds", pyList([pyStr("/bin/sh"), pyStr("-c"), this.templated(script)])]);
      if (plan === undefined) kwargs.push(["env_vars", envDict(undefined)]);
      const template = this.podTemplate(step);
      if (template !== undefined) kwargs.push(["pod_template_dict", template]);
      if (hasMetrics || pushesDone) kwargs.push(["do_xcom_push", pyBool(true)]);
      if (hasMetrics) kwargs.push(["post_execute", this.metricsCheck("_mlp_pod_metrics", step)]);
      if (guard.length > 0) kwargs.push(["skip_on_exit_code", pyInt(99)]);
      this.kubeCommon(kwargs);
    } else {
      this.used.add("BashOperator");
      kwargs.push(["bash_command", this.templated(script)]);
      if (plan === undefined) kwargs.push(["env", envDict(undefined)]);
      kwargs.push(["append_env", pyBool(true)]);
      kwargs.push(["do_xcom_push", pyBool(hasMetrics || pushesDone)]);
      if (hasMetrics) kwargs.push(["output_processor", this.metricsCheck("_mlp_bash_metrics", step)]);
      if (guard.length > 0) kwargs.push(["skip_on_exit_code", pyInt(99)]);
    }
    kwargs.push(...this.guardKwargs(guard));
    if (finallyUpstream !== undefined) kwargs.push(["trigger_rule", pyStr("all_done")]);
    if (step.retry > 0) kwargs.push(["retries", pyInt(Math.floor(step.retry))]);
    else kwargs.push(["retries", pyInt(0)]);
    if (step.timeoutSeconds !== undefined) kwargs.push(["execution_timeout", timedelta(step.timeoutSeconds)]);
    if (step.description !== undefined) kwargs.push(["doc", pyStr(step.description)]);
    const ctor = this.kube ? "KubernetesPodOperator" : "BashOperator";
    const variable = `step_${step.name}`;
    const upstream = finallyUpstream !== undefined ? [...new Set([...finallyUpstream, ...lookups])] : this.upstreamOf(step.needs, lookups, paramsVar);
    if (plan !== undefined) {
      // One instance per point, in grid order: map index i is point i, whose values reach the
      // command as environment variables (literal text, through the escaping layer).
      this.addMapped(variable, ctor, kwargs, envKey, pyList(plan.points.map((pt) => envDict(pt))), upstream, step.name);
    } else {
      this.addTask(variable, `${variable} = ${pyCall(pyName(ctor), [], kwargs)}`, upstream, step.name, step.name);
    }
    this.setExit(step.name, variable, step.name);
  }

  /** `${status}` of a finally step: the `mlp_status` macro over the failure marker and the gates' XComs. */
  private statusExpr(): string {
    const marker = this.tasks.some((t) => t.taskId === FAILED_MARKER) ? this.jq(FAILED_MARKER) : "none";
    const gates = this.p.gates.filter((g) => g.assert !== true).map((g) => this.jq(g.name));
    return `mlp_status(ti, ${marker}, [${gates.join(", ")}])`;
  }

  /** A Jinja expression for `PARTS` under point `point`'s directory (`points/ENTRY/…`). */
  private pointPath(point: SweepPointPlan, parts: readonly string[]): string {
    return `mlp_sweep_path(run_id, ${this.jq(point.sweep)}, [${["points", point.entry, ...parts].map((x) => this.jq(x)).join(", ")}])`;
  }

  /** A Jinja expression for `PARTS` under sweep `sweep`'s fan-in directory. */
  private fanInPath(sweep: string, parts: readonly string[]): string {
    return `mlp_sweep_path(run_id, ${this.jq(sweep)}, [${["fan-in", ...parts].map((x) => this.jq(x)).join(", ")}])`;
  }

  /**
   * A sweep's fan-in: `mlp fan-in` (mlp's own code, as every target runs it) reads every point's
   * files, picks the best point, builds the `collect` directories, and the task pushes best.json
   * into XCom for gates and expressions outside. It runs once every point is done, whatever
   * became of each (`all_done`); it fails when no point finished.
   */
  private addFanIn(sweep: IrSweep, paramsVar: string | undefined): void {
    const spec = defaultFanInSpec(this.view, sweep.name, this.p.params);
    const best = spec.best !== undefined;
    const env: [string, EnvValue][] = [
      ["MLP_FAN_IN_SPEC", { kind: "text", text: JSON.stringify(spec) }],
      ["_MLP_POINTS", { kind: "jinja", expr: `mlp_sweep_path(run_id, ${this.jq(sweep.name)}, ['points'])` }],
      ["_MLP_FAN_IN_OUT", { kind: "jinja", expr: this.fanInPath(sweep.name, []) }],
    ];
    if (this.kube && best) env.push(["_MLP_XCOM", { kind: "text", text: KPO_XCOM_FILE }]);
    const lines = ['mlp fan-in --points "$_MLP_POINTS" --out "$_MLP_FAN_IN_OUT"'];
    if (best) {
      lines.push("_mlp_status=$?", '[ "$_mlp_status" -eq 0 ] || exit "$_mlp_status"');
      lines.push(...(this.kube ? ['cp -- "$_MLP_FAN_IN_OUT/best.json" "$_MLP_XCOM"'] : ["echo", `printf 'mlp-best '; tr -d '\\n\\r' < "$_MLP_FAN_IN_OUT/best.json"; echo`]));
    }
    const script = lines.join("\n");
    const envDict = pyDict(env.map(([k, v]) => [pyStr(k), this.envValue(v)]));
    const kwargs: [string, PyExpr][] = [["task_id", pyStr(sweep.name)]];
    if (this.kube) {
      this.used.add("KubernetesPodOperator");
      kwargs.push(["name", pyStr(podNameFor(`fan-in-${sweep.name}`))]);
      kwargs.push(["image", this.templated(this.opts.mlpImage)]);
      kwargs.push(["cmds", pyList([pyStr("/bin/sh"), pyStr("-c"), this.templated(script)])]);
      kwargs.push(["env_vars", envDict]);
      const template = this.podDict({ secrets: [], artifacts: true });
      if (template !== undefined) kwargs.push(["pod_template_dict", template]);
      kwargs.push(["do_xcom_push", pyBool(best)]);
      this.kubeCommon(kwargs);
    } else {
      this.used.add("BashOperator");
      kwargs.push(["bash_command", this.templated(script)]);
      kwargs.push(["env", envDict]);
      kwargs.push(["append_env", pyBool(true)]);
      kwargs.push(["do_xcom_push", pyBool(best)]);
      if (best) kwargs.push(["output_processor", pyName("_mlp_bash_best")]);
    }
    kwargs.push(["trigger_rule", pyStr("all_done")]);
    kwargs.push(["retries", pyInt(0)]);
    const choice = sweep.best !== undefined ? `, picks the ${sweep.best.direction} of ${sweep.best.step}.${sweep.best.metric}` : "";
    kwargs.push(["doc", pyStr(`Fan-in of sweep ${sweep.name}: reads its ${spec.points.length} points${choice}.`)]);
    const ctor = this.kube ? "KubernetesPodOperator" : "BashOperator";
    const variable = `fan_in_${sweep.name}`;
    this.addTask(variable, `${variable} = ${pyCall(pyName(ctor), [], kwargs)}`, this.upstreamOf(sweep.needs, [], paramsVar), sweep.name, sweep.name);
    this.setExit(sweep.name, variable, sweep.name);
  }

  /** `functools.partial(CHECK, step, [(metric, type), …])`: the task's own metrics check (MLP7013). */
  private metricsCheck(check: "_mlp_bash_metrics" | "_mlp_pod_metrics", step: IrStep): PyExpr {
    const declared = pyList(step.metrics.map((m) => pyTuple([pyStr(m.name), pyStr(m.type.kind)])));
    return pyCall(pyName("functools.partial"), [pyName(check), pyStr(step.name), declared]);
  }

  private inputValue(step: IrStep, inputName: string, binding: IrStep["inputs"][number]["binding"], type: IrType, point: SweepPointPlan | undefined): EnvValue {
    switch (binding.kind) {
      case "dataset": {
        const uri = this.view.dataset(binding.dataset)!.uri;
        return { kind: "text", text: URI_SCHEME.test(uri) ? uri : this.projectPath(uri) };
      }
      case "output":
        // Another member of the same sweep: its output at this point.
        if (point !== undefined && this.view.sweepOf(binding.step)?.name === point.sweep) return { kind: "jinja", expr: this.pointPath(point, [binding.step, binding.output]) };
        return { kind: "jinja", expr: `mlp_artifact(run_id, ${this.jq(binding.step)}, ${this.jq(binding.output)})` };
      case "param":
        return { kind: "jinja", expr: `mlp_fmt(params[${this.jq(binding.param)}])` };
      case "literal":
        return { kind: "text", text: formatValue(binding.value, type) };
      case "over":
        // Inert text: the value is known when the DAG is compiled (list params at their defaults).
        return { kind: "text", text: formatValue(point!.values[binding.name]!, type) };
      case "best":
        return { kind: "jinja", expr: this.fanInPath(binding.sweep, ["best", binding.step, binding.output]) };
      case "collect":
        return { kind: "jinja", expr: this.fanInPath(binding.sweep, ["collect", binding.step, binding.output]) };
      case "deployed": {
        const pipeline = binding.pipeline ?? this.p.name;
        const fallback = binding.fallback === undefined ? pyNone : this.fallbackEntry(binding.fallback, point);
        const inputs = this.deployedInputs.get(step.name) ?? new Map<string, PyExpr>();
        inputs.set(
          inputName,
          pyDict([
            [pyStr("dag_id"), pyStr(this.dagIdOf(pipeline))],
            [pyStr("record"), pyStr(`record-${binding.env}`)],
            [pyStr("env"), pyStr(binding.env)],
            [pyStr("pipeline"), pyStr(pipeline)],
            [pyStr("fallback"), fallback],
          ]),
        );
        this.deployedInputs.set(step.name, inputs);
        return { kind: "jinja", expr: `mlp_deployed_model(ti, run_id, ${this.jq(step.name)}, ${this.jq(inputName)})` };
      }
      case "expr": {
        if (point !== undefined || exprUsesSweep(binding.expr)) {
          return { kind: "jinja", expr: `mlp_sweep_expr(ti, params, ${this.jq(step.name)}, ${this.jq(inputName)}, ${point?.index ?? -1})` };
        }
        return { kind: "jinja", expr: `mlp_expr(ti, params, ${this.jq(step.name)}, ${this.jq(inputName)})` };
      }
    }
  }

  /**
   * The fallback of a `deployed(…).model ?? FALLBACK` input, for `_mlp_deployed_model`: a path
   * as text (a dataset), or artifact path parts under the run's directory (an output, a best point's).
   */
  private fallbackEntry(binding: IrStep["inputs"][number]["binding"], point: SweepPointPlan | undefined): PyExpr {
    const parts = (xs: readonly string[]): PyExpr => pyDict([[pyStr("kind"), pyStr("artifact")], [pyStr("parts"), pyList(xs.map(pyStr))]]);
    switch (binding.kind) {
      case "dataset": {
        const uri = this.view.dataset(binding.dataset)!.uri;
        return pyDict([[pyStr("kind"), pyStr("text")], [pyStr("text"), pyStr(URI_SCHEME.test(uri) ? uri : this.projectPath(uri))]]);
      }
      case "output":
        if (point !== undefined && this.view.sweepOf(binding.step)?.name === point.sweep) return parts([point.sweep, "points", point.entry, binding.step, binding.output]);
        return parts([binding.step, binding.output]);
      case "best":
        return parts([binding.sweep, "fan-in", "best", binding.step, binding.output]);
      default:
        throw new Error(`internal: a \`deployed\` fallback cannot be a ${binding.kind} binding`);
    }
  }

  /** Operator bash: each secret from the Airflow Variable PREFIX + name, read by Jinja at run time. */
  private secretVariables(secrets: readonly string[]): [string, EnvValue][] {
    const env: [string, EnvValue][] = [];
    for (const secret of secrets) {
      // An identifier after a prefix that is empty or an identifier (checked with the options).
      const variable = `${this.opts.variablePrefix}${secret}`;
      env.push([secret, { kind: "jinja", expr: `var.value.${variable}` }]);
    }
    return env;
  }

  /** A step pod's `pod_template_dict`: resources, secret env and the artifact volume. */
  private podTemplate(step: IrStep): PyExpr | undefined {
    const r = step.resources;
    const amounts: [string, string][] = [];
    if (r.cpu !== undefined) amounts.push(["cpu", cpuQuantity(r.cpu)]);
    if (r.memory !== undefined) amounts.push(["memory", r.memory]);
    if (r.gpu !== undefined && r.gpu > 0) amounts.push(["nvidia.com/gpu", String(Math.floor(r.gpu))]);
    return this.podDict({ secrets: [...step.secrets].sort(), amounts, artifacts: true });
  }

  /**
   * A `pod_template_dict` (plain dicts in the Kubernetes API's own field names, so the DAG needs
   * no kubernetes client import): the provider merges it with the pod it builds, extending the
   * `base` container's env and mounts, the volumes and the init containers. Undefined when empty.
   */
  private podDict(pod: {
    readonly secrets: readonly string[];
    readonly amounts?: readonly [string, string][];
    /** Mount `artifact_volume` at `artifact_root` and `project_volume` at `project_dir`. */
    readonly artifacts: boolean;
    readonly volumes?: readonly Record<string, unknown>[];
    readonly mounts?: readonly Record<string, unknown>[];
    readonly initContainers?: readonly Record<string, unknown>[];
  }): PyExpr | undefined {
    const container: Record<string, unknown> = { name: "base" };
    const amounts = pod.amounts ?? [];
    if (amounts.length > 0) {
      const q = Object.fromEntries(amounts);
      container["resources"] = { requests: q, limits: q };
    }
    if (pod.secrets.length > 0) {
      container["env"] = pod.secrets.map((s) => ({ name: s, valueFrom: { secretKeyRef: { name: this.opts.kubernetesSecret, key: s } } }));
    }
    const volumes = [...(pod.volumes ?? [])];
    const mounts = [...(pod.mounts ?? [])];
    const claim = this.opts.artifactVolume;
    if (pod.artifacts && claim !== undefined) {
      volumes.push({ name: ARTIFACT_VOLUME, persistentVolumeClaim: { claimName: claim } });
      // pod_template_dict is a templated field: the path goes through Jinja unchanged.
      mounts.push({ name: ARTIFACT_VOLUME, mountPath: jinjaLiteral(this.opts.artifactRoot) });
    }
    const project = this.opts.projectVolume;
    if (pod.artifacts && project !== undefined) {
      volumes.push({ name: PROJECT_VOLUME, persistentVolumeClaim: { claimName: project, readOnly: true } });
      mounts.push({ name: PROJECT_VOLUME, mountPath: jinjaLiteral(this.opts.projectDir), readOnly: true });
    }
    if (mounts.length > 0) container["volumeMounts"] = mounts;
    if (Object.keys(container).length === 1 && volumes.length === 0 && (pod.initContainers ?? []).length === 0) return undefined;
    const spec: Record<string, unknown> = {};
    if (pod.initContainers !== undefined && pod.initContainers.length > 0) spec["initContainers"] = pod.initContainers;
    spec["containers"] = [container];
    if (volumes.length > 0) spec["volumes"] = volumes;
    return pyJson({ apiVersion: "v1", kind: "Pod", metadata: {}, spec });
  }

  private kubeCommon(kwargs: [string, PyExpr][]): void {
    if (this.opts.namespace !== undefined) kwargs.push(["namespace", this.templated(this.opts.namespace)]);
    if (this.opts.kubernetesConnId !== undefined) kwargs.push(["kubernetes_conn_id", this.templated(this.opts.kubernetesConnId)]);
    if (this.opts.serviceAccount !== undefined) kwargs.push(["service_account_name", pyStr(this.opts.serviceAccount)]);
  }

  private addDeploy(d: IrDeploy, paramsVar: string | undefined): void {
    this.usesDeploy = true;
    const optionLookups: string[] = [];
    const optionEnv: [string, EnvValue][] = [];
    const computed = d.to.kind === "command" && d.optionExprs?.["command"] !== undefined ? this.computedCommand(d, d.optionExprs["command"], paramsVar, optionEnv, optionLookups) : undefined;
    // The `deployed(…)` lookups an interpolated option reads run before the deploy (or its approval).
    let upstream = this.upstreamOf(d.needs, optionLookups, paramsVar);
    if (d.approval) {
      this.used.add("task");
      const variable = `approval_${d.name}`;
      // Reschedule mode: between two checks the sensor gives its worker slot back; `timeout`
      // counts from the first check across reschedules (execution_timeout would time one check).
      const decorator = pyCall(pyName("task.sensor"), [], [
        ["task_id", pyStr(`approve-${d.name}`)],
        ["mode", pyStr("reschedule")],
        ["poke_interval", seconds(this.opts.approvalPokeInterval)],
        ["timeout", seconds(this.opts.approvalTimeout)],
        ["retries", pyInt(0)],
        ["doc", pyStr(`Approval for deploy ${d.name}: mark this task success to approve, failed to reject.`)],
      ]);
      this.addTask(variable, `${variable} = ${decorator}(_mlp_await_approval)()`, upstream, `approve-${d.name}`, d.name);
      upstream = [variable];
    }
    if (d.to.kind === "local") {
      this.addRecord(d, upstream);
      return;
    }
    const variable = `deploy_${d.name}`;
    const kwargs: [string, PyExpr][] = [["task_id", pyStr(d.name)]];
    let script: string;
    const env: [string, EnvValue][] = [];
    let image = this.opts.mlpImage;
    const manifest: EnvValue = { kind: "jinja", expr: `mlp_manifest(run_id, ${this.jq(d.name)})` };
    if (d.to.kind === "kserve") {
      this.kserve.push([d.name, this.kserveEntry(d, d.to.options)]);
      script = 'printf \'%s\' "$MLP_MANIFEST" | kubectl apply -f -';
      // Under bash the worker's shell pipes the manifest; a pod runs kubectl directly, so any kubectl image works (below).
      if (!this.kube) env.push(["MLP_MANIFEST", manifest]);
      image = this.opts.kubectlImage;
    } else {
      script = computed ?? d.to.options.command;
      env.push(...optionEnv);
      if (d.to.options.image !== undefined) image = d.to.options.image;
    }
    env.push(["MLP_ENVIRONMENT", { kind: "text", text: d.name }]);
    const model = d.model.sweep !== undefined ? this.fanInPath(d.model.sweep, ["best", d.model.step, d.model.output]) : `mlp_artifact(run_id, ${this.jq(d.model.step)}, ${this.jq(d.model.output)})`;
    env.push(["MLP_MODEL", { kind: "jinja", expr: model }]);
    // The deploy's secrets reach it as a step's do: Airflow Variables (bash), the Kubernetes Secret (kubernetes).
    const secrets = [...(d.secrets ?? [])].sort();
    if (!this.kube) env.push(...this.secretVariables(secrets));
    if (this.kube) {
      this.used.add("KubernetesPodOperator");
      const kserve = d.to.kind === "kserve";
      // kserve: an init container from the mlp image writes the manifest into an emptyDir, and
      // kubectl (run directly, needing no shell in its image) applies that file. Command deploys read MLP_MODEL
      // from the artifact volume.
      const template = kserve
        ? this.podDict({
            secrets,
            artifacts: false,
            volumes: [{ name: "mlp-manifest", emptyDir: {} }],
            mounts: [{ name: "mlp-manifest", mountPath: MANIFEST_DIR, readOnly: true }],
            initContainers: [
              {
                name: "mlp-manifest",
                image: this.templatedText(this.opts.mlpImage),
                command: ["/bin/sh", "-c", `printf '%s' "$MLP_MANIFEST" > ${MANIFEST_DIR}/manifest.json`],
                env: [{ name: "MLP_MANIFEST", value: this.jinjaText(manifest.expr) }],
                volumeMounts: [{ name: "mlp-manifest", mountPath: MANIFEST_DIR }],
              },
            ],
          })
        : this.podDict({ secrets, artifacts: true });
      kwargs.push(["name", pyStr(podNameFor(`deploy-${d.name}`))]);
      kwargs.push(["image", this.templated(image)]);
      kwargs.push([
        "cmds",
        kserve
          ? pyList(["kubectl", "apply", "-f", `${MANIFEST_DIR}/manifest.json`].map(pyStr))
          : pyList([pyStr("/bin/sh"), pyStr("-c"), this.templated(script)]),
      ]);
      kwargs.push(["env_vars", pyDict(env.map(([k, v]) => [pyStr(k), this.envValue(v)]))]);
      if (template !== undefined) kwargs.push(["pod_template_dict", template]);
      this.kubeCommon(kwargs);
    } else {
      this.used.add("BashOperator");
      kwargs.push(["bash_command", this.templated(script)]);
      kwargs.push(["env", pyDict(env.map(([k, v]) => [pyStr(k), this.envValue(v)]))]);
      kwargs.push(["append_env", pyBool(true)]);
      kwargs.push(["do_xcom_push", pyBool(false)]);
    }
    kwargs.push(["retries", pyInt(0)]);
    kwargs.push(["doc", pyStr(`Deploys ${d.model.step}.${d.model.output} to ${d.name} (${d.to.kind}).`)]);
    const ctor = this.kube ? "KubernetesPodOperator" : "BashOperator";
    this.addTask(variable, `${variable} = ${pyCall(pyName(ctor), [], kwargs)}`, upstream, d.name, d.name);
    this.addRecord(d, [variable]);
  }

  /**
   * A `to command` command that interpolates params or metrics: its text as written, each value
   * an environment variable the script reads quoted (one word, as a step's inputs), so no value
   * becomes shell syntax or Jinja. `_mlp_option` evaluates the values when the task starts.
   */
  private computedCommand(d: IrDeploy, e: IrExpr, paramsVar: string | undefined, env: [string, EnvValue][], lookups: string[]): string {
    const parts: IrTextPart[] = e.kind === "interpolate" ? [...e.parts] : [{ kind: "expr", expr: e }];
    const values: PyExpr[] = [];
    const text = withQuotedVariables(parts, (part) => {
      const variable = `_MLP_OPT_${values.length}`;
      env.push([variable, { kind: "jinja", expr: `mlp_option(ti, params, ${this.jq(d.name)}, 'command', ${values.length})` }]);
      values.push(this.exprToPy(part.expr, paramsVar, lookups));
      return variable;
    });
    this.optionExprs.push([d.name, [["command", values]]]);
    return text;
  }

  /** Records what was deployed, with the metrics of every step upstream, for `deployed(env)`. */
  private addRecord(d: IrDeploy, upstream: string[]): void {
    this.used.add("PythonOperator");
    const recordVar = `record_${d.name}`;
    const metricSteps = pyList(this.view.metricSources(d.name).map((s) => pyStr(s.name)));
    // A model chosen by a sweep: the best point's, with the best point's metrics recorded too.
    const callable =
      d.model.sweep !== undefined
        ? pyCall(pyName("functools.partial"), [pyName("_mlp_record_best"), pyStr(d.name), pyStr(d.model.sweep), pyStr(d.model.step), pyStr(d.model.output), metricSteps])
        : pyCall(pyName("functools.partial"), [pyName("_mlp_record"), pyStr(d.name), pyStr(d.model.step), pyStr(d.model.output), metricSteps]);
    const record = pyCall(pyName("PythonOperator"), [], [
      ["task_id", pyStr(`record-${d.name}`)],
      ["python_callable", callable],
      ["doc", pyStr(`Records the model and metrics deployed to ${d.name}; read by deployed-${d.name} in later runs.`)],
    ]);
    this.addTask(recordVar, `${recordVar} = ${record}`, upstream, `record-${d.name}`, d.name);
    this.setExit(d.name, recordVar, `record-${d.name}`);
  }

  private kserveEntry(d: IrDeploy, o: DeployOptions<"kserve">): PyExpr {
    const format = o.model_format ?? String(deployOptionDefault("kserve", "model_format"));
    const model: Record<string, unknown> = { modelFormat: { name: format } };
    if (typeof o["runtime"] === "string") model["runtime"] = o["runtime"];
    const predictor: Record<string, unknown> = { model };
    if (typeof o["service_account"] === "string") predictor["serviceAccountName"] = o["service_account"];
    const manifest = {
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { name: o["name"], namespace: o["namespace"], labels: { "app.kubernetes.io/managed-by": "mlp" } },
      spec: { predictor },
    };
    // `_mlp_manifest` finds the model at _mlp_artifact(run_id, step, output): for a sweep's best
    // point that is SWEEP/fan-in/best/STEP/OUTPUT under the run's directory.
    const sweep = d.model.sweep;
    return pyDict([
      [pyStr("step"), pyStr(sweep ?? d.model.step)],
      [pyStr("output"), pyStr(sweep !== undefined ? `fan-in/best/${d.model.step}/${d.model.output}` : d.model.output)],
      [pyStr("manifest"), pyJson(manifest)],
      ...(this.kube && this.opts.artifactVolume !== undefined ? ([[pyStr("storage_root"), pyStr(`pvc://${this.opts.artifactVolume}`)]] as [PyExpr, PyExpr][]) : []),
    ]);
  }

  // -------------------------------------------------------------------------------------------
  // The file

  /** `"CRON"`, `Asset(uri=…) | …` (`Dataset` on 2.10), or None (triggered by hand or the REST API). */
  private scheduleExpr(): PyExpr {
    const plan = this.schedule;
    if (plan.cron !== undefined) return pyStr(plan.cron);
    if (plan.assets.length === 0) return pyNone;
    const cls = pyName(assetClass(this.opts.airflowVersion));
    return pyOr(plan.assets.map((uri) => pyCall(cls, [], [["uri", pyStr(uri)]])));
  }

  private render(dagId: string): string {
    const o = this.opts;
    const out: string[] = [];
    out.push(pyComment(`generated by mlp from ${this.ctx.source} - do not edit`));
    out.push(
      pyComment(
        `pipeline ${this.p.name} for Airflow ${o.airflowVersion === "3" ? "3.x (airflow.sdk, standard and cncf.kubernetes providers)" : "2.10 (cncf.kubernetes provider)"}; mlp ${this.ctx.mlpVersion}`,
      ),
    );
    out.push("from __future__ import annotations", "", "import datetime", "import functools", "import json", "import re", "");
    out.push(...importLines(o.airflowVersion, this.used), "");
    out.push(`DAG_ID = ${pyStr(dagId)}`);
    out.push(`ARTIFACT_ROOT = ${pyStr(o.artifactRoot)}`);
    if (this.inputExprs.length > 0) {
      out.push(
        `_MLP_INPUT_EXPRS = ${pyDict(this.inputExprs.map(([step, entries]) => [pyStr(step), pyDict(entries.map(([k, v]) => [pyStr(k), v]))]))}`,
      );
    }
    if (this.kserve.length > 0) out.push(`_MLP_KSERVE = ${pyDict(this.kserve.map(([k, v]) => [pyStr(k), v]))}`);
    if (this.deployedInputs.size > 0) {
      const table = [...this.deployedInputs].map(([step, inputs]): [PyExpr, PyExpr] => [pyStr(step), pyDict([...inputs].map(([k, v]) => [pyStr(k), v]))]);
      out.push(`_MLP_DEPLOYED_INPUTS = ${pyDict(table)}`);
    }
    if (this.optionExprs.length > 0) {
      out.push(`_MLP_OPTION_EXPRS = ${pyDict(this.optionExprs.map(([deploy, options]) => [pyStr(deploy), pyDict(options.map(([k, v]) => [pyStr(k), pyList(v)]))]))}`);
    }
    if (this.plans.size > 0) {
      // Each sweep's points in grid order (list params at their defaults): map index i is point i.
      const sweeps = [...this.plans.values()].map((plan): [PyExpr, PyExpr] => [
        pyStr(plan.sweep.name),
        pyList(
          plan.points.map((pt) =>
            pyDict([[pyStr("entry"), pyStr(pt.entry)], ...plan.sweep.over.map((d): [PyExpr, PyExpr] => [pyStr(d.name), typedValue(pt.values[d.name]!, d.type)])]),
          ),
        ),
      ]);
      out.push(`_MLP_SWEEPS = ${pyDict(sweeps)}`);
    }
    out.push("", "");
    let prelude = PRELUDE_CORE;
    if (this.p.steps.some((s) => s.metrics.length > 0)) prelude += PRELUDE_STEP_METRICS;
    if (this.inputExprs.length > 0) prelude += PRELUDE_EXPR;
    if (this.p.params.length > 0) prelude += PRELUDE_PARAMS;
    if (this.p.params.some((param) => param.type.kind === "list")) prelude += PRELUDE_LIST_PARAMS;
    if (this.usesGate) prelude += PRELUDE_GATE;
    if (this.usesDeploy || this.lookups.size > 0) prelude += PRELUDE_DEPLOY;
    if (this.kserve.length > 0) prelude += PRELUDE_KSERVE;
    if (this.p.deploys.some((d) => d.approval)) prelude += PRELUDE_APPROVAL;
    if (this.plans.size > 0) prelude += PRELUDE_SWEEP;
    const foreign = this.foreignLookups.size > 0 || this.deployedInputs.size > 0;
    if (foreign && !(this.usesDeploy || this.lookups.size > 0)) prelude += PRELUDE_DEPLOY;
    if (foreign) prelude += PRELUDE_DEPLOYED_FROM;
    if (this.deployedInputs.size > 0) prelude += PRELUDE_DEPLOYED_INPUT;
    if (this.optionExprs.length > 0) prelude += PRELUDE_OPTIONS;
    if (this.usesAssert) prelude += PRELUDE_ASSERT;
    if (this.usesBranch) prelude += PRELUDE_BRANCH;
    if (this.view.finallySteps.length > 0) prelude += PRELUDE_FINALLY;
    out.push(prelude.trimEnd(), "", "");

    const macros: [PyExpr, PyExpr][] = [
      [pyStr("mlp_artifact"), pyName("_mlp_artifact")],
      [pyStr("mlp_fmt"), pyName("_mlp_fmt")],
    ];
    if (this.inputExprs.length > 0) macros.push([pyStr("mlp_expr"), pyName("_mlp_expr")]);
    if (this.kserve.length > 0) macros.push([pyStr("mlp_manifest"), pyName("_mlp_manifest")]);
    if (this.deployedInputs.size > 0) macros.push([pyStr("mlp_deployed_model"), pyName("_mlp_deployed_model")]);
    if (this.optionExprs.length > 0) macros.push([pyStr("mlp_option"), pyName("_mlp_option")]);
    if (this.view.finallySteps.length > 0) macros.push([pyStr("mlp_status"), pyName("_mlp_status")]);
    if (this.plans.size > 0) {
      macros.push([pyStr("mlp_sweep_path"), pyName("_mlp_sweep_path")], [pyStr("mlp_ready"), pyName("_mlp_ready")]);
      if (this.inputExprs.length > 0) macros.push([pyStr("mlp_sweep_expr"), pyName("_mlp_sweep_expr")]);
    }
    const date = o.startDate.split("-").map((x) => Number(x));
    const dagKwargs: [string, PyExpr][] = [
      ["dag_id", pyName("DAG_ID")],
      ...(this.p.description !== undefined ? ([["description", pyStr(this.p.description)]] as [string, PyExpr][]) : []),
      ["schedule", this.scheduleExpr()],
      ["start_date", pyCall(pyName("datetime.datetime"), [pyInt(date[0] ?? 2024), pyInt(date[1] ?? 1), pyInt(date[2] ?? 1)], [["tzinfo", pyName("datetime.timezone.utc")]])],
      ["catchup", pyBool(o.catchup)],
      ["params", pyDict(this.p.params.map((param) => [pyStr(param.name), param.default !== undefined ? typedValue(param.default, param.type) : pyNone]))],
      ["tags", pyList([...new Set(["mlp", ...o.tags])].map(pyStr))],
      ...(o.owner !== undefined ? ([["default_args", pyDict([[pyStr("owner"), pyStr(o.owner)]])]] as [string, PyExpr][]) : []),
      ["user_defined_macros", pyDict(macros)],
    ];
    out.push(`with ${pyCall(pyName("DAG"), [], dagKwargs)} as dag:`);
    const body: string[] = [];
    for (const t of this.tasks) body.push(typeof t.code === "string" ? t.code : t.code());
    const deps: string[] = [];
    for (const t of this.tasks) {
      if (t.upstream.length === 0) continue;
      deps.push(t.upstream.length === 1 ? `${t.upstream[0]} >> ${t.variable}` : `${pyList(t.upstream.map((u) => pyName(u)))} >> ${t.variable}`);
    }
    const blocks = [...body, ...(deps.length > 0 ? [deps.join("\n")] : [])];
    if (blocks.length === 0) blocks.push("pass");
    // Blocks indented by four spaces at the start of every line (as `/^/gm` would, without its
    // cost on megabytes), separated by an empty line; the file is joined once.
    blocks.forEach((block, i) => {
      if (i > 0) out.push("");
      out.push(`    ${block.replaceAll("\n", "\n    ")}`);
    });
    out.push("");
    return out.join("\n");
  }
}

/** The user's command with each placeholder replaced by a quoted variable reference. */
function commandText(parts: readonly IrCommandPart[]): string {
  return withQuotedVariables(parts, (part) =>
    part.kind === "input"
      ? `_MLP_IN_${part.name}`
      : part.kind === "output"
        ? `_MLP_OUT_${part.name}`
        : part.name === "metrics"
          ? "_MLP_METRICS"
          : part.name === "run_id"
            ? "_MLP_RUN_ID"
            : part.name === "status"
              ? "_MLP_STATUS"
              : "_MLP_WORKDIR",
  );
}

/**
 * Shell text from `parts`: text as written, every other part a reference to the variable
 * `variableOf` names for it, quoted to fit the quotes it stands in (one word, never shell syntax).
 */
function withQuotedVariables<P extends { readonly kind: string }>(parts: readonly (P | { readonly kind: "text"; readonly text: string })[], variableOf: (part: Exclude<P, { kind: "text" }>) => string): string {
  let text = "";
  let state: ShellQuoteState = "none";
  for (const part of parts) {
    if (part.kind === "text") {
      const t = (part as { text: string }).text;
      text += t;
      state = shellStateAfter(t, state);
    } else text += shVarRef(variableOf(part as Exclude<P, { kind: "text" }>), state);
  }
  return text;
}

/** Environments referenced by `deployed(…)` in an expression, as recorded by pipeline `self` (no `from:` another). */
function deployedEnvs(e: IrExpr, self: string): string[] {
  switch (e.kind) {
    case "deployed":
      return e.pipeline === undefined || e.pipeline === self ? [e.env] : [];
    case "unary":
      return deployedEnvs(e.operand, self);
    case "binary":
      return [...deployedEnvs(e.left, self), ...deployedEnvs(e.right, self)];
    case "interpolate":
      return e.parts.flatMap((part) => (part.kind === "expr" ? deployedEnvs(part.expr, self) : []));
    default:
      return [];
  }
}

/** Whether `e` reads a sweep: a best point's metric, or a dimension's value at a point. */
function exprUsesSweep(e: IrExpr): boolean {
  switch (e.kind) {
    case "best":
    case "over":
      return true;
    case "unary":
      return exprUsesSweep(e.operand);
    case "binary":
      return exprUsesSweep(e.left) || exprUsesSweep(e.right);
    case "interpolate":
      return e.parts.some((part) => part.kind === "expr" && exprUsesSweep(part.expr));
    default:
      return false;
  }
}

/** A literal IR value as a Python literal of its declared type. */
function typedValue(value: IrValue, type: IrType): PyExpr {
  if (Array.isArray(value)) return pyList(value.map((v) => typedValue(v as IrValue, type.kind === "list" ? type.element : type)));
  if (typeof value === "number") {
    if (type.kind === "float") return pyFloat(value);
    return Number.isSafeInteger(value) ? pyInt(value) : pyFloat(value);
  }
  return pyJson(value);
}

/** A literal IR value as text for a command (as `_mlp_fmt` formats runtime values). */
function formatValue(value: IrValue, type: IrType): string {
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return type.kind === "float" ? (pyFloat(value) as string) : String(value);
  return String(value);
}

function cpuQuantity(cpu: number): string {
  return Number.isInteger(cpu) ? String(cpu) : `${Math.round(cpu * 1000)}m`;
}

/** Seconds as a Python number (the sensor's `poke_interval` and `timeout` take seconds). */
function seconds(value: number): PyExpr {
  return Number.isInteger(value) ? pyInt(value) : pyFloat(value);
}

function timedelta(seconds: number): PyExpr {
  return pyCall(pyName("datetime.timedelta"), [], [["seconds", Number.isInteger(seconds) ? pyInt(seconds) : pyFloat(seconds)]]);
}
