/**
 * The IR boundary. Every IR document a target or the runtime receives has passed through here:
 * lowering's output (`validLoweredIr`) and every `.ir.json` read from disk (`validateIrDocument`
 * in `validate-document.ts`, which checks the JSON Schema first: a module of its own, so that
 * `mlp check` and `mlp compile` do not load the 250 KB compiled schema they never use).
 * What passes is branded `ValidIr`, so a consumer's type says it may rely on:
 *   - the shape of `mlp/v1` (the JSON Schema, for documents read from disk);
 *   - every name a plain identifier (`src/source/identifier.ts`), unique where it must be;
 *   - every reference resolving: `needs`/`after`, input bindings, expressions, command
 *     placeholders, deploy models, secrets, triggers and table schemas;
 *   - `order` listing every node once, each after everything it needs (so the graph is acyclic);
 *   - sweeps closed: a member's `sweep` and its sweep's `members` agree, `over` bindings appear
 *     only in members, and nodes outside read members only through the sweep (`best`/`collect`)
 *     and need the sweep, never a member;
 *   - control flow closed: `afterNot` names gates (not asserts) the node needs, outside sweeps;
 *     `finally` steps need nothing, read no step, are read by no node, come last in `order`, and
 *     only they use `${status}`; `optionExprs` name options the deploy's `to` has.
 * Consumers therefore re-check none of this; they check only what their own platform adds.
 */
import type { Diagnostic, DiagnosticExtras } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { printable as printableText } from "../diagnostics/printable.js";
import { isIdentifier } from "../source/identifier.js";
import type { Span } from "../source/span.js";
import type { IrBinding, IrDeploy, IrDocument, IrExpr, IrInput, IrPipeline, IrStep, IrSweep, IrType, Origin } from "./ir.js";

declare const validIr: unique symbol;
declare const validPipeline: unique symbol;
/** A pipeline of a `ValidIr` document: only these have a `PipelineView` (`view.ts`). */
export type ValidPipeline = IrPipeline & { readonly [validPipeline]: true };
/** An IR document that passed `validateIrDocument` or `validLoweredIr`. */
export type ValidIr = Omit<IrDocument, "pipelines"> & { readonly pipelines: readonly ValidPipeline[]; readonly [validIr]: true };

export interface IrValidation {
  /** Present when the document is valid. */
  readonly ir?: ValidIr;
  readonly diagnostics: Diagnostic[];
}

/**
 * Lowering's output through the semantic checks (the schema is pinned by the tests, which run
 * every lowered IR through it: checking 25 MB of IR against it on each compile would cost more than
 * lowering). A problem here is a compiler bug, but it is reported as a diagnostic, never passed on.
 */
export function validLoweredIr(doc: IrDocument): IrValidation {
  return checkSemantics(doc);
}

/** The semantic checks every IR passes, read from disk or lowered (the list at the top of this file). */
export function checkSemantics(doc: IrDocument): IrValidation {
  const diagnostics: Diagnostic[] = [];
  const fileSpan = spanAtStart(doc.source);
  const report = (code: string, message: string, span: Origin | undefined, extras?: DiagnosticExtras): void => {
    diagnostics.push(diagnostic(code, "error", message, span ?? fileSpan, extras));
  };
  const pipelineNames = new Set<string>();
  for (const p of doc.pipelines) {
    if (pipelineNames.has(p.name)) report("MLP9111", `pipeline \`${printable(p.name)}\` is declared twice`, p.origin);
    pipelineNames.add(p.name);
    new PipelineChecks(doc, p, report).run();
  }
  return diagnostics.length > 0 ? { diagnostics } : { ir: doc as unknown as ValidIr, diagnostics };
}

interface NodeFacts {
  readonly kind: "step" | "gate" | "deploy" | "sweep";
  readonly origin: Origin;
  readonly needs: readonly string[];
  /** Index in `order`; -1 until `order` is read. */
  position: number;
}

type Report = (code: string, message: string, span: Origin | undefined, extras?: DiagnosticExtras) => void;

