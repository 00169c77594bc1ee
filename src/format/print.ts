/**
 * The canonical printer behind `mlp fmt`: one style, no options (like gofmt). Two-space
 * indentation; one member per line; `{ … }` entry blocks and argument lists on one line when
 * they fit in 100 columns and hold no comment, else one entry per line; single spaces around
 * operators; at most one blank line between members; step, component and deploy members in a
 * canonical order (their order carries no meaning). Strings and numbers are printed as written.
 * Every comment is kept; `formatFile` refuses (returns no text) rather than drop one.
 */
import type {
  Argument,
  Comment,
  ComponentDecl,
  DeployDecl,
  DeployMember,
  Expr,
  FileNode,
  InputEntry,
  KeyValue,
  Node,
  PipelineDecl,
  PipelineMember,
  SweepMember,
  SchemaDecl,
  StepMember,
  TopLevelDecl,
  TypeRef,
  TypedEntry,
} from "../syntax/ast.js";
import type { Span } from "../source/span.js";
import { CommentPool, type Attached } from "./comments.js";
import { printExpr } from "../syntax/print-expr.js";

const WIDTH = 100;
const INDENT = "  ";

/** Canonical order of step and component members. */
const STEP_ORDER: readonly StepMember["kind"][] = [
  "Description", "After", "Image", "Inputs", "Outputs", "Metrics", "Code", "Env", "Secrets",
  "Resources", "Retry", "Timeout", "Cache", "Run",
];
const DEPLOY_ORDER: readonly DeployMember["kind"][] = ["DeployModel", "After", "Approval", "Secrets", "DeployTo"];

/** Formats a parsed file. Returns undefined when a comment sits where the printer cannot keep it. */
export function printFile(file: FileNode, text: string): string | undefined {
  const printer = new Printer(new CommentPool(file.comments, text), text);
  const out = printer.file(file);
  return printer.pool.allUsed() ? out : undefined;
}

class Printer {
  constructor(
    readonly pool: CommentPool,
    private readonly text: string,
  ) {}

  private raw(span: Span): string {
    return this.text.slice(span.start.offset, span.end.offset);
  }

  file(file: FileNode): string {
    const { attached, dangling } = this.pool.attach(file.declarations, 0, this.text.length + 1);
    const lines: string[] = [];
    attached.forEach((a, i) => {
      const prev = attached[i - 1];
      const bothImports = prev?.item.kind === "Import" && a.item.kind === "Import";
      if (i > 0 && (!bothImports || a.blankBefore)) lines.push("");
      append(lines, this.withComments(a, this.topLevel(a.item), ""));
    });
    if (dangling.length > 0) {
      if (lines.length > 0) lines.push("");
      append(lines, dangling.map((c) => commentText(c)));
    }
    return lines.join("\n") + "\n";
  }

  /** Lines of an item with its leading comments above and its trailing comment on its last line. */
  private withComments<T extends Node>(a: Attached<T>, body: string[], indent: string): string[] {
    // Blank lines between leading comments, and between them and the item, are kept (one at most).
    const out: string[] = [];
    a.leading.forEach((c, i) => {
      if (i > 0 && this.pool.hasBlankLine(a.leading[i - 1]!.span.end.offset, c.span.start.offset)) out.push("");
      out.push(indent + commentText(c));
    });
    const last = a.leading.at(-1);
    if (last && this.pool.hasBlankLine(last.span.end.offset, a.item.span.start.offset)) out.push("");
    const lines = body.map((l) => (l === "" ? "" : indent + l));
    if (a.trailing) lines[lines.length - 1] += "  " + commentText(a.trailing);
    return [...out, ...lines];
  }

  /** A `{ … }` block of members, one per line, with comments, blank lines kept (max one) when `keepBlanks`. */
  private block<T extends Node>(
    header: string,
    items: readonly T[],
    span: { start: number; end: number },
    print: (item: T) => string[],
    order?: (items: Attached<T>[]) => Attached<T>[],
    keepBlanks = true,
  ): string[] {
    const { attached, dangling } = this.pool.attach(items, span.start, span.end);
    const ordered = order ? order(attached) : attached;
    if (ordered.length === 0 && dangling.length === 0) return [`${header} {}`];
    const lines = [`${header} {`];
    ordered.forEach((a, i) => {
      if (keepBlanks && i > 0 && a.blankBefore) lines.push("");
      append(lines, this.withComments(a, print(a.item), INDENT));
    });
    append(lines, dangling.map((c) => INDENT + commentText(c)));
    lines.push("}");
    return lines;
  }

  private topLevel(d: TopLevelDecl): string[] {
    switch (d.kind) {
      case "Import":
        return [`import ${this.raw(d.path.span)}`];
      case "Schema":
        return this.schema(d);
      case "Component":
        return this.component(d);
      case "Pipeline":
        return this.pipeline(d);
    }
  }

