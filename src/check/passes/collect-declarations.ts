/**
 * Declarations are unique and their types exist (language reference, "Declarations" and
 * "Types"). Builds the program-wide namespace (schemas, components, pipelines), each pipeline's
 * namespace (params, secrets, datasets, steps, gates, deploys), schema columns, declared types,
 * and every step's signature (its outputs and metrics, and for calls the inputs it takes).
 */
import type {
  ComponentDecl,
  DeployMember,
  Expr,
  Identifier,
  InputEntry,
  KeyValue,
  PipelineDecl,
  StepDecl,
  StepMember,
  TypeRef,
  TypedEntry,
} from "../../syntax/ast.js";
import type { Span } from "../../source/span.js";
import { STD_BUILTINS } from "../../std/signatures.js";
import type { CheckContext } from "../context.js";
import type { GlobalSymbol, MemberSymbol, PipelineScope, Port, StepSignature } from "../program.js";
import { suggestionHelp } from "../suggest.js";
import { ARTIFACT_KINDS, BUILTIN_TYPE_NAMES, namedType, T_ERROR, VALUE_KINDS, type Ty, type ValueKind } from "../types.js";
import { refText } from "../walk.js";

/** What a declared type may be, by position. */
type TypeSlot = "value" | "param" | "artifact" | "any" | "metric" | "column";

const SLOT_WORDS: Record<TypeSlot, string> = {
  value: "a value type (`int`, `float`, `string`, `bool`, `duration`)",
  param: "a value type (`int`, `float`, `string`, `bool`, `duration`)",
  artifact: "an artifact type (`Table`, `Table<Schema>`, `File`, `Dir`, `Model`)",
  any: "a type",
  metric: "`int`, `float` or `bool`",
  column: "a value type (`int`, `float`, `string`, `bool`, `duration`)",
};

const MEMBER_WORD: Record<MemberSymbol["kind"], string> = {
  param: "param",
  secret: "secret",
  dataset: "dataset",
  step: "step",
  gate: "gate",
  deploy: "deploy",
};

/** Words for the step members that may appear at most once. */
const SINGLE_STEP_MEMBERS: Partial<Record<StepMember["kind"], string>> = {
  Description: "description",
  Inputs: "inputs",
  Outputs: "outputs",
  Metrics: "metrics",
  Run: "run",
  Image: "image",
  Code: "code",
  Env: "env",
  Secrets: "secrets",
  Resources: "resources",
  Retry: "retry",
  Timeout: "timeout",
  Cache: "cache",
};

/**
 * One bit per kind in SINGLE_STEP_MEMBERS (0 for the other kinds), to note which were seen in
 * a step without a map. A switch: it runs for every member of every step.
 */
function singleBit(kind: StepMember["kind"]): number {
  switch (kind) {
    case "Description":
      return 1 << 0;
    case "Inputs":
      return 1 << 1;
    case "Outputs":
      return 1 << 2;
    case "Metrics":
      return 1 << 3;
    case "Run":
      return 1 << 4;
    case "Image":
      return 1 << 5;
    case "Code":
      return 1 << 6;
    case "Env":
      return 1 << 7;
    case "Secrets":
      return 1 << 8;
    case "Resources":
      return 1 << 9;
    case "Retry":
      return 1 << 10;
    case "Timeout":
      return 1 << 11;
    case "Cache":
      return 1 << 12;
    default:
      return 0;
  }
}

const RESOURCE_KEYS = ["cpu", "memory", "gpu"];

export function collectDeclarations(ctx: CheckContext): void {
  collectGlobals(ctx);
  collectSchemas(ctx);
  const componentSigs = new Map<ComponentDecl, StepSignature>();
  for (const sym of ctx.analysis.globals.values()) {
    if (sym.kind === "component") componentSigs.set(sym.decl, componentSignature(ctx, sym.decl, sym.file));
  }
  for (const file of ctx.files()) {
    for (const decl of file.ast.declarations) {
      if (decl.kind === "Pipeline") collectPipeline(ctx, decl, file.path, componentSigs);
    }
  }
}

function duplicate(ctx: CheckContext, what: string, name: Identifier, first: Span): void {
  ctx.error("MLP2003", `duplicate ${what} \`${name.name}\``, name.span, {
    label: `\`${name.name}\` declared again here`,
    labels: [{ span: first, message: `first declared here` }],
    help: [`rename one of them; names must be unique`],
  });
}