/** The semantic checks of one pipeline. */
class PipelineChecks {
  private readonly steps = new Map<string, IrStep>();
  /** Every node by name: one map, because pipelines of 100,000 nodes pass through here. */
  private readonly nodes = new Map<string, NodeFacts>();
  private readonly params = new Set<string>();
  private readonly datasets = new Set<string>();
  private readonly secrets = new Set<string>();
  private readonly sweeps = new Map<string, IrSweep>();
  /** The sweep of each member node. */
  private readonly memberOf = new Map<string, string>();

  constructor(
    private readonly doc: IrDocument,
    private readonly p: IrPipeline,
    private readonly report: Report,
  ) {}

  run(): void {
    this.declarations();
    for (const sw of this.p.sweeps ?? []) this.sweep(sw);
    for (const s of this.p.steps) this.step(s);
    for (const g of this.p.gates) {
      this.needs(g.name, g.origin, g.needs, []);
      if (g.assert === true && g.sweep !== undefined) this.unresolved(`assert \`${g.name}\` is in sweep \`${g.sweep}\`: asserts are not allowed in sweeps`, g.origin);
      this.membership(g.name, g.sweep, g.origin);
      for (const c of g.conditions) this.expr(c.expr, `gate \`${g.name}\``, c.origin, g.needs, g.sweep);
    }
    for (const d of this.p.deploys) {
      this.needs(d.name, d.origin, d.needs, d.after);
      const model = this.steps.get(d.model.step);
      if (model === undefined || !model.outputs.some((o) => o.name === d.model.output))
        this.unresolved(`deploy \`${d.name}\` ships \`${d.model.step}.${d.model.output}\`, which no step outputs`, d.origin);
      else if (d.model.sweep !== undefined || model.sweep !== undefined) {
        if (d.model.sweep !== undefined && this.sweeps.get(d.model.sweep)?.best === undefined) this.unresolved(`deploy \`${d.name}\` ships the best point of sweep \`${d.model.sweep}\`, which has no \`best\``, d.origin);
        else if (model.sweep !== d.model.sweep) this.unresolved(`deploy \`${d.name}\` ships \`${d.model.step}.${d.model.output}\`, which is not an output of sweep \`${d.model.sweep ?? model.sweep}\`'s best point`, d.origin);
        else if (!d.needs.includes(d.model.sweep!)) this.unresolved(`deploy \`${d.name}\` ships a model of sweep \`${d.model.sweep}\` but does not need that sweep`, d.origin);
      } else if (!d.needs.includes(d.model.step)) this.unresolved(`deploy \`${d.name}\` ships a model of \`${d.model.step}\` but does not need that step`, d.origin);
      for (const s of d.secrets ?? []) this.secret(s, `deploy \`${d.name}\``, d.origin);
      this.afterNot(d.name, undefined, d.needs, d.after, d.afterNot, d.origin);
      this.optionExprs(d);
    }
    this.finallySteps();
    for (const t of this.p.triggers)
      if (t.kind === "change" && !this.datasets.has(t.dataset)) this.unresolved(`trigger on change of \`${t.dataset}\`, which is not a dataset of the pipeline`, t.origin);
    this.sweepEdges();
    for (const param of this.p.params) this.type(param.type, param.origin);
    for (const ds of this.p.datasets) this.type(ds.type, ds.origin);
    this.order();
  }

