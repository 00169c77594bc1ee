/**
 * The checker's type representation and the assignability rules of the language reference
 * (docs/language.md, "Types"): value types, artifact types, `Table<Schema>` column subtyping and
 * optional values. `error` is a poison type: once an expression is ill-typed it takes this type
 * and no further diagnostic is reported about it (one root cause, one diagnostic).
 */
import type { ValueTypeName } from "../ir/ir.js";

export type ValueKind = ValueTypeName;

/** A type as the checker sees it. */
export type Ty =
  | { readonly kind: ValueKind; readonly optional?: boolean }
  | { readonly kind: "Table"; readonly schema?: string }
  /** `optional` only on `Model`: `deployed(ENV).model`, absent when nothing is deployed to ENV. */
  | { readonly kind: "File" | "Dir" | "Model"; readonly optional?: boolean }
  /** `512Mi`: only meaningful as `resources.memory`. */
  | { readonly kind: "quantity" }
  /**
   * `[a, b]`: an option value (no `element`), a `list<int>` param or `over` values (`element` a
   * value type), or a `collect(…)` (`element` an artifact type: one entry per sweep point).
   */
  | { readonly kind: "list"; readonly element?: Ty }
  | { readonly kind: "error" };

export const VALUE_KINDS: ReadonlySet<string> = new Set(["int", "float", "string", "bool", "duration"]);
export const ARTIFACT_KINDS: ReadonlySet<string> = new Set(["Table", "File", "Dir", "Model"]);
/** Every built-in type name (schemas add more). */
export const BUILTIN_TYPE_NAMES: readonly string[] = ["int", "float", "string", "bool", "duration", "Table", "File", "Dir", "Model"];

export const T_INT: Ty = { kind: "int" };
export const T_FLOAT: Ty = { kind: "float" };
export const T_STRING: Ty = { kind: "string" };
export const T_BOOL: Ty = { kind: "bool" };
export const T_DURATION: Ty = { kind: "duration" };
export const T_ERROR: Ty = { kind: "error" };

/**
 * One shared object per built-in type written without arguments (`int`, `Table`, `Model`), and
 * per optional value type (`float?`): types are read-only, and a 10,000-step pipeline declares
 * tens of thousands of them.
 */
const NAMED_TYPES: ReadonlyMap<string, Ty> = new Map(BUILTIN_TYPE_NAMES.map((n) => [n, { kind: n } as Ty]));
const OPTIONAL_TYPES: ReadonlyMap<string, Ty> = new Map([...VALUE_KINDS].map((n) => [n, { kind: n, optional: true } as Ty]));

/** The shared type for the built-in type name `name` (see `BUILTIN_TYPE_NAMES`), `T?` when `optional` and `name` is a value type. */
export function namedType(name: string, optional = false): Ty | undefined {
  return optional ? OPTIONAL_TYPES.get(name) : NAMED_TYPES.get(name);
}

/** Column lists by schema name; assignability of `Table<S>` needs them. */
export type SchemaColumns = ReadonlyMap<string, ReadonlyMap<string, ValueKind>>;

export function isValue(t: Ty): t is { kind: ValueKind; optional?: boolean } {
  return VALUE_KINDS.has(t.kind);
}

export function isArtifact(t: Ty): boolean {
  return ARTIFACT_KINDS.has(t.kind);
}

export function isOptional(t: Ty): boolean {
  return (isValue(t) || t.kind === "Model") && t.optional === true;
}

export function isNumeric(t: Ty): boolean {
  return t.kind === "int" || t.kind === "float";
}

/** `T?` to `T`. */
export function required(t: Ty): Ty {
  return isOptional(t) ? { kind: (t as { kind: ValueKind | "Model" }).kind } : t;
}

export function optionalOf(t: Ty): Ty {
  return isValue(t) || t.kind === "Model" ? { kind: t.kind, optional: true } : t;
}

/** How a type is written in the language: `Table<Customers>`, `float?`. */
export function showType(t: Ty): string {
  switch (t.kind) {
    case "Table":
      return t.schema === undefined ? "Table" : `Table<${t.schema}>`;
    case "quantity":
      return "quantity";
    case "list":
      return t.element === undefined ? "list" : isArtifact(t.element) ? `List<${showType(t.element)}>` : `list<${showType(t.element)}>`;
    case "error":
      return "{error}";
    default:
      return isOptional(t) ? `${t.kind}?` : t.kind;
  }
}

/** Why a `Table<S>` is not a `Table<T>`: the first missing or differently typed column. */
export interface ColumnMismatch {
  readonly column: string;
  readonly expected: ValueKind;
  readonly found?: ValueKind;
}

/**
 * Whether a value of type `from` is accepted where `to` is expected. `int` widens to `float`;
 * `Table<S>` is accepted as `Table` and as `Table<T>` when S has every column of T with the same
 * type; a `T?` is never accepted where a `T` is expected (use `??`). `error` is accepted anywhere.
 */
export function assignable(from: Ty, to: Ty, schemas: SchemaColumns): boolean {
  return assignability(from, to, schemas) === true;
}

/** Like `assignable`, but explains a failed `Table` subtyping with the first column at fault. */
export function assignability(from: Ty, to: Ty, schemas: SchemaColumns): true | false | ColumnMismatch {
  if (from.kind === "error" || to.kind === "error") return true;
  if (isValue(from) && isValue(to)) {
    if (from.optional && !to.optional) return false;
    if (from.kind === to.kind) return true;
    return from.kind === "int" && to.kind === "float";
  }
  if (from.kind === "Table" && to.kind === "Table") {
    if (to.schema === undefined) return true;
    if (from.schema === undefined) return false;
    if (from.schema === to.schema) return true;
    const want = schemas.get(to.schema);
    const have = schemas.get(from.schema);
    if (want === undefined || have === undefined) return true; // an unknown schema was already reported
    for (const [column, type] of want) {
      const found = have.get(column);
      if (found !== type) return found === undefined ? { column, expected: type } : { column, expected: type, found };
    }
    return true;
  }
  if (from.kind === "list" && to.kind === "list") {
    if (to.element === undefined || from.element === undefined) return true;
    return assignability(from.element, to.element, schemas) === true;
  }
  return from.kind === to.kind;
}

/** The type of `a ?? b` and of `if`-less joins: the wider of two numeric types, else `a`'s. */
export function joinNumeric(a: Ty, b: Ty): Ty {
  if (a.kind === "float" || b.kind === "float") return T_FLOAT;
  return T_INT;
}