function collectGlobals(ctx: CheckContext): void {
  const { globals, visible } = ctx.analysis;
  const declaredIn = new Map<string, string[]>();
  for (const file of ctx.files()) {
    const names: string[] = [];
    declaredIn.set(file.path, names);
    for (const decl of file.ast.declarations) {
      if (decl.kind === "Import") continue;
      const name = decl.name;
      const prev = globals.get(name.name);
      if (prev !== undefined) {
        duplicate(ctx, `top-level name`, name, prev.decl.name.span);
        ctx.analysis.duplicatedGlobals.add(name.name);
        continue;
      }
      const kind = decl.kind === "Schema" ? "schema" : decl.kind === "Component" ? "component" : "pipeline";
      globals.set(name.name, { kind, name: name.name, decl, file: file.path } as GlobalSymbol);
      names.push(name.name);
    }
  }
  for (const file of ctx.files()) {
    const set = new Set(declaredIn.get(file.path));
    for (const imp of file.imports) for (const n of declaredIn.get(imp.path) ?? []) set.add(n);
    visible.set(file.path, set);
  }
}

function collectSchemas(ctx: CheckContext): void {
  for (const sym of ctx.analysis.globals.values()) {
    if (sym.kind !== "schema") continue;
    const columns = new Map<string, ValueKind>();
    const seen = new Map<string, Span>();
    for (const field of sym.decl.fields) {
      const first = seen.get(field.name.name);
      if (first !== undefined) {
        ctx.error("MLP2011", `duplicate column \`${field.name.name}\` in schema \`${sym.name}\``, field.name.span, {
          labels: [{ span: first, message: "first declared here" }],
        });
        continue;
      }
      seen.set(field.name.name, field.name.span);
      const t = resolveType(ctx, field.type, sym.file, "column");
      if (VALUE_KINDS.has(t.kind)) columns.set(field.name.name, t.kind as ValueKind);
    }
    ctx.analysis.schemaColumns.set(sym.name, columns);
  }
}

/**
 * Resolves a written type in the context of `file`. Reports unknown names (MLP2005) and types
 * that are not allowed in this position (MLP3007); returns `error` then.
 */
export function resolveType(ctx: CheckContext, ref: TypeRef, file: string, slot: TypeSlot): Ty {
  const t = resolveTypeInner(ctx, ref, file, slot);
  ctx.analysis.declaredTypes.set(ref, t);
  return t;
}

function resolveTypeInner(ctx: CheckContext, ref: TypeRef, file: string, slot: TypeSlot): Ty {
  const name = ref.name.name;
  const visible = ctx.analysis.visible.get(file) ?? new Set<string>();
  const global = ctx.analysis.globals.get(name);
  if (!BUILTIN_TYPE_NAMES.includes(name)) {
    if (global?.kind === "schema" && visible.has(name)) {
      ctx.error("MLP3007", `\`${name}\` is a schema, not a type`, ref.span, {
        help: [`a table with this schema is written \`Table<${name}>\``],
      });
      return T_ERROR;
    }
    unknownType(ctx, ref.name, file, [...BUILTIN_TYPE_NAMES]);
    return T_ERROR;
  }
  if (ref.optional && slot !== "param") {
    ctx.error("MLP3007", `only a param can have an optional type`, ref.span, {
      notes: ["a param declared `T?` may be left unset; `deployed(ENV).metric` is the only other optional value"],
      help: [`write \`${name}\` without \`?\``],
    });
    return T_ERROR;
  }
  let t: Ty;
  if (name === "Table") {
    if (ref.args.length > 1) {
      ctx.error("MLP3007", `\`Table\` takes one schema, found ${ref.args.length}`, ref.span);
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
          unknownType(ctx, arg.name, file, []);
          return T_ERROR;
        }
        ctx.error("MLP3007", `\`Table<…>\` takes a schema name, found \`${argName}\``, arg.span, {
          help: ["declare the columns with `schema NAME { column: TYPE … }` and write `Table<NAME>`"],
        });
        return T_ERROR;
      } else {
        unknownType(ctx, arg.name, file, []);
        return T_ERROR;
      }
    }
  } else {
    if (ref.args.length > 0) {
      ctx.error("MLP3007", `\`${name}\` takes no type arguments`, ref.span, { help: [`write \`${name}\``] });
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
    ctx.error("MLP3007", `expected ${SLOT_WORDS[slot]}, found \`${name}\``, ref.span, {
      notes: slotNote(slot),
    });
    return T_ERROR;
  }
  return ref.optional ? namedType(t.kind, true)! : t;
}

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

