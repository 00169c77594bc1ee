/**
 * A ready step's plan: its cache key (definition, arguments, input hashes, code hashes, image,
 * runtime), then whether it is reused from the cache, executes (and why: the human reason for a
 * miss), would run (dry run), or cannot start (a missing dataset or code file, an expression that
 * fails). A cache entry whose objects are corrupt is set aside (MLP7030) and the step executes.
 */
import { resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrStep, IrValue } from "../ir/ir.js";
import { MLP_VERSION } from "../version.js";
import { checkCachedOutputs, corruptOutputDiagnostic, corruptReason, type CorruptOutput } from "./cached-outputs.js";
import { definitionHash, explainChange, partsJson as partsJsonOf, sha256, type KeyParts } from "./cache-key.js";
import { evalExpr, MissingValueError } from "./eval-expr.js";
import { quarantineObject, type ObjectChecker } from "./object-check.js";
import type { ParamValues } from "./params.js";
import type { CacheEntry, RunRecorder, StepStateKey } from "./run-recorder.js";
import type { RunValues } from "./run-values.js";
import type { Store } from "./store.js";

/** A step's cache key and the parts it was computed from. */
export interface StepKey {
  readonly step: IrStep;
  readonly key: string;
  readonly parts: KeyParts;
  readonly partsJson: string;
}

/** What a step that will execute needs: its cache key and why it runs; its lock while it runs. */
export interface StepPlan extends StepKey {
  readonly reason: string;
  /** Its result may come from the cache, so it waits for another run executing the same key. */
  readonly lockable: boolean;
  release?: () => void;
}

export type StepDecision =
  | { readonly kind: "failed"; readonly diagnostic: Diagnostic }
  /** Dry run: it would execute, or an upstream step would (its inputs are not known yet). */
  | { readonly kind: "would_run"; readonly reason: string }
  | { readonly kind: "cached"; readonly key: StepKey; readonly entry: CacheEntry }
  | { readonly kind: "execute"; readonly plan: StepPlan };

export interface PlanContext {
  readonly values: RunValues;
  readonly recorder: RunRecorder;
  readonly checker: ObjectChecker;
  readonly store: Store;
  readonly root: string;
  readonly params: ParamValues;
  readonly dryRun: boolean;
  readonly noCache: boolean;
  /** `--from STEP`, when `--from` forces this step. */
  forcedBy(step: string): string | null;
  stateKey(step: IrStep): StepStateKey;
  report(d: Diagnostic): void;
}

/** Works out the step's cache key and what happens to it. */
export function planStep(ctx: PlanContext, step: IrStep): StepDecision {
  const keyed = keyOf(ctx, step);
  if (keyed.kind !== "key") return keyed;
  const { parts, partsJson, key } = keyed;
  const from = ctx.forcedBy(step.name);
  // A `finally` step is never reused: `${status}` differs from run to run.
  const forcedReason = step.finally === true ? "a `finally` step (never cached)" : ctx.noCache ? "--no-cache" : !step.cache ? "`cache off`" : from !== null ? `--from ${from}` : null;
  let corrupt: string | null = null;
  if (forcedReason === null) {
    const hit = ctx.recorder.cacheEntry(key);
    if (hit) {
      const verdict = checkCachedOutputs(ctx.checker, hit.outputs);
      if (verdict.kind === "ok") {
        if (verdict.fingerprints.length > 0) ctx.recorder.later(() => verdict.fingerprints.forEach(([h, fp]) => ctx.checker.record(h, fp)));
        return { kind: "cached", key: { step, key, parts, partsJson }, entry: hit };
      }
      if (verdict.kind === "corrupt") corrupt = setAsideCorrupt(ctx, step, hit.runId, verdict.corrupt);
    }
  }
  const reason = forcedReason ?? corrupt ?? explainMiss(ctx, step, key, parts);
  if (ctx.dryRun) return { kind: "would_run", reason };
  return { kind: "execute", plan: { step, key, parts, partsJson, reason, lockable: forcedReason === null } };
}