  private schema(d: SchemaDecl): string[] {
    return this.block(`schema ${d.name.name}`, d.fields, inner(d.name.span, d.span), (f) => [this.typedEntry(f)]);
  }

  private component(d: ComponentDecl): string[] {
    return this.block(
      `component ${d.name.name}`,
      d.members,
      inner(d.name.span, d.span),
      (m) => this.stepMember(m),
      (items) => stableSortBy(items, (a) => STEP_ORDER.indexOf(a.item.kind)),
      false,
    );
  }

  private pipeline(d: PipelineDecl): string[] {
    return this.block(`pipeline ${d.name.name}`, d.members, inner(d.name.span, d.span), (m) => this.pipelineMember(m));
  }

  private pipelineMember(m: PipelineMember | SweepMember): string[] {
    switch (m.kind) {
      case "Sweep":
        // the block's members as written (blank lines kept): `over`s, steps, gates, `best`
        return this.block(`sweep ${m.name.name}`, m.members, inner(m.name.span, m.span), (sm) => this.pipelineMember(sm));
      case "Over":
        return [`over ${m.name.name}: ${this.expr(m.values)}`];
      case "Best":
        return [`best ${m.direction.name} ${this.expr(m.metric)}`];
      case "Description":
        return [`description ${this.raw(m.text.span)}`];
      case "Param":
        return [`param ${m.name.name}: ${this.type(m.type)}${m.default ? ` = ${this.expr(m.default)}` : ""}`];
      case "Secret":
        return [`secret ${m.name.name}`];
      case "Dataset":
        return [`dataset ${m.name.name}: ${this.type(m.type)} = ${this.raw(m.uri.span)}`];
      case "Step":
        if (m.call) {
          return this.callLines(`${m.finally ? "finally" : "step"} ${m.name.name} = ${this.expr(m.call.callee)}`, m.call.args, inner(m.call.callee.span, m.call.span));
        }
        return this.block(
          `${m.finally ? "finally" : "step"} ${m.name.name}`,
          m.members ?? [],
          inner(m.name.span, m.span),
          (sm) => this.stepMember(sm),
          (items) => stableSortBy(items, (a) => STEP_ORDER.indexOf(a.item.kind)),
          false,
        );
      case "Gate":
        return this.block(`${m.assert ? "assert" : "gate"} ${m.name.name}`, m.conditions, inner(m.name.span, m.span), (c) => [this.expr(c)]);
      case "Deploy":
        return this.deploy(m);
      case "Schedule":
        return [`schedule ${this.raw(m.cron.span)}`];
      case "ChangeTrigger":
        return [`trigger on change(${m.dataset.name})`];
      case "PushTrigger":
        return [`trigger on push(${m.globs.map((g) => this.raw(g.span)).join(", ")})`];
      case "PullRequestTrigger":
        return [`trigger on pull_request(${m.globs.map((g) => this.raw(g.span)).join(", ")})`];
      case "Target":
        return this.entries(`target ${m.name.name}`, m.options, inner(m.name.span, m.span), (kv) => this.keyValue(kv));
    }
  }

  private deploy(d: DeployDecl): string[] {
    return this.block(
      `deploy ${d.env.name}`,
      d.members,
      inner(d.env.span, d.span),
      (m): string[] => {
        switch (m.kind) {
          case "DeployModel":
            return [`model ${this.expr(m.ref)}`];
          case "After":
            return [`after ${m.not ? "not " : ""}${m.names.map((n) => n.name).join(", ")}`];
          case "Approval":
            return ["approval required"];
          case "Secrets":
            return [`secrets [${m.names.map((n) => n.name).join(", ")}]`];
          case "DeployTo":
            if (m.command) return [`to ${m.target.name} ${this.raw(m.command.span)}`];
            return m.options.length === 0
              ? [`to ${m.target.name}`]
              : this.entries(`to ${m.target.name}`, m.options, inner(m.target.span, m.span), (kv) => this.keyValue(kv));
        }
      },
      (items) => stableSortBy(items, (a) => DEPLOY_ORDER.indexOf(a.item.kind)),
      false,
    );
  }