function unknownType(ctx: CheckContext, name: Identifier, file: string, builtins: string[]): void {
  const visible = ctx.analysis.visible.get(file) ?? new Set<string>();
  const schemas = [...visible].filter((n) => ctx.analysis.globals.get(n)?.kind === "schema");
  const help = suggestionHelp(name.name, [...builtins, ...schemas]);
  const sym = ctx.analysis.globals.get(name.name);
  if (sym !== undefined && !visible.has(name.name)) help.push(importHelp(ctx, file, sym));
  ctx.error("MLP2005", `unknown type \`${name.name}\``, name.span, { help });
}

/** "add `import "./x.mlp"`" for a name declared in a file that `file` does not import. */
export function importHelp(ctx: CheckContext, file: string, sym: GlobalSymbol): string {
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

/**
 * Ports from `outputs {}` and `metrics {}` into the (empty) `outputs` and `metrics`: one
 * namespace, duplicates reported. (Indexed loops, no per-step closures or maps: this runs for
 * every step, and an iterator in cold code allocates per element.)
 */
function collectPorts(
  ctx: CheckContext,
  members: readonly StepMember[],
  file: string,
  outputs: Map<string, Port>,
  metrics: Map<string, Port>,
): void {
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.kind !== "Outputs" && m.kind !== "Metrics") continue;
    const isOutput = m.kind === "Outputs";
    const entries = m.entries;
    for (let j = 0; j < entries.length; j++) addPort(ctx, entries[j]!, file, outputs, metrics, isOutput);
  }
}

/** Adds one port to `outputs` (or `metrics`), unless its name is taken in either. */
function addPort(ctx: CheckContext, entry: TypedEntry, file: string, outputs: Map<string, Port>, metrics: Map<string, Port>, isOutput: boolean): void {
  const name = entry.name.name;
  // the two maps hold exactly the names seen so far, each with the span it was first declared at
  const first = (outputs.get(name) ?? metrics.get(name))?.span;
  if (first !== undefined) {
    ctx.error("MLP2011", `duplicate ${isOutput ? "output" : "metric"} \`${name}\``, entry.name.span, {
      labels: [{ span: first, message: "first declared here" }],
      notes: ["a step's outputs and metrics share one namespace (`step.x` names either)"],
    });
    return;
  }
  (isOutput ? outputs : metrics).set(name, { name, type: resolveType(ctx, entry.type, file, isOutput ? "artifact" : "metric"), span: entry.name.span });
}

/**
 * Members that may appear once appear once; resources keys are known and unique; input names
 * are unique. `owner` is `step` or `component`, `name` its name (the words are only built for
 * a report). Runs for every step: no per-step maps; a repeat is found by scanning back.
 */
function checkMembers(ctx: CheckContext, members: readonly StepMember[], owner: "step" | "component", name: string): void {
  let seen = 0; // bits from singleBit
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const bit = singleBit(m.kind);
    if (bit !== 0) {
      if ((seen & bit) === 0) seen |= bit;
      else {
        const word = SINGLE_STEP_MEMBERS[m.kind]!;
        let first = 0;
        while (members[first]!.kind !== m.kind) first++;
        ctx.error("MLP2011", `duplicate \`${word}\` in ${owner} \`${name}\``, memberKeywordSpan(m.span, word), {
          labels: [{ span: memberKeywordSpan(members[first]!.span, word), message: "first written here" }],
          help: [`merge the two \`${word}\` members into one`],
        });
      }
    }
    if (m.kind === "Inputs") checkInputNames(ctx, m.entries);
    if (m.kind === "Resources") checkKeys(ctx, m.entries, "resource", RESOURCE_KEYS);
    if (m.kind === "Env") checkKeys(ctx, m.entries, "environment variable", undefined);
  }
}

/** Above this many entries, repeats are found with a map instead of scanning back. */
const SCAN_LIMIT = 16;

/** Input names of one `inputs { … }` block are unique. */
function checkInputNames(ctx: CheckContext, entries: readonly InputEntry[]): void {
  const names = entries.length > SCAN_LIMIT ? new Map<string, Span>() : undefined;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    let first: Span | undefined;
    if (names !== undefined) {
      first = names.get(e.name.name);
      if (first === undefined) names.set(e.name.name, e.name.span);
    } else {
      for (let j = 0; j < i; j++) {
        if (entries[j]!.name.name === e.name.name) {
          first = entries[j]!.name.span;
          break;
        }
      }
    }
    if (first !== undefined)
      ctx.error("MLP2011", `duplicate input \`${e.name.name}\``, e.name.span, { labels: [{ span: first, message: "first declared here" }] });
  }
}