/** The key parts of `step` from its inputs' hashes and values and its code files' hashes. */
function keyOf(ctx: PlanContext, step: IrStep): Exclude<StepDecision, { kind: "cached" | "execute" }> | ({ kind: "key" } & Omit<StepKey, "step">) {
  const args: Record<string, IrValue> = {};
  const inputs: Record<string, string> = {};
  let unknownUpstream: string | null = null;
  for (const i of step.inputs) {
    const b = i.binding;
    if (b.kind === "dataset") {
      const a = ctx.values.dataset(b.dataset);
      if ("error" in a) return { kind: "failed", diagnostic: a.error };
      inputs[i.name] = a.hash;
    } else if (b.kind === "output") {
      const a = ctx.values.output(b.step, b.output);
      if (a === "pending" || a === undefined) unknownUpstream ??= b.step;
      else inputs[i.name] = a.hash;
    } else if (b.kind === "deployed") {
      // The live model's hash keys the step: a new deployment runs it again.
      const a = ctx.values.deployedInput(step, i.name, b, i.type);
      if (a === "pending") unknownUpstream ??= b.fallback?.kind === "output" ? b.fallback.step : "a fallback";
      else if ("error" in a) return { kind: "failed", diagnostic: a.error };
      else inputs[i.name] = a.hash;
    } else if (b.kind === "param") {
      args[i.name] = ctx.params[b.param]!;
    } else if (b.kind === "literal") {
      args[i.name] = b.value;
    } else if (b.kind !== "expr") {
      throw new Error(`internal: a \`${b.kind}\` binding reached the executor`); // rewritten by sweep/expand.ts
    } else {
      try {
        const v = evalExpr(b.expr, ctx.values.exprEnv());
        if (v === undefined) unknownUpstream ??= "an absent value";
        else args[i.name] = v;
      } catch (e) {
        if (e instanceof MissingValueError && ctx.dryRun) unknownUpstream ??= e.ref.split(".")[0]!;
        else return { kind: "failed", diagnostic: diagnostic("MLP7023", "error", `input \`${i.name}\` of step \`${step.name}\`: ${(e as Error).message}`, step.origin) };
      }
    }
  }
  const code: Record<string, string> = {};
  for (const c of step.code) {
    const h = ctx.values.codeHash(c);
    if (h === null)
      return {
        kind: "failed",
        diagnostic: diagnostic("MLP7018", "error", `code file \`${c}\` of step \`${step.name}\` does not exist`, step.origin, {
          notes: [`looked for ${resolve(ctx.root, c)}`],
          help: ["create the file or remove it from the step's `code` list"],
        }),
      };
    code[c] = h;
  }
  // Dry run only: an upstream step would run, so this step's inputs are not known yet.
  if (unknownUpstream !== null) return { kind: "would_run", reason: `upstream \`${unknownUpstream}\` would run (its outputs may change)` };
  const parts: KeyParts = {
    definition: definitionHash(step),
    args,
    inputs,
    code,
    image: step.image ?? null,
    runtime: step.builtin !== undefined ? MLP_VERSION : null,
  };
  const partsJson = partsJsonOf(parts);
  return { kind: "key", parts, partsJson, key: sha256(partsJson) };
}

/**
 * Moves a reused entry's corrupt objects out of the store (not in a dry run) and warns
 * (MLP7030); the step then runs as on a miss. Returns the reason shown for that.
 */
function setAsideCorrupt(ctx: PlanContext, step: IrStep, fromRun: number, corrupt: readonly CorruptOutput[]): string {
  let moved: Map<string, string> | null = null;
  if (!ctx.dryRun) {
    moved = new Map();
    for (const c of corrupt) {
      try {
        moved.set(c.hash, quarantineObject(ctx.store, c.hash));
      } catch {
        /* another run moved it first */
      }
      ctx.recorder.later(() => ctx.checker.forget(c.hash));
    }
  }
  ctx.report(corruptOutputDiagnostic(step, fromRun, corrupt, moved));
  return corruptReason(corrupt);
}

/** Why a step's key has no usable cache entry, in words: what changed since its last run. */
function explainMiss(ctx: PlanContext, step: IrStep, key: string, parts: KeyParts): string {
  const prev = ctx.recorder.lastState(ctx.stateKey(step));
  if (!prev) return "no cache entry (never ran)";
  if (prev.key === key) return ctx.recorder.hasCacheEntry(key) ? "cached output missing from the store" : "no cache entry (its last run did not finish)";
  const before = JSON.parse(prev.parts) as KeyParts;
  const reasons = explainChange(
    before,
    parts,
    (name) => {
      const i = step.inputs.find((x) => x.name === name);
      if (!i) return `input \`${name}\``;
      if (i.binding.kind === "dataset") return `input \`${name}\` (dataset \`${i.binding.dataset}\`)`;
      if (i.binding.kind === "output") return `input \`${name}\` (\`${i.binding.step}.${i.binding.output}\`)`;
      if (i.binding.kind === "deployed") return `input \`${name}\` (the model deployed to \`${i.binding.env}\`${i.binding.pipeline !== undefined ? ` by \`${i.binding.pipeline}\`` : ""})`;
      return `input \`${name}\``;
    },
    (name) => {
      const i = step.inputs.find((x) => x.name === name);
      return i?.binding.kind === "param" ? `param \`${i.binding.param}\`` : `argument \`${name}\``;
    },
  );
  return reasons.length > 0 ? reasons.join("; ") : "no cache entry";
}
