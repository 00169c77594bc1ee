/**
 * The scope of a sweep's point DAG (the template run once per point). Members read each other as
 * sibling tasks; anything from outside the block (another step's output, another sweep's best
 * point, metrics, `deployed(env)` lookups) cannot be named from inside a nested DAG, so the scope
 * records it as an input of the point, and `sweep-template.ts` passes it in from the main DAG. Values
 * passed in as parameters are base64-encoded (`sprig.b64enc`), so text a step wrote is never
 * scanned for tags on its way through the templates.
 */
import type { IrSweep } from "../../src/ir/ir.js";
import type { FanInSpec } from "../../src/ir/fan-in-spec.js";
import type { ArtifactBinding, DagScope, MemberPlacement } from "./dag-scope.js";
import { mainArtifactFrom } from "./dag-scope.js";
import { BEST_PARAMETER, type ExprScope, taskParameter } from "./expr.js";
import { exprString } from "./safe-text.js";
import { ENTRY_PARAMETER, pointMetricsKey, pointOutputKey } from "./sweep-layout.js";
import type { TaskNames } from "./task-names.js";

export class PointScope implements DagScope {
  /** Artifacts from outside: the point's input name -> the `from` in the main DAG. */
  readonly artifacts = new Map<string, string>();
  /** Values from outside: the point's input name -> the argument in the main DAG (an expression tag). */
  readonly parameters = new Map<string, string>();
  /** Main-DAG tasks the fan-out waits for. */
  readonly outerDepends = new Set<string>();
  readonly expr: ExprScope;
  readonly member: MemberPlacement;
  private readonly members: ReadonlySet<string>;

  constructor(
    private readonly sweep: IrSweep,
    private readonly names: TaskNames,
    spec: FanInSpec,
    prefix: string,
  ) {
    this.members = new Set(sweep.members);
    const stringDims = new Set(sweep.over.filter((d) => d.type.kind === "string").map((d) => d.name));
    const sweepTask = names.node(sweep.name);
    const read = new Set([...spec.bestOutputs, ...spec.collect].map((o) => `${o.step}\u0000${o.output}`));
    const entry = `{{inputs.parameters.${ENTRY_PARAMETER}}}`;
    this.member = {
      overArgument: (name) => `{{inputs.parameters.${name}}}`,
      outputKey: (step, output) => (read.has(`${step}\u0000${output}`) ? pointOutputKey(prefix, sweepTask, entry, step, output) : undefined),
      metricsKey: (step) => pointMetricsKey(prefix, sweepTask, entry, step),
      entryArgument: entry,
    };
    this.expr = {
      metricsJson: (step) =>
        this.members.has(step) ? taskParameter(names.step(step), "metrics") : this.passed(`mlp-metrics-${names.step(step)}`, taskParameter(names.step(step), "metrics"), names.step(step)),
      deployedJson: (env) => this.passed(`mlp-deployed-${names.lookup(env)}`, taskParameter(names.lookup(env), "metrics"), names.lookup(env)),
      bestJson: (other) => this.passed(`mlp-best-${names.node(other)}`, taskParameter(names.node(other), BEST_PARAMETER), names.node(other)),
      overText: (name) => (stringDims.has(name) ? `sprig.b64dec(inputs.parameters[${exprString(name)}])` : `inputs.parameters[${exprString(name)}]`),
    };
  }

  artifactFrom(b: ArtifactBinding): string {
    if (b.kind === "output" && this.members.has(b.step)) return `{{tasks.${this.names.step(b.step)}.outputs.artifacts.${b.output}}}`;
    const name = b.kind === "output" ? `${b.step}-${b.output}` : `${b.sweep}-${b.kind}-${b.step}-${b.output}`;
    this.artifacts.set(name, mainArtifactFrom(this.names, b));
    return `{{inputs.artifacts.${name}}}`;
  }

  depends(needs: readonly string[], lookups: readonly string[]): string[] {
    const inner: string[] = [];
    for (const n of needs) {
      if (this.members.has(n)) inner.push(this.names.node(n));
      else if (n !== this.sweep.name) this.outerDepends.add(this.names.node(n));
    }
    for (const env of lookups) this.outerDepends.add(this.names.lookup(env));
    return inner;
  }

  /** Records a value passed in from the main DAG; returns expr-lang source of its text inside. */
  private passed(name: string, outer: string, task: string): string {
    this.parameters.set(name, `{{=sprig.b64enc(${outer})}}`);
    this.outerDepends.add(task);
    return `sprig.b64dec(inputs.parameters[${exprString(name)}])`;
  }
}
