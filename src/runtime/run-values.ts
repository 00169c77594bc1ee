/**
 * What a run has read and produced so far: dataset hashes (each file hashed once), the outputs and
 * metrics of settled steps, code-file hashes. Steps' inputs, gates' conditions and deploys' models
 * are read from here; the replay key of a successful run is computed from the very hashes its
 * steps used.
 */
import { resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrBinding, IrStep, IrType } from "../ir/ir.js";
import type { ValidPipeline } from "../ir/validate.js";
import type { PipelineView } from "../ir/view.js";
import { evalExpr, type ExprEnv } from "./eval-expr.js";
import { objectDiagnostic, type ObjectHashes } from "./object-datasets.js";
import { ObjectStoreError } from "./object-store.js";
import type { ParamValues } from "./params.js";
import { deployedMetrics, liveDeployment } from "./registry.js";
import { datasetHash, isUrl, replayKey, type ReplayPlan } from "./replay.js";
import type { InputValue } from "./step-attempt.js";
import type { Store } from "./store.js";

/** A file or directory a step reads: its content hash, where it is, its type. */
export interface Artifact {
  readonly hash: string;
  readonly path: string;
  readonly type: IrType;
}

export class RunValues {
  private readonly datasets = new Map<string, Artifact | { error: Diagnostic }>();
  /** `step.output` → its artifact; "pending" in a dry run, for an output of a step that would run. */
  private readonly outputs = new Map<string, Artifact | "pending">();
  private readonly metrics = new Map<string, Record<string, number | boolean>>();
  private readonly codeHashes = new Map<string, string | null>();
  /** `step.input` → the artifact a `deployed(…)` binding resolved to when the step was planned. */
  private readonly deployedInputs = new Map<string, Artifact>();
  private readonly pipeline: ValidPipeline;

  constructor(
    private readonly view: PipelineView,
    private readonly store: Store,
    private readonly root: string,
    private readonly params: ParamValues,
    private readonly objects: ObjectHashes,
  ) {
    this.pipeline = view.pipeline;
  }

  /** Dataset `name`, hashed on first use; MLP7015 (or MLP7026 for an object) when it cannot be read. */
  dataset(name: string): Artifact | { error: Diagnostic } {
    const cached = this.datasets.get(name);
    if (cached) return cached;
    const d = this.view.dataset(name)!;
    const path = isUrl(d.uri) ? d.uri : resolve(this.root, d.uri);
    let result: Artifact | { error: Diagnostic };
    try {
      result = { hash: datasetHash(this.store, this.root, d.uri, this.objects), path, type: d.type };
    } catch (e) {
      result =
        e instanceof ObjectStoreError
          ? { error: objectDiagnostic(d.name, e, d.origin) }
          : {
              error: diagnostic("MLP7015", "error", `dataset \`${d.name}\`: cannot read \`${d.uri}\``, d.origin, {
                notes: [`looked for ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}`],
                help: ["create the file, or point the dataset at an existing path (relative to the .mlp file)"],
              }),
            };
    }
    this.datasets.set(name, result);
    return result;
  }

  output(step: string, output: string): Artifact | "pending" | undefined {
    return this.outputs.get(`${step}.${output}`);
  }

  /** Records the outputs of `step`: their hashes (from its run or the cache), or "pending" (dry run). */
  setOutputs(step: IrStep, hashes: Readonly<Record<string, string>> | "pending"): void {
    for (const o of step.outputs) {
      const key = `${step.name}.${o.name}`;
      if (hashes === "pending") this.outputs.set(key, "pending");
      else this.outputs.set(key, { hash: hashes[o.name]!, path: this.store.objectPath(hashes[o.name]!), type: o.type });
    }
  }

  /** Records one output by hash: what a sweep's fan-in publishes under the sweep's name. */
  setOutput(node: string, output: string, hash: string, type: IrType): void {
    this.outputs.set(`${node}.${output}`, { hash, path: this.store.objectPath(hash), type });
  }

  /** The metrics node `step` reported in this run, if it ran or was reused. */
  metricsOf(step: string): Readonly<Record<string, number | boolean>> | undefined {
    return this.metrics.get(step);
  }

  setMetrics(step: string, metrics: Record<string, number | boolean>): void {
    this.metrics.set(step, metrics);
  }