  /** Names are identifiers (the schema checks most; env keys and target names it cannot) and unique. */
  private declarations(): void {
    for (const [kind, list, set] of [
      ["parameter", this.p.params, this.params],
      ["dataset", this.p.datasets, this.datasets],
      ["secret", this.p.secrets, this.secrets],
    ] as const) {
      for (const x of list) {
        if (set.has(x.name)) this.report("MLP9111", `${kind} \`${printable(x.name)}\` is declared twice in pipeline \`${this.p.name}\``, x.origin);
        set.add(x.name);
      }
    }
    for (const [kind, list] of [
      ["step", this.p.steps],
      ["gate", this.p.gates],
      ["deploy", this.p.deploys],
    ] as const) {
      for (let k = 0; k < list.length; k++) {
        const n = list[k]!;
        const prev = this.nodes.get(n.name);
        if (prev !== undefined)
          this.report("MLP9111", `\`${printable(n.name)}\` names two nodes of pipeline \`${this.p.name}\`; steps, gates and deploys share one namespace`, n.origin, {
            labels: [{ span: prev.origin, message: "first declared here" }],
          });
        else this.nodes.set(n.name, { kind, origin: n.origin, needs: n.needs, position: -1 });
      }
    }
    for (const sw of this.p.sweeps ?? []) {
      const prev = this.nodes.get(sw.name);
      if (prev !== undefined)
        this.report("MLP9111", `\`${printable(sw.name)}\` names two nodes of pipeline \`${this.p.name}\`; steps, gates, deploys and sweeps share one namespace`, sw.origin, {
          labels: [{ span: prev.origin, message: "first declared here" }],
        });
      else this.nodes.set(sw.name, { kind: "sweep", origin: sw.origin, needs: sw.needs, position: -1 });
      this.sweeps.set(sw.name, sw);
    }
    for (let k = 0; k < this.p.steps.length; k++) this.steps.set(this.p.steps[k]!.name, this.p.steps[k]!);
  }