  private stepMember(m: StepMember): string[] {
    const start = m.span.start.offset;
    switch (m.kind) {
      case "Description":
        return [`description ${this.raw(m.text.span)}`];
      case "Inputs":
        return this.entries("inputs", m.entries, { start: start + 1, end: m.span.end.offset }, (e) => this.inputEntry(e));
      case "Outputs":
        return this.entries("outputs", m.entries, { start: start + 1, end: m.span.end.offset }, (e) => this.typedEntry(e));
      case "Metrics":
        return this.entries("metrics", m.entries, { start: start + 1, end: m.span.end.offset }, (e) => this.typedEntry(e));
      case "Run":
        return [`run ${this.raw(m.command.span)}`];
      case "Image":
        return [`image ${this.raw(m.image.span)}`];
      case "Code":
        return [`code ${m.paths.map((p) => this.raw(p.span)).join(", ")}`];
      case "Env":
        return this.entries("env", m.entries, { start: start + 1, end: m.span.end.offset }, (kv) => this.keyValue(kv));
      case "Secrets":
        return [`secrets [${m.names.map((n) => n.name).join(", ")}]`];
      case "Resources":
        return this.entries("resources", m.entries, { start: start + 1, end: m.span.end.offset }, (kv) => this.keyValue(kv));
      case "Retry":
        return [`retry ${this.expr(m.count)}`];
      case "Timeout":
        return [`timeout ${this.expr(m.duration)}`];
      case "Cache":
        return [`cache ${m.enabled ? "on" : "off"}`];
      case "After":
        return [`after ${m.not ? "not " : ""}${m.names.map((n) => n.name).join(", ")}`];
    }
  }

  /** `header { a: x, b: y }` on one line when it fits and holds no comment, else one entry per line. */
  private entries<T extends Node>(header: string, items: readonly T[], span: { start: number; end: number }, print: (item: T) => string): string[] {
    const { attached, dangling } = this.pool.attach(items, span.start, span.end);
    const hasComments = dangling.length > 0 || attached.some((a) => a.leading.length > 0 || a.trailing);
    const flat = attached.map((a) => print(a.item));
    const oneLine = flat.length === 0 ? `${header} {}` : `${header} { ${flat.join(", ")} }`;
    if (!hasComments && oneLine.length <= WIDTH && !flat.some((f) => f.includes("\n"))) return [oneLine];
    const lines = [`${header} {`];
    attached.forEach((a, i) => {
      const body = flat[i]! + (i < attached.length - 1 ? "," : "");
      append(lines, this.withComments(a, body.split("\n"), INDENT));
    });
    append(lines, dangling.map((c) => INDENT + commentText(c)));
    lines.push("}");
    return lines;
  }

  /** `head(a: x, b: y)` on one line when it fits, else one argument per line. */
  private callLines(head: string, args: readonly Argument[], span: { start: number; end: number }): string[] {
    const { attached, dangling } = this.pool.attach(args, span.start, span.end);
    const hasComments = dangling.length > 0 || attached.some((a) => a.leading.length > 0 || a.trailing);
    const flat = attached.map((a) => `${a.item.name.name}: ${this.expr(a.item.value)}`);
    const oneLine = `${head}(${flat.join(", ")})`;
    if (!hasComments && oneLine.length <= WIDTH) return [oneLine];
    const lines = [`${head}(`];
    attached.forEach((a, i) => {
      append(lines, this.withComments(a, [flat[i]! + (i < attached.length - 1 ? "," : "")], INDENT));
    });
    append(lines, dangling.map((c) => INDENT + commentText(c)));
    lines.push(")");
    return lines;
  }

  private inputEntry(e: InputEntry): string {
    if (e.type) return `${e.name.name}: ${this.type(e.type)}${e.value ? ` = ${this.expr(e.value)}` : ""}`;
    return `${e.name.name}: ${e.value ? this.expr(e.value) : ""}`;
  }

  private typedEntry(e: TypedEntry): string {
    return `${e.name.name}: ${this.type(e.type)}`;
  }

  private keyValue(kv: KeyValue): string {
    return `${kv.key.name}: ${this.expr(kv.value)}`;
  }

  private type(t: TypeRef): string {
    const args = t.args.length > 0 ? `<${t.args.map((a) => this.type(a)).join(", ")}>` : "";
    return `${t.name.name}${args}${t.optional ? "?" : ""}`;
  }

  expr(e: Expr): string {
    return printExpr(e, (span) => this.raw(span));
  }
}

/** Offsets just inside a declaration: after its name, up to its end. */
function inner(after: Span, whole: Span): { start: number; end: number } {
  return { start: after.end.offset, end: whole.end.offset };
}

function commentText(c: Comment): string {
  return `#${c.text.replace(/\s+$/, "")}`;
}

function stableSortBy<T>(items: T[], key: (t: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i, k: key(item) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.item);
}

/**
 * Appends `items` to `lines` one by one: `lines.push(...items)` passes every item as an argument
 * and overflows the stack past ~100,000 of them (a pipeline of 30,000 steps has 330,000 lines).
 */
function append(lines: string[], items: readonly string[]): void {
  for (const item of items) lines.push(item);
}