  /**
   * Input `name` of `step`, bound to `deployed(ENV[, from: P]).model [?? FALLBACK]`: the model live
   * in ENV for pipeline P (this one when omitted) now, else the fallback; MLP7028 when neither
   * exists. Read once per step, when it is planned: the step's cache key and command use the same
   * model even if a deploy of this run moves the pointer meanwhile.
   */
  deployedInput(step: IrStep, name: string, b: Extract<IrBinding, { kind: "deployed" }>, type: IrType): Artifact | "pending" | { error: Diagnostic } {
    const pipeline = b.pipeline ?? this.pipeline.name;
    const live = liveDeployment(this.store, pipeline, b.env);
    let a: Artifact | "pending" | { error: Diagnostic } | undefined;
    if (live !== undefined && this.store.hasObject(live.artifact)) a = { hash: live.artifact, path: this.store.objectPath(live.artifact), type };
    else if (live !== undefined)
      a = {
        error: diagnostic("MLP7033", "error", `input \`${name}\` of step \`${step.name}\`: model v${live.version} deployed to ${b.env} by pipeline ${pipeline} is missing from the store`, step.origin, {
          help: ["`mlp store verify` lists what is missing; run the pipeline again to deploy a model"],
        }),
      };
    else if (b.fallback !== undefined) a = this.bindingArtifact(b.fallback);
    if (a === undefined) {
      a = {
        error: diagnostic("MLP7028", "error", `input \`${name}\` of step \`${step.name}\`: nothing is deployed to ${b.env} by pipeline ${pipeline}: run it first, or give a fallback with ??`, step.origin, {
          help: [`run pipeline \`${pipeline}\` until it deploys to \`${b.env}\`, or write \`deployed(${b.env}${b.pipeline !== undefined ? `, from: ${b.pipeline}` : ""}).model ?? OTHER\``],
        }),
      };
    }
    if (typeof a === "object" && "hash" in a) this.deployedInputs.set(`${step.name}.${name}`, a);
    return a;
  }

  /** The artifact an `output` or `dataset` binding (a fallback) reads; undefined when it has none. */
  private bindingArtifact(b: IrBinding): Artifact | "pending" | { error: Diagnostic } | undefined {
    if (b.kind === "dataset") return this.dataset(b.dataset);
    if (b.kind === "output") return this.outputs.get(`${b.step}.${b.output}`);
    // `best` was rewritten to `output` by sweep/expand.ts; the IR allows nothing else here.
    throw new Error(`internal: a \`${b.kind}\` fallback reached the executor`);
  }

  /** Hash of code file `path` (relative to the root), once per run; null when it does not exist. */
  codeHash(path: string): string | null {
    if (this.codeHashes.has(path)) return this.codeHashes.get(path)!;
    let h: string | null;
    try {
      h = this.store.hashExternal(resolve(this.root, path)).hash;
    } catch {
      h = null;
    }
    this.codeHashes.set(path, h);
    return h;
  }

  /** Input `name` of `step` as the step sees it: a path (dataset, output) or a value. */
  input(step: IrStep, name: string): InputValue {
    const b = step.inputs.find((i) => i.name === name)!.binding;
    switch (b.kind) {
      case "dataset":
        return { path: (this.dataset(b.dataset) as Artifact).path };
      case "output":
        return { path: (this.outputs.get(`${b.step}.${b.output}`) as Artifact).path };
      case "param":
        return { value: this.params[b.param]! };
      case "literal":
        return { value: b.value };
      case "expr":
        return { value: evalExpr(b.expr, this.exprEnv()) ?? "" };
      case "deployed":
        return { path: this.deployedInputs.get(`${step.name}.${name}`)!.path };
      default:
        // `over`, `best` and `collect` were rewritten by `sweep/expand.ts` before the run.
        throw new Error(`internal: a \`${b.kind}\` binding reached the executor`);
    }
  }

  /** What expressions read: parameters, metrics recorded so far, and the registry's `deployed(…)` values. */
  exprEnv(): ExprEnv {
    return {
      param: (name) => this.params[name],
      metric: (step, metric) => this.metrics.get(step)?.[metric],
      deployed: (env, metric, pipeline) => deployedMetrics(this.store, pipeline ?? this.pipeline.name, env)?.[metric],
    };
  }

  /** Every metric recorded so far, as `metric` and `step.metric` (what `deployed(env).metric` reads). */
  metricsSnapshot(): Record<string, number | boolean> {
    const snap: Record<string, number | boolean> = {};
    // A sweep's points are left out (one value per point); its node holds the best point's.
    for (const s of [...this.pipeline.steps.filter((x) => x.sweep === undefined), ...(this.pipeline.sweeps ?? [])]) {
      const m = this.metrics.get(s.name);
      if (!m) continue;
      for (const [k, v] of Object.entries(m)) {
        snap[k] = v;
        snap[`${s.name}.${k}`] = v;
        // A sweep's `STEP.METRIC` is also its member's `METRIC`, as for the step outside a sweep.
        if (!("inputs" in s)) snap[k.slice(k.indexOf(".") + 1)] = v;
      }
    }
    return snap;
  }

  /** The replay key of a run that used these hashes; null when one of them is missing. */
  replayKey(plan: ReplayPlan, irHash: string): string | null {
    const datasets = new Map<string, string>();
    const code = new Map<string, string>();
    for (const d of plan.datasets) {
      const a = this.datasets.get(d.name);
      if (a === undefined || "error" in a) return null;
      datasets.set(d.name, a.hash);
    }
    for (const c of plan.code) {
      const h = this.codeHashes.get(c);
      if (h === undefined || h === null) return null;
      code.set(c, h);
    }
    return replayKey(irHash, this.params, datasets, code);
  }
}