  /** A sweep's dimensions, members and `best`; members say they belong to it, and it needs exactly them. */
  private sweep(sw: IrSweep): void {
    const where = `sweep \`${sw.name}\``;
    const dims = new Set<string>();
    for (const d of sw.over) {
      if (dims.has(d.name)) this.report("MLP9111", `${where} has two dimensions named \`${printable(d.name)}\``, d.origin);
      dims.add(d.name);
      if (d.values.kind === "param") {
        const param = this.p.params.find((x) => x.name === (d.values as { param: string }).param);
        if (param === undefined) this.unresolved(`${where} sweeps over parameter \`${d.values.param}\`, which the pipeline does not declare`, d.origin);
        else if (param.type.kind !== "list") this.unresolved(`${where} sweeps over parameter \`${d.values.param}\`, which is not a list`, d.origin);
      }
    }
    for (const m of sw.members) {
      const step = this.steps.get(m) ?? this.p.steps.find((x) => x.name === m);
      const gate = this.p.gates.find((x) => x.name === m);
      const declared = step?.sweep ?? gate?.sweep;
      if (step === undefined && gate === undefined) this.unresolved(`${where} lists member \`${printable(m)}\`, which is not a step or gate of pipeline \`${this.p.name}\``, sw.origin);
      else if (declared !== sw.name) this.unresolved(`${where} lists member \`${m}\`, whose \`sweep\` is ${declared === undefined ? "not set" : `\`${declared}\``}`, sw.origin);
      else this.memberOf.set(m, sw.name);
    }
    const members = new Set(sw.members);
    if (sw.needs.length !== members.size || sw.needs.some((n) => !members.has(n)))
      this.unresolved(`${where} must need exactly its members`, sw.origin);
    if (sw.best !== undefined) {
      const s = this.p.steps.find((x) => x.name === sw.best!.step);
      if (s === undefined || s.sweep !== sw.name || !s.metrics.some((m) => m.name === sw.best!.metric))
        this.unresolved(`${where} picks its best point by \`${sw.best.step}.${sw.best.metric}\`, which no member step reports`, sw.best.origin);
    }
  }

  /** Only a member of the same sweep, or the sweep itself, needs a member. */
  private sweepEdges(): void {
    if (this.sweeps.size === 0) return;
    const check = (name: string, own: string | undefined, needs: readonly string[], origin: Origin): void => {
      for (const n of needs) {
        const sweep = this.memberOf.get(n);
        if (sweep !== undefined && sweep !== own)
          this.unresolved(`\`${name}\` needs \`${n}\`, a member of sweep \`${sweep}\`: outside the block, need the sweep instead`, origin);
      }
    };
    for (const s of this.p.steps) check(s.name, s.sweep, s.needs, s.origin);
    for (const g of this.p.gates) check(g.name, g.sweep, g.needs, g.origin);
    for (const d of this.p.deploys) check(d.name, undefined, d.needs, d.origin);
    for (const sw of this.p.sweeps ?? []) check(sw.name, sw.name, sw.needs, sw.origin);
  }

  /** A node declared with `sweep` that its sweep does not list as a member. */
  private membership(name: string, sweep: string | undefined, origin: Origin): void {
    if (sweep === undefined) return;
    if (!this.sweeps.has(sweep)) this.unresolved(`\`${name}\` belongs to sweep \`${printable(sweep)}\`, which pipeline \`${this.p.name}\` does not declare`, origin);
    else if (this.memberOf.get(name) !== sweep) this.unresolved(`\`${name}\` belongs to sweep \`${sweep}\`, which does not list it as a member`, origin);
  }

  /**
   * A node may read a sweep member directly only from inside the same sweep; from outside it reads
   * the sweep (`best`, `collect`) and needs it. Returns false (after reporting) when `member` is
   * out of reach of `reader`.
   */
  private reachable(reader: string, readerSweep: string | undefined, member: string, what: string, origin: Origin): boolean {
    const sweep = this.steps.get(member)?.sweep;
    if (sweep === readerSweep) return true;
    this.unresolved(
      sweep === undefined
        ? `${what} reads \`${member}\` through sweep \`${readerSweep}\`, but \`${member}\` is not one of its members`
        : `${what} reads \`${member}\`, a member of sweep \`${sweep}\`, directly: outside its block a member is read through the sweep (\`best\` or \`collect\`)`,
      origin,
    );
    void reader;
    return false;
  }

  /** A `best`/`collect` reference: a member output or metric of a sweep the reader is outside of and needs. */
  private sweepRef(readerSweep: string | undefined, sweep: string, step: string, what: string, origin: Origin, needs: readonly string[], best = true): IrStep | undefined {
    const sw = this.sweeps.get(sweep);
    const s = this.steps.get(step);
    if (sw === undefined) this.unresolved(`${what} reads sweep \`${printable(sweep)}\`, which pipeline \`${this.p.name}\` does not declare`, origin);
    else if (s === undefined || s.sweep !== sweep) this.unresolved(`${what} reads \`${sweep}.${step}\`, but \`${step}\` is not a member step of sweep \`${sweep}\``, origin);
    else if (readerSweep === sweep) this.unresolved(`${what} reads sweep \`${sweep}\` from inside its own block`, origin);
    else if (!needs.includes(sweep)) this.unresolved(`${what} reads sweep \`${sweep}\` but does not need it`, origin);
    else if (best && sw.best === undefined) this.unresolved(`${what} reads the best point of sweep \`${sweep}\`, which has no \`best\``, origin);
    else return s;
    return undefined;
  }

  /**
   * One step. Runs for every step of pipelines of 10,000 and more, so it allocates nothing when
   * the step is valid: indexed loops, scans of the (short) name lists, and messages built only
   * when reported.
   */
  private step(s: IrStep): void {
    this.uniqueNames(s, "input", s.inputs);
    this.uniqueNames(s, "output", s.outputs);
    this.uniqueNames(s, "metric", s.metrics);
    for (const k in s.env)
      if (Object.hasOwn(s.env, k) && !isIdentifier(k))
        this.report("MLP9111", `environment variable name \`${printable(k)}\` of step \`${printable(s.name)}\` is not a plain identifier`, s.origin, {
          help: ["name environment variables with letters, digits and `_`"],
        });
    for (let k = 0; k < s.secrets.length; k++) if (!this.secrets.has(s.secrets[k]!)) this.secret(s.secrets[k]!, `step \`${s.name}\``, s.origin);
    this.needs(s.name, s.origin, s.needs, s.after);
    this.membership(s.name, s.sweep, s.origin);
    if (s.afterNot !== undefined) this.afterNot(s.name, s.sweep, s.needs, s.after, s.afterNot, s.origin);
    const parts = s.run?.parts ?? NONE;
    const inputs = namesIfLong(s.inputs);
    const outputs = namesIfLong(s.outputs);
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      if (part.kind === "input" && !(inputs?.has(part.name) ?? indexOfName(s.inputs, part.name) >= 0)) this.unresolved(`the command of step \`${s.name}\` uses \`\${${part.name}}\`, which is not one of its inputs`, s.origin);
      if (part.kind === "output" && !(outputs?.has(part.name) ?? indexOfName(s.outputs, part.name) >= 0)) this.unresolved(`the command of step \`${s.name}\` uses \`\${${part.name}}\`, which is not one of its outputs`, s.origin);
      if (part.kind === "builtin" && part.name === "status" && s.finally !== true) this.unresolved(`the command of step \`${s.name}\` uses \`\${status}\`, which only a \`finally\` step has`, s.origin);
    }
    for (let k = 0; k < s.inputs.length; k++) {
      const i = s.inputs[k]!;
      this.type(i.type, s.origin);
      this.binding(s, i, i.binding);
    }
    for (let k = 0; k < s.outputs.length; k++) this.type(s.outputs[k]!.type, s.origin);
  }

  /** A step's input, output or metric names: identifiers, none twice. */
  private uniqueNames(s: IrStep, what: "input" | "output" | "metric", list: readonly { readonly name: string }[]): void {
    const seen = list.length > SCAN_LIMIT ? new Set<string>() : undefined;
    for (let k = 0; k < list.length; k++) {
      const n = list[k]!.name;
      // The schema checks these too; kept here for lowering's output, which skips the schema.
      if (!isIdentifier(n))
        this.report("MLP9111", `${what} name \`${printable(n)}\` of step \`${printable(s.name)}\` is not a plain identifier`, s.origin, {
          notes: ["names become file names in the step's private directory; a name with `/` or `..` could write outside it"],
          help: [`rename the ${what} to letters, digits and \`_\``],
        });
      else if (seen !== undefined ? seen.has(n) : indexOfName(list, n) < k) this.report("MLP9111", `step \`${s.name}\` has two ${what}s named \`${n}\``, s.origin);
      seen?.add(n);
    }
  }

  /**
   * An input's binding. `where` names the reader in messages; for a step's own inputs it is
   * built only when a message needs it.
   */
  private binding(s: IrStep, i: IrInput, b: IrBinding, where?: string): void {
    if (b.kind === "dataset" && !this.datasets.has(b.dataset)) this.unresolved(`${where ?? inputWhere(s, i)} reads dataset \`${b.dataset}\`, which the pipeline does not declare`, s.origin);
    if (b.kind === "param" && !this.params.has(b.param)) this.unresolved(`${where ?? inputWhere(s, i)} reads parameter \`${b.param}\`, which the pipeline does not declare`, s.origin);
    if (b.kind === "output") {
      const from = this.steps.get(b.step);
      if (from === undefined || indexOfName(from.outputs, b.output) < 0) this.unresolved(`${where ?? inputWhere(s, i)} reads \`${b.step}.${b.output}\`, which no step outputs`, s.origin);
      // a member of another sweep's block is out of reach (`reachable` reports it)
      else if (from.sweep !== undefined && from.sweep !== s.sweep && !this.reachable(s.name, s.sweep, from.name, where ?? inputWhere(s, i), this.steps.get(s.name)?.origin ?? from.origin)) return;
      else if (!s.needs.includes(b.step)) this.unresolved(`${where ?? inputWhere(s, i)} reads \`${b.step}.${b.output}\` but step \`${s.name}\` does not need \`${b.step}\``, s.origin);
    }
    if (b.kind === "over") this.over(b, s.sweep, where ?? inputWhere(s, i), s.origin);
    if (b.kind === "best" || b.kind === "collect") {
      const w = where ?? inputWhere(s, i);
      const from = this.sweepRef(s.sweep, b.sweep, b.step, w, s.origin, s.needs, b.kind === "best");
      if (from !== undefined && indexOfName(from.outputs, b.output) < 0) this.unresolved(`${w} reads \`${b.sweep}.${b.step}.${b.output}\`, which step \`${b.step}\` does not output`, s.origin);
    }
    if (b.kind === "expr") this.expr(b.expr, where ?? inputWhere(s, i), s.origin, s.needs, s.sweep);
    if (b.kind === "deployed") {
      if (i.type.kind !== "Model") this.unresolved(`${where ?? inputWhere(s, i)} reads \`deployed(${b.env}).model\` but its type is not \`Model\``, s.origin);
      if (b.fallback !== undefined) {
        if (b.fallback.kind !== "output" && b.fallback.kind !== "best" && b.fallback.kind !== "dataset")
          this.unresolved(`${where ?? inputWhere(s, i)} falls back to a \`${b.fallback.kind}\` binding: a model falls back to a step output or a dataset`, s.origin);
        else this.binding(s, i, b.fallback, where);
      }
    }
    if (s.finally === true && (b.kind === "output" || b.kind === "best" || b.kind === "collect" || (b.kind === "deployed" && b.fallback !== undefined && b.fallback.kind !== "dataset")))
      this.unresolved(`${where ?? inputWhere(s, i)} reads another step, but a \`finally\` step reads only params, datasets, literals and \`deployed(…)\``, s.origin);
  }

  /** `afterNot`: gates (not asserts) the node needs (and not through `after`), none of them in a sweep, nor the node. */
  private afterNot(name: string, sweep: string | undefined, needs: readonly string[], after: readonly string[], afterNot: readonly string[] | undefined, origin: Origin): void {
    for (const g of afterNot ?? []) {
      const gate = this.p.gates.find((x) => x.name === g);
      if (gate === undefined) this.unresolved(`\`${name}\` runs after \`not ${printable(g)}\`, which is not a gate of pipeline \`${this.p.name}\``, origin);
      else if (gate.assert === true) this.unresolved(`\`${name}\` runs after \`not ${g}\`, an assert: only a gate that does not hold lets the run go on`, origin);
      else if (gate.sweep !== undefined || sweep !== undefined) this.unresolved(`\`${name}\` runs after \`not ${g}\` inside a sweep: \`after not\` is not allowed in sweeps`, origin);
      else if (!needs.includes(g) || after.includes(g)) this.unresolved(`\`${name}\` runs after \`not ${g}\`, which must be in its \`needs\` and not in its \`after\``, origin);
    }
  }

  /** `optionExprs`: options the deploy's `to` block has, each a string expression over what the deploy can read. */
  private optionExprs(d: IrDeploy): void {
    for (const [option, e] of Object.entries(d.optionExprs ?? {})) {
      const where = `option \`${printable(option)}\` of deploy \`${d.name}\``;
      if (typeof (d.to.options as Record<string, unknown>)[option] !== "string") this.unresolved(`${where} is computed, but its \`to ${d.to.kind}\` block has no such string option`, d.origin);
      if (e.type.kind !== "string") this.unresolved(`${where} is computed as a \`${e.type.kind}\`, not a string`, d.origin);
      this.expr(e, where, d.origin, d.needs);
    }
  }

  /** `finally` steps: after every other node in `order`, needing nothing, needed by nothing, outside sweeps. */
  private finallySteps(): void {
    const finals = new Set(this.p.steps.filter((s) => s.finally === true).map((s) => s.name));
    if (finals.size === 0) return;
    for (const s of this.p.steps)
      if (s.finally === true) {
        if (s.needs.length > 0 || s.after.length > 0 || (s.afterNot?.length ?? 0) > 0) this.unresolved(`\`finally\` step \`${s.name}\` needs other nodes: it runs after all of them, whatever happened, and needs none`, s.origin);
        if (s.sweep !== undefined) this.unresolved(`\`finally\` step \`${s.name}\` is in sweep \`${s.sweep}\``, s.origin);
      }
    const readers: [string, readonly string[], Origin][] = [
      ...this.p.steps.map((s): [string, readonly string[], Origin] => [s.name, s.needs, s.origin]),
      ...this.p.gates.map((g): [string, readonly string[], Origin] => [g.name, g.needs, g.origin]),
      ...this.p.deploys.map((d): [string, readonly string[], Origin] => [d.name, d.needs, d.origin]),
      ...(this.p.sweeps ?? []).map((w): [string, readonly string[], Origin] => [w.name, w.needs, w.origin]),
    ];
    for (const [name, needs, origin] of readers)
      for (const n of needs) if (finals.has(n)) this.unresolved(`\`${name}\` needs \`${n}\`, a \`finally\` step: no node may read or wait for one`, origin);
    let seenFinal = false;
    for (const ref of this.p.order) {
      if (ref.kind === "step" && finals.has(ref.name)) seenFinal = true;
      else if (seenFinal) {
        this.unresolved(`\`order\` of pipeline \`${this.p.name}\` lists \`${printable(ref.name)}\` after a \`finally\` step: \`finally\` steps come last`, this.p.origin);
        break;
      }
    }
  }

  /** An `over` reference: only inside a sweep, to one of its dimensions. */
  private over(b: Extract<IrBinding, { kind: "over" }> | Extract<IrExpr, { kind: "over" }>, sweep: string | undefined, where: string, origin: Origin): void {
    const sw = sweep === undefined ? undefined : this.sweeps.get(sweep);
    if (sw === undefined) this.unresolved(`${where} reads sweep value \`${b.name}\` outside any sweep`, origin);
    else if (!sw.over.some((d) => d.name === b.name)) this.unresolved(`${where} reads \`${b.name}\`, which is not a dimension of sweep \`${sw.name}\``, origin);
  }

  /** `needs` names nodes of this pipeline other than the node itself; `after` is part of `needs`. */
  private needs(name: string, origin: Origin, needs: readonly string[], after: readonly string[]): void {
    for (const n of needs) {
      if (n === name) this.report("MLP9113", `\`${name}\` needs itself`, origin);
      else if (!this.nodes.has(n)) this.unresolved(`\`${name}\` needs \`${printable(n)}\`, which is not a step, gate or deploy of pipeline \`${this.p.name}\``, origin);
    }
    for (const a of after) if (!needs.includes(a)) this.unresolved(`\`${name}\` runs after \`${printable(a)}\`, which is missing from its \`needs\``, origin);
  }

  private secret(name: string, who: string, origin: Origin): void {
    if (!this.secrets.has(name)) this.unresolved(`${who} lists secret \`${printable(name)}\`, which pipeline \`${this.p.name}\` does not declare`, origin);
  }

  private type(t: IrType, origin: Origin): void {
    if (t.kind === "Table" && t.schema !== undefined && !Object.hasOwn(this.doc.schemas, t.schema))
      this.unresolved(`table schema \`${t.schema}\` is not in the document's \`schemas\``, origin);
  }

  private expr(e: IrExpr, where: string, origin: Origin, needs: readonly string[], sweep?: string): void {
    switch (e.kind) {
      case "literal":
      case "deployed":
        return;
      case "interpolate":
        for (const part of e.parts) if (part.kind === "expr") this.expr(part.expr, where, origin, needs, sweep);
        return;
      case "over":
        this.over(e, sweep, where, origin);
        return;
      case "best": {
        const from = this.sweepRef(sweep, e.sweep, e.step, where, origin, needs);
        if (from !== undefined && !from.metrics.some((m) => m.name === e.metric)) this.unresolved(`${where} reads metric \`${e.sweep}.${e.step}.${e.metric}\`, which step \`${e.step}\` does not report`, origin);
        return;
      }
      case "param":
        if (!this.params.has(e.name)) this.unresolved(`${where} reads parameter \`${e.name}\`, which the pipeline does not declare`, origin);
        return;
      case "metric": {
        const s = this.steps.get(e.step);
        if (s === undefined || !s.metrics.some((m) => m.name === e.metric)) this.unresolved(`${where} reads metric \`${e.step}.${e.metric}\`, which no step reports`, origin);
        else if (s.sweep !== undefined && s.sweep !== sweep) this.reachable(where, sweep, e.step, where, origin);
        else if (!needs.includes(e.step)) this.unresolved(`${where} reads metric \`${e.step}.${e.metric}\` but does not need step \`${e.step}\``, origin);
        return;
      }
      case "binary":
        this.expr(e.left, where, origin, needs, sweep);
        this.expr(e.right, where, origin, needs, sweep);
        return;
      case "unary":
        this.expr(e.operand, where, origin, needs, sweep);
    }
  }

  /**
   * `order` lists every node exactly once, each after the nodes it needs: a topological order,
   * which also proves the graph acyclic. Only when it is not is the graph searched for a cycle.
   */
  private order(): void {
    const where = `\`order\` of pipeline \`${this.p.name}\``;
    this.p.order.forEach((ref, i) => {
      const n = this.nodes.get(ref.name);
      if (n === undefined || n.kind !== ref.kind) this.report("MLP9113", `${where} lists ${ref.kind} \`${printable(ref.name)}\`, which the pipeline does not declare`, this.p.origin);
      else if (n.position >= 0) this.report("MLP9113", `${where} lists \`${printable(ref.name)}\` twice`, this.p.origin);
      else n.position = i;
    });
    const late: string[] = [];
    // (`forEach`, not `for…of` over entries: no [name, node] pair per node)
    this.nodes.forEach((n, name) => {
      if (n.position < 0) {
        this.report("MLP9113", `${where} leaves out \`${name}\``, n.origin);
        return;
      }
      for (let k = 0; k < n.needs.length; k++) {
        const before = this.nodes.get(n.needs[k]!);
        if (before !== undefined && before.position > n.position) late.push(name, n.needs[k]!);
      }
    });
    if (late.length === 0) return;
    const cycle = findCycle(this.nodes);
    if (cycle !== undefined) {
      this.report("MLP9113", `pipeline \`${this.p.name}\` has a cycle: ${cycle.join(" -> ")}`, this.nodes.get(cycle[0]!)?.origin, {
        help: ["a node cannot depend, directly or through others, on itself"],
      });
      return;
    }
    for (let i = 0; i < late.length; i += 2)
      this.report("MLP9113", `${where} lists \`${late[i]}\` before \`${late[i + 1]}\`, which it needs`, this.nodes.get(late[i]!)?.origin);
  }

  private unresolved(message: string, origin: Origin | undefined): void {
    this.report("MLP9112", message, origin);
  }
}

