/**
 * The cache key of a step: sha256 over its canonical definition (the parts of the IR step that
 * change what it computes: command, built-in, types, env, working directory — not its name,
 * origin, retries or resources), its resolved value arguments, the hashes of its input artifacts,
 * the contents of its `code` files and its image. The parts are kept so that a miss can say why.
 */
import * as crypto from "node:crypto";
import type { IrStep, IrValue } from "../ir/ir.js";

/** Everything a step's cache key is made of. */
export interface KeyParts {
  readonly definition: string;
  readonly args: Readonly<Record<string, IrValue>>;
  /** Input name -> artifact hash (or `uri:…` for a remote dataset). */
  readonly inputs: Readonly<Record<string, string>>;
  /** Code file (relative to the IR root) -> content hash. */
  readonly code: Readonly<Record<string, string>>;
  readonly image: string | null;
  /** The mlp version, for built-in steps only (their implementation is the toolchain's). */
  readonly runtime: string | null;
}

/** Deterministic JSON: object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** `crypto.hash` (Node >= 20.12): a one-shot digest, several times cheaper than a Hash object for short strings. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;

/** sha256 hex of a string. */
export function sha256(text: string): string {
  return oneShot !== undefined ? oneShot("sha256", text) : crypto.createHash("sha256").update(text).digest("hex");
}

/**
 * Hash of the parts of a step definition that determine its outputs. The object is built here
 * with a fixed key order (and env sorted), so plain `JSON.stringify` is canonical and fast.
 */
export function definitionHash(step: IrStep): string {
  return sha256(
    JSON.stringify([
      step.builtin ?? null,
      step.run?.parts.map((p) => (p.kind === "text" ? ["t", p.text] : [p.kind, p.name])) ?? null,
      step.workingDir,
      step.inputs.map((i) => [i.name, typeKey(i.type), i.binding.kind]),
      step.outputs.map((o) => [o.name, typeKey(o.type)]),
      step.metrics.map((m) => [m.name, m.type.kind]),
      Object.keys(step.env)
        .sort()
        .map((k) => [k, step.env[k]]),
      step.secrets,
    ]),
  );
}

function typeKey(t: { readonly kind: string; readonly schema?: string; readonly optional?: boolean }): string {
  return `${t.kind}${t.schema !== undefined ? `<${t.schema}>` : ""}${t.optional ? "?" : ""}`;
}

/** Canonical JSON of key parts (fixed key order; maps are built in a deterministic order). */
export function partsJson(parts: KeyParts): string {
  return JSON.stringify({
    definition: parts.definition,
    args: parts.args,
    inputs: parts.inputs,
    code: parts.code,
    image: parts.image,
    runtime: parts.runtime,
  });
}

/** The cache key for a set of parts. */
export function cacheKey(parts: KeyParts): string {
  return sha256(partsJson(parts));
}

/** Human reasons why `now` differs from `before` (empty when they are equal). */
export function explainChange(
  before: KeyParts,
  now: KeyParts,
  describeInput: (name: string) => string,
  describeArg: (name: string) => string,
): string[] {
  const reasons: string[] = [];
  if (before.definition !== now.definition) reasons.push("step definition changed");
  if (before.image !== now.image) reasons.push(`image changed (${before.image ?? "none"} -> ${now.image ?? "none"})`);
  if (before.runtime !== now.runtime) reasons.push(`mlp runtime changed (${before.runtime ?? "none"} -> ${now.runtime ?? "none"})`);
  for (const name of union(before.args, now.args)) {
    const a = canonicalJson(before.args[name]);
    const b = canonicalJson(now.args[name]);
    if (a !== b) reasons.push(`${describeArg(name)} changed (${a} -> ${b})`);
  }
  for (const name of union(before.inputs, now.inputs)) {
    if (before.inputs[name] !== now.inputs[name]) reasons.push(`${describeInput(name)} changed`);
  }
  for (const path of union(before.code, now.code)) {
    if (!(path in before.code)) reasons.push(`code file \`${path}\` added`);
    else if (!(path in now.code)) reasons.push(`code file \`${path}\` removed`);
    else if (before.code[path] !== now.code[path]) reasons.push(`code file \`${path}\` changed`);
  }
  return reasons;
}

function union(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}
