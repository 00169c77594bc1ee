/**
 * What a written type means (language reference, "Types"): a built-in name, `Table<Schema>` with a
 * visible schema, `T?` on params only, and a kind that fits its place (`TypeSlot`). The
 * declarations phase calls `interpretType` silently and records each reference that is `error`,
 * with its place, in `CheckContext.typeErrors`; the rule `valid-type-references` interprets those
 * again with a reporter (MLP2005, MLP3007).
 */
import type { Identifier, TypeRef } from "../syntax/ast.js";
import type { CheckContext } from "./context.js";
import type { GlobalSymbol } from "./program.js";
import type { Report } from "./report.js";
import { suggestionHelp } from "./suggest.js";
import { ARTIFACT_KINDS, BUILTIN_TYPE_NAMES, namedType, T_ERROR, VALUE_KINDS, type Ty } from "./types.js";

/** What a declared type may be, by position. */
export type TypeSlot = "value" | "param" | "artifact" | "any" | "metric" | "column";

const SLOT_WORDS: Record<TypeSlot, string> = {
  value: "a value type (`int`, `float`, `string`, `bool`, `duration`)",
  param: "a value type (`int`, `float`, `string`, `bool`, `duration`)",
  artifact: "an artifact type (`Table`, `Table<Schema>`, `File`, `Dir`, `Model`)",
  any: "a type",
  metric: "`int`, `float` or `bool`",
  column: "a value type (`int`, `float`, `string`, `bool`, `duration`)",
};

/**
 * The type `ref` (written in `file`, in place `slot`) denotes, or `error`; the reason for `error`
 * goes to `report` when one is given (MLP2005 unknown names, MLP3007 misplaced types).
 */
export function interpretType(ctx: CheckContext, ref: TypeRef, file: string, slot: TypeSlot, report: Report | undefined): Ty {
  const name = ref.name.name;
  const visible = ctx.analysis.visible.get(file) ?? new Set<string>();
  const global = ctx.analysis.globals.get(name);
  if (name === "list" && global === undefined) return listType(ref, slot, report);
  if (!BUILTIN_TYPE_NAMES.includes(name)) {
    if (global?.kind === "schema" && visible.has(name)) {
      report?.("MLP3007", `\`${name}\` is a schema, not a type`, ref.span, {
        help: [`a table with this schema is written \`Table<${name}>\``],
      });
      return T_ERROR;
    }
    if (report) unknownType(ctx, ref.name, file, [...BUILTIN_TYPE_NAMES], report);
    return T_ERROR;
  }
  if (ref.optional && slot !== "param") {
    report?.("MLP3007", `only a param can have an optional type`, ref.span, {
      notes: ["a param declared `T?` may be left unset; `deployed(ENV).metric` is the only other optional value"],
      help: [`write \`${name}\` without \`?\``],
    });
    return T_ERROR;
  }
  let t: Ty;
  if (name === "Table") {
    if (ref.args.length > 1) {
      report?.("MLP3007", `\`Table\` takes one schema, found ${ref.args.length}`, ref.span);
      return T_ERROR;
    }
    const arg = ref.args[0];
    if (arg === undefined) t = namedType("Table")!;
    else {
      const argName = arg.name.name;
      const argSym = ctx.analysis.globals.get(argName);
      if (argSym?.kind === "schema" && visible.has(argName) && arg.args.length === 0 && !arg.optional) {
        t = ctx.tableType(argName);
      } else if (argSym?.kind === "schema" || BUILTIN_TYPE_NAMES.includes(argName)) {
        if (argSym?.kind === "schema" && !visible.has(argName)) {
          if (report) unknownType(ctx, arg.name, file, [], report);
          return T_ERROR;
        }
        report?.("MLP3007", `\`Table<…>\` takes a schema name, found \`${argName}\``, arg.span, {
          help: ["declare the columns with `schema NAME { column: TYPE … }` and write `Table<NAME>`"],
        });
        return T_ERROR;
      } else {
        if (report) unknownType(ctx, arg.name, file, [], report);
        return T_ERROR;
      }
    }
  } else {
    if (ref.args.length > 0) {
      report?.("MLP3007", `\`${name}\` takes no type arguments`, ref.span, { help: [`write \`${name}\``] });
      return T_ERROR;
    }
    t = namedType(name)!;
  }
  const ok =
    slot === "any" ||
    (slot === "artifact" && ARTIFACT_KINDS.has(t.kind)) ||
    ((slot === "value" || slot === "param" || slot === "column") && VALUE_KINDS.has(t.kind)) ||
    (slot === "metric" && (t.kind === "int" || t.kind === "float" || t.kind === "bool"));
  if (!ok) {
    report?.("MLP3007", `expected ${SLOT_WORDS[slot]}, found \`${name}\``, ref.span, {
      notes: slotNote(slot),
    });
    return T_ERROR;
  }
  return ref.optional ? namedType(t.kind, true)! : t;
}

/** `list<int>` (and `float`, `string`, `bool`): a param's type, the values a sweep can go `over`. */
function listType(ref: TypeRef, slot: TypeSlot, report: Report | undefined): Ty {
  const arg = ref.args[0];
  const element = arg === undefined || ref.args.length > 1 || arg.args.length > 0 || arg.optional ? undefined : namedType(arg.name.name);
  if (element === undefined || !LIST_ELEMENTS.has(element.kind)) {
    report?.("MLP3007", "`list<…>` takes one of `int`, `float`, `string` or `bool`", ref.span, { help: ["for example `list<int>`"] });
    return T_ERROR;
  }
  if (slot !== "param" || ref.optional) {
    report?.("MLP3007", ref.optional ? "a `list<…>` param cannot be optional" : "only a param can have a `list<…>` type", ref.span, {
      notes: ["a list param gives the values a sweep goes `over`: `over depth: depths`"],
    });
    return T_ERROR;
  }
  return { kind: "list", element };
}

const LIST_ELEMENTS: ReadonlySet<string> = new Set(["int", "float", "string", "bool"]);

function slotNote(slot: TypeSlot): string[] {
  switch (slot) {
    case "artifact":
      return ["outputs and datasets are files; values are passed as params or inputs"];
    case "metric":
      return ["metrics are numbers or booleans that gates can compare"];
    case "param":
      return ["params are values; data comes in through datasets"];
    default:
      return [];
  }
}

function unknownType(ctx: CheckContext, name: Identifier, file: string, builtins: string[], report: Report): void {
  const visible = ctx.analysis.visible.get(file) ?? new Set<string>();
  const schemas = [...visible].filter((n) => ctx.analysis.globals.get(n)?.kind === "schema");
  const help = suggestionHelp(name.name, [...builtins, ...schemas]);
  const sym = ctx.analysis.globals.get(name.name);
  if (sym !== undefined && !visible.has(name.name)) help.push(importHelp(file, sym));
  report("MLP2005", `unknown type \`${name.name}\``, name.span, { help });
}

/** "add `import "./x.mlp"`" for a name declared in a file that `file` does not import. */
export function importHelp(file: string, sym: GlobalSymbol): string {
  return `\`${sym.name}\` is declared in \`${relativeImport(file, sym.file)}\`; add \`import "${relativeImport(file, sym.file)}"\``;
}

function relativeImport(from: string, to: string): string {
  const a = from.split("/").slice(0, -1);
  const b = to.split("/");
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const ups = a.length - i;
  const rest = b.slice(i).join("/");
  return ups === 0 ? `./${rest}` : `${"../".repeat(ups)}${rest}`;
}