/** The span of a member's leading keyword (`run`, `image`): the member span cut to the word. */
function memberKeywordSpan(span: Span, word: string): Span {
  return {
    file: span.file,
    start: span.start,
    end: { offset: span.start.offset + word.length, line: span.start.line, column: span.start.column + word.length },
  };
}

/** Keys of a `{ key: value }` block are unique (and, when `known` is given, one of `known`). */
export function checkKeys(ctx: CheckContext, entries: readonly KeyValue[], what: string, known: readonly string[] | undefined): void {
  const seen = entries.length > SCAN_LIMIT ? new Map<string, Span>() : undefined;
  for (let i = 0; i < entries.length; i++) {
    const kv = entries[i]!;
    const k = kv.key.name;
    if (known !== undefined && !known.includes(k)) {
      ctx.error("MLP2013", `unknown ${what} \`${k}\``, kv.key.span, {
        notes: [`the ${what}s are ${known.map((x) => `\`${x}\``).join(", ")}`],
        help: suggestionHelp(k, known),
      });
      continue;
    }
    let first: Span | undefined;
    if (seen !== undefined) {
      first = seen.get(k);
      if (first === undefined) seen.set(k, kv.key.span);
    } else {
      // an earlier entry with this key is known too (same key), so it was the first one set
      for (let j = 0; j < i; j++) {
        if (entries[j]!.key.name === k) {
          first = entries[j]!.key.span;
          break;
        }
      }
    }
    if (first !== undefined) ctx.error("MLP2011", `duplicate ${what} \`${k}\``, kv.key.span, { labels: [{ span: first, message: "first set here" }] });
  }
}

function componentSignature(ctx: CheckContext, decl: ComponentDecl, file: string): StepSignature {
  checkMembers(ctx, decl.members, "component", decl.name.name);
  const params = new Map<string, Port>();
  for (const m of decl.members) {
    if (m.kind !== "Inputs") continue;
    for (const e of m.entries) {
      if (params.has(e.name.name)) continue;
      if (e.type === undefined) continue; // the parser requires a type here
      const type = resolveType(ctx, e.type, file, "any");
      params.set(e.name.name, { name: e.name.name, type, span: e.name.span, ...(e.value !== undefined ? { default: e.value } : {}) });
    }
  }
  const outputs = new Map<string, Port>();
  const metrics = new Map<string, Port>();
  collectPorts(ctx, decl.members, file, outputs, metrics);
  return { form: "component", component: decl.name.name, componentDecl: decl, membersFile: file, members: decl.members, params, outputs, metrics };
}

function collectPipeline(ctx: CheckContext, decl: PipelineDecl, file: string, componentSigs: Map<ComponentDecl, StepSignature>): void {
  const scope: PipelineScope = { name: decl.name.name, decl, file, members: new Map(), metricIndex: new Map(), duplicated: new Set() };
  ctx.analysis.pipelines.set(decl, scope);
  const members = scope.members;
  let index = 0;
  const singles = new Map<string, Span>();
  const targets = new Map<string, Span>();
  const stdSteps: { sym: Extract<MemberSymbol, { kind: "step" }>; builtin: string }[] = [];
  /** The step symbols in `members`, in order. */
  const steps: Extract<MemberSymbol, { kind: "step" }>[] = [];
  const decls = decl.members;
  for (let i = 0; i < decls.length; i++) {
    const m = decls[i]!;
    let sym: MemberSymbol | undefined;
    switch (m.kind) {
      case "Param":
        sym = { kind: "param", name: m.name.name, decl: m, type: resolveType(ctx, m.type, file, "param") };
        break;
      case "Secret":
        sym = { kind: "secret", name: m.name.name, decl: m };
        break;
      case "Dataset":
        sym = { kind: "dataset", name: m.name.name, decl: m, type: resolveType(ctx, m.type, file, "artifact") };
        break;
      case "Step": {
        const s = stepSignature(ctx, m, file, componentSigs);
        sym = { kind: "step", name: m.name.name, decl: m, sig: s.sig, index: index++ };
        if (s.builtin !== undefined) stdSteps.push({ sym, builtin: s.builtin });
        break;
      }
      case "Gate":
        sym = { kind: "gate", name: m.name.name, decl: m, index: index++ };
        break;
      case "Deploy":
        sym = { kind: "deploy", name: m.env.name, decl: m, index: index++ };
        checkDeployMembers(ctx, m.members);
        break;
      case "Description":
      case "Schedule": {
        const word = m.kind === "Description" ? "description" : "schedule";
        const first = singles.get(word);
        if (first !== undefined)
          ctx.error("MLP2011", `duplicate \`${word}\` in pipeline \`${decl.name.name}\``, memberKeywordSpan(m.span, word), {
            labels: [{ span: first, message: "first written here" }],
          });
        else singles.set(word, memberKeywordSpan(m.span, word));
        break;
      }
      case "Target": {
        const first = targets.get(m.name.name);
        if (first !== undefined)
          ctx.error("MLP2011", `duplicate \`target ${m.name.name}\` block`, m.name.span, {
            labels: [{ span: first, message: "first written here" }],
            help: ["merge the options into one block"],
          });
        else targets.set(m.name.name, m.name.span);
        checkKeys(ctx, m.options, "option", undefined);
        break;
      }
      default:
        break;
    }
    if (sym === undefined) continue;
    const nameNode = sym.kind === "deploy" ? sym.decl.env : sym.decl.name;
    const prev = members.get(sym.name);
    if (prev !== undefined) {
      const prevNode = prev.kind === "deploy" ? prev.decl.env : prev.decl.name;
      scope.duplicated.add(sym.name);
      ctx.error("MLP2003", `duplicate name \`${sym.name}\` in pipeline \`${decl.name.name}\``, nameNode.span, {
        label: `${MEMBER_WORD[sym.kind]} \`${sym.name}\` declared here`,
        labels: [{ span: prevNode.span, message: `${MEMBER_WORD[prev.kind]} \`${sym.name}\` first declared here` }],
        notes: ["params, secrets, datasets, steps, gates and deploys share one namespace per pipeline"],
        help: ["rename one of them"],
      });
      continue;
    }
    members.set(sym.name, sym);
    if (sym.kind === "step") steps.push(sym);
  }
  // `std.*` per-column metrics need the table's schema, known from datasets and other steps' outputs.
  for (const { sym, builtin } of stdSteps) sym.sig = stdSignature(ctx, sym.decl, file, builtin, scope);
  for (let i = 0; i < steps.length; i++) {
    const sym = steps[i]!;
    for (const port of sym.sig.metrics.values()) {
      if (!scope.metricIndex.has(port.name)) scope.metricIndex.set(port.name, { step: sym.name, port });
    }
  }
}

function checkDeployMembers(ctx: CheckContext, members: readonly DeployMember[]): void {
  const seen = new Map<string, Span>();
  for (const m of members) {
    const word = m.kind === "DeployModel" ? "model" : m.kind === "Approval" ? "approval" : m.kind === "DeployTo" ? "to" : m.kind === "Secrets" ? "secrets" : undefined;
    if (word === undefined) continue;
    const first = seen.get(word);
    if (first !== undefined)
      ctx.error("MLP2011", `duplicate \`${word}\` in deploy`, memberKeywordSpan(m.span, word), {
        labels: [{ span: first, message: "first written here" }],
      });
    else seen.set(word, memberKeywordSpan(m.span, word));
    if (m.kind === "DeployTo") checkKeys(ctx, m.options, "option", undefined);
  }
}

const EMPTY_PORTS: ReadonlyMap<string, Port> = new Map();

function stepSignature(
  ctx: CheckContext,
  step: StepDecl,
  file: string,
  componentSigs: Map<ComponentDecl, StepSignature>,
): { sig: StepSignature; builtin?: string } {
  if (step.call === undefined) {
    const members = step.members ?? [];
    checkMembers(ctx, members, "step", step.name.name);
    const outputs = new Map<string, Port>();
    const metrics = new Map<string, Port>();
    collectPorts(ctx, members, file, outputs, metrics);
    return { sig: { form: "body", membersFile: file, members, params: EMPTY_PORTS, outputs, metrics } };
  }
  const callee = step.call.callee;
  const unresolved: StepSignature = { form: "component", unresolved: true, membersFile: file, members: [], params: EMPTY_PORTS, outputs: EMPTY_PORTS, metrics: EMPTY_PORTS };
  const path = callee.path;
  if (path.length === 2 && path[0]!.name === "std") {
    const name = path[1]!.name;
    if (STD_BUILTINS[name] !== undefined) return { sig: unresolved, builtin: name };
    ctx.error("MLP2006", `unknown built-in component \`std.${name}\``, path[1]!.span, {
      notes: [`the built-ins are ${Object.keys(STD_BUILTINS).map((n) => `\`std.${n}\``).join(", ")}`],
      help: suggestionHelp(name, Object.keys(STD_BUILTINS)).map((h) => h.replace("`", "`std.")),
    });
    return { sig: unresolved };
  }
  if (path.length !== 1) {
    ctx.error("MLP2006", `unknown component \`${refText(callee)}\``, callee.span, {
      notes: ["a component is named by a single identifier, or `std.NAME` for a built-in"],
    });
    return { sig: unresolved };
  }
  const name = path[0]!;
  const sym = ctx.analysis.globals.get(name.name);
  const visible = ctx.analysis.visible.get(file) ?? new Set<string>();
  if (sym?.kind === "component" && visible.has(name.name)) {
    // which of two same-named components was meant is unknown: do not check the call against either
    if (ctx.analysis.duplicatedGlobals.has(name.name)) return { sig: unresolved };
    return { sig: componentSigs.get(sym.decl)! };
  }
  if (sym !== undefined && visible.has(name.name)) {
    ctx.error("MLP3006", `\`${name.name}\` is a ${sym.kind}, not a component`, name.span, {
      notes: ["`step NAME = COMPONENT(…)` calls a component declared with `component NAME { … }`"],
    });
    return { sig: unresolved };
  }
  const candidates = [...visible].filter((n) => ctx.analysis.globals.get(n)?.kind === "component");
  const help = suggestionHelp(name.name, candidates);
  if (sym?.kind === "component") help.push(importHelp(ctx, file, sym));
  ctx.error("MLP2006", `unknown component \`${name.name}\``, name.span, { label: "no component of this name is visible here", help });
  return { sig: unresolved };
}

/** A `std.*` step's signature; per-column metrics when the first `Table` argument's schema is known. */
function stdSignature(ctx: CheckContext, step: StepDecl, file: string, builtin: string, scope: PipelineScope): StepSignature {
  const b = STD_BUILTINS[builtin]!;
  const params = new Map<string, Port>();
  const span = step.call!.callee.span;
  for (const input of b.inputs) {
    params.set(input.name, {
      name: input.name,
      type: { kind: input.type } as Ty,
      span,
      ...(input.default !== undefined ? { builtinDefault: input.default } : {}),
    });
  }
  const outputs = new Map<string, Port>();
  for (const o of b.outputs) outputs.set(o.name, { name: o.name, type: { kind: o.type }, span });
  const metrics = new Map<string, Port>();
  for (const m of b.metrics) metrics.set(m.name, { name: m.name, type: { kind: m.type }, span });
  let columnsKnown = false;
  const firstTable = b.inputs.find((i) => i.type === "Table");
  const arg = firstTable === undefined ? undefined : step.call!.args.find((a) => a.name.name === firstTable.name);
  const schema = arg === undefined ? undefined : tableSchemaOf(arg.value, scope);
  const columns = schema === undefined ? undefined : ctx.analysis.schemaColumns.get(schema);
  if (columns !== undefined) {
    columnsKnown = true;
    for (const cm of b.columnMetrics) {
      for (const [col, type] of columns) {
        if (cm.numericOnly && type !== "int" && type !== "float") continue;
        const name = `${cm.prefix}_${col}`;
        if (!metrics.has(name)) metrics.set(name, { name, type: { kind: cm.type }, span });
      }
    }
  }
  return { form: "std", component: `std.${builtin}`, builtin, membersFile: file, members: [], params, outputs, metrics, columnsKnown };
}

/** The schema of a `Table<S>` reference to a dataset or a step output, when statically known. */
function tableSchemaOf(expr: Expr, scope: PipelineScope): string | undefined {
  let e = expr;
  while (e.kind === "Paren") e = e.expr;
  if (e.kind !== "Ref") return undefined;
  const first = scope.members.get(e.path[0]!.name);
  if (first === undefined) return undefined;
  let t: Ty | undefined;
  if (e.path.length === 1 && first.kind === "dataset") t = first.type;
  if (e.path.length === 2 && first.kind === "step") t = first.sig.outputs.get(e.path[1]!.name)?.type;
  return t?.kind === "Table" ? t.schema : undefined;
}