/** A cycle in the `needs` graph as a path `a -> b -> … -> a`, or undefined. Iterative: no stack overflow on long chains. */
function findCycle(nodes: ReadonlyMap<string, { readonly needs: readonly string[] }>): string[] | undefined {
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: finished
  for (const root of nodes.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const next: number[] = [0];
    state.set(root, 1);
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const needs = nodes.get(node)?.needs ?? [];
      const i = next[next.length - 1]!;
      if (i >= needs.length) {
        state.set(node, 2);
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const n = needs[i]!;
      if (!nodes.has(n)) continue;
      const s = state.get(n);
      if (s === 1) return [...path.slice(path.indexOf(n)), n];
      if (s === undefined) {
        state.set(n, 1);
        path.push(n);
        next.push(0);
      }
    }
  }
  return undefined;
}

/** Shared by lists that are absent (no allocation per step). */
const NONE: readonly never[] = [];

/** Up to this many names, a scan beats building a set (a step has a handful). */
const SCAN_LIMIT = 16;

/** The index of the first element named `name`, or -1. */
function indexOfName(list: readonly { readonly name: string }[], name: string): number {
  for (let k = 0; k < list.length; k++) if (list[k]!.name === name) return k;
  return -1;
}

/** A set of a long list's names; undefined for a short list, which `indexOfName` scans instead. */
function namesIfLong(list: readonly { readonly name: string }[]): ReadonlySet<string> | undefined {
  return list.length > SCAN_LIMIT ? new Set(list.map((x) => x.name)) : undefined;
}

/** Who reads, in messages about a step's input. */
function inputWhere(s: IrStep, i: IrInput): string {
  return `input \`${i.name}\` of step \`${s.name}\``;
}

export function spanAtStart(file: string): Span {
  return { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
}

/** Names in messages are escaped and cut at 80 characters: a hand-written IR can hold anything. */
export function printable(name: string): string {
  return printableText(name, 80);
}
