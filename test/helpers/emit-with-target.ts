/**
 * `runTarget` as the tests call it: the target's options validator found on the spot (its
 * precompiled one, or its schema compiled with ajv), as `mlp compile` finds it with
 * `loadOptionsValidator`.
 */
import type { ValidIr } from "../../src/ir/validate.js";
import { runTarget, type EmitOptions, type TargetOutput } from "../../src/target/run-target.js";
import type { Target } from "../../src/target/target.js";
import { optionsValidator } from "../../src/target/validate-options.js";

export type { EmitOptions, TargetOutput } from "../../src/target/run-target.js";

/**
 * Validates options, runs `target.emit`, and checks what it returned (see `runTarget`).
 * `builtin`: the target is one of mlp's own, whose schema is not checked against the
 * meta-schema (see `optionsValidator`).
 */
export function emitWithTarget(ir: ValidIr, target: Target, options: EmitOptions & { readonly builtin?: boolean }): TargetOutput {
  return runTarget(ir, target, optionsValidator(target, options.builtin !== true), options);
}
