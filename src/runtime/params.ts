/**
 * Run parameters: `-p name=value` strings checked and converted against the pipeline's `param`
 * declarations. Bad values are MLP7001-MLP7004 diagnostics pointing at the declaration.
 */
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrPipeline, IrValue } from "../ir/ir.js";

/** The resolved value of every parameter, by name. */
export type ParamValues = Readonly<Record<string, IrValue>>;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const DURATION_UNIT: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Parses one raw value as `kind`; `undefined` when it does not parse. */
export function parseParamValue(kind: string, raw: string): IrValue | undefined {
  switch (kind) {
    case "int":
      return /^[+-]?\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined;
    case "float": {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return undefined;
      const n = Number(raw);
      return Number.isFinite(n) ? n : undefined;
    }
    case "bool":
      return raw === "true" ? true : raw === "false" ? false : undefined;
    case "duration": {
      const m = DURATION.exec(raw);
      if (m) return Number(m[1]) * DURATION_UNIT[m[2]!]!;
      return /^\d+$/.test(raw) ? Number(raw) : undefined;
    }
    case "string":
      return raw;
    default:
      return undefined;
  }
}

/**
 * Parses a `list<…>` param's value: a JSON list (`[2, 4, 8]`, `["a", "b"]`) whose elements parse
 * as `element`; numbers may be written bare, strings must be JSON strings. A list feeds a sweep's
 * grid, so it may be neither empty nor hold one value twice.
 */
export function parseListParamValue(element: string, raw: string): IrValue[] | undefined {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: IrValue[] = [];
  for (const x of v) {
    const parsed = typeof x === "string" ? (element === "string" ? x : undefined) : parseParamValue(element, JSON.stringify(x));
    if (parsed === undefined || out.includes(parsed)) return undefined;
    out.push(parsed);
  }
  return out;
}

const EXAMPLE: Record<string, string> = { int: "42", float: "0.05", bool: "true", duration: "30s", string: "text" };

/** How a param's type is written in messages: `int`, `list<int>`. */
function typeText(t: IrPipeline["params"][number]["type"]): string {
  return t.kind === "list" ? `list<${t.element.kind}>` : t.kind;
}

/** A value of the param's type, for the help line. */
function example(t: IrPipeline["params"][number]["type"]): string {
  return t.kind === "list" ? `'[${EXAMPLE[t.element.kind] ?? "VALUE"}]'` : (EXAMPLE[t.kind] ?? "VALUE");
}

/** Checks `-p` assignments against the declarations and fills in defaults. */
export function resolveParams(
  pipeline: Pick<IrPipeline, "name" | "origin" | "params">,
  assignments: readonly string[],
): { values: ParamValues; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const given = new Map<string, string>();
  const byName = new Map(pipeline.params.map((p) => [p.name, p]));
  for (const a of assignments) {
    const eq = a.indexOf("=");
    if (eq <= 0) {
      diagnostics.push(
        diagnostic("MLP7004", "error", `\`-p ${a}\` is not of the form \`name=value\``, pipeline.origin, {
          help: ["write `-p name=value`, e.g. `-p learning_rate=0.1`"],
        }),
      );
      continue;
    }
    const name = a.slice(0, eq);
    const raw = a.slice(eq + 1);
    if (!byName.has(name)) {
      const known = pipeline.params.map((p) => `\`${p.name}\``).join(", ");
      diagnostics.push(
        diagnostic("MLP7002", "error", `pipeline \`${pipeline.name}\` has no parameter \`${name}\``, pipeline.origin, {
          notes: [known === "" ? "the pipeline declares no parameters" : `its parameters are ${known}`],
        }),
      );
      continue;
    }
    given.set(name, raw);
  }
  const values: Record<string, IrValue> = {};
  for (const p of pipeline.params) {
    const raw = given.get(p.name);
    if (raw === undefined) {
      if (p.default !== undefined) values[p.name] = p.default;
      // an optional param (`T?`) left unset is absent: expressions read it with `??`
      else if ("optional" in p.type && p.type.optional === true) continue;
      else
        diagnostics.push(
          diagnostic("MLP7003", "error", `parameter \`${p.name}\` has no default and was given no value`, p.origin, {
            help: [`pass it with \`-p ${p.name}=${example(p.type)}\``],
          }),
        );
      continue;
    }
    const v = p.type.kind === "list" ? parseListParamValue(p.type.element.kind, raw) : parseParamValue(p.type.kind, raw);
    if (v === undefined) {
      const t = typeText(p.type);
      diagnostics.push(
        diagnostic(
          "MLP7001",
          "error",
          `\`${JSON.stringify(raw).slice(1, -1)}\` is not a valid \`${t}\` for parameter \`${p.name}\``,
          p.origin,
          {
            label: `declared as \`${t}\` here`,
            ...(p.type.kind === "list" ? { notes: ["a list is written in JSON, with at least one value and no value twice"] } : {}),
            help: [`pass a value of type \`${t}\`, e.g. \`-p ${p.name}=${example(p.type)}\``],
          },
        ),
      );
      continue;
    }
    values[p.name] = v;
  }
  return { values, diagnostics };
}
