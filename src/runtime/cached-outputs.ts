/**
 * Whether a cache entry's outputs can be reused: every object is still in the store and still
 * holds the bytes its hash names (`object-check.ts`). A corrupt object is not an error of the run:
 * like DVC, mlp moves it aside, warns (MLP7030) and runs the step again, so no step reads the bad
 * bytes and lineage records only hashes the bytes have.
 */
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrStep } from "../ir/ir.js";
import { shortHash, type ObjectChecker } from "./object-check.js";

/** One cached output whose object's bytes no longer match its hash. */
export interface CorruptOutput {
  readonly output: string;
  readonly hash: string;
  readonly actual: string;
}

/** The verdict on a cache entry's outputs. */
export type CachedOutputs =
  /** Reusable; `fingerprints` are objects that needed a re-hash, whose new stat to record. */
  | { readonly kind: "ok"; readonly fingerprints: readonly (readonly [hash: string, fingerprint: string])[] }
  | { readonly kind: "missing" }
  | { readonly kind: "corrupt"; readonly corrupt: readonly CorruptOutput[] };

/** Checks every output object of a cache entry (`outs`: output name to hash). */
export function checkCachedOutputs(checker: ObjectChecker, outs: Readonly<Record<string, string>>): CachedOutputs {
  const fingerprints: (readonly [string, string])[] = [];
  const corrupt: CorruptOutput[] = [];
  let missing = false;
  for (const [output, hash] of Object.entries(outs)) {
    const state = checker.check(hash);
    if (state.kind === "missing") missing = true;
    else if (state.kind === "corrupt") corrupt.push({ output, hash, actual: state.actual });
    else if (state.fingerprint !== undefined) fingerprints.push([hash, state.fingerprint]);
  }
  if (corrupt.length > 0) return { kind: "corrupt", corrupt };
  return missing ? { kind: "missing" } : { kind: "ok", fingerprints };
}

/** The reason shown for the step's re-run. */
export function corruptReason(corrupt: readonly CorruptOutput[]): string {
  return `cached output${corrupt.length > 1 ? "s" : ""} ${corrupt.map((c) => `\`${c.output}\``).join(", ")} corrupt in the store`;
}

/**
 * MLP7030: names each corrupt artifact, the step and the run that made it, and what happens now.
 * `movedTo` is where each object was moved (absent in a dry run, which changes nothing).
 */
export function corruptOutputDiagnostic(step: IrStep, fromRun: number, corrupt: readonly CorruptOutput[], movedTo: ReadonlyMap<string, string> | null): Diagnostic {
  const first = corrupt[0]!;
  const others = corrupt.length > 1 ? ` (and ${corrupt.length - 1} more)` : "";
  return diagnostic(
    "MLP7030",
    "warning",
    `cached output \`${step.name}.${first.output}\`${others}, made by step \`${step.name}\` in run ${fromRun}, is corrupt: object ${first.hash.slice(0, 12)} now ${first.actual.startsWith("unreadable") ? "cannot be read" : `hashes to ${shortHash(first.actual)}`}`,
    step.origin,
    {
      notes: [
        ...corrupt.map((c) => `\`${step.name}.${c.output}\`: expected sha256 ${c.hash}, found ${c.actual}${movedTo?.has(c.hash) ? `; moved to ${movedTo.get(c.hash)}` : ""}`),
        movedTo === null ? "this dry run changes nothing: a real run moves the object aside and runs the step again" : `the step runs again to recompute ${corrupt.length > 1 ? "them" : "it"}; steps after it use the new bytes`,
      ],
      help: ["run `mlp store verify` to check every object in the store (`--repair` moves corrupt ones aside)", "check the disk holding the store: objects are written once and never edited"],
    },
  );
}
