/**
 * Lowers the Chevrotain CST to the plain AST of `ast.ts`. All semantics of the surface syntax
 * live here (string and number decoding, operator folding, layout checks), none in the grammar.
 * A node the parser had to recover is lowered as far as its parts allow; a node missing an
 * essential part (a name, a type) is dropped, since the parser has already reported why.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as A from "./ast.js";
import type { Span } from "../source/span.js";
import type { SpanMaker } from "./positions.js";
import { diagnostic, type Diagnostic, type DiagnosticExtras } from "../diagnostics/diagnostic.js";
import { mlpParser } from "./parser.js";
import * as T from "./tokens.js";
import { decodeString } from "./strings.js";
import { unknownDeclarationDiagnostic, unknownMemberDiagnostic, type BlockKind } from "./errors.js";
import { decodeDuration, decodeNumber, decodeQuantity, explainBadNumber } from "./numbers.js";

type Ctx = Record<string, CstElement[] | undefined>;

/** One element of a flattened expression: a prefix operator, an operand, a binary operator. */
type Item =
  | { readonly kind: "prefix"; readonly token: IToken }
  | { readonly kind: "primary"; readonly expr: A.Expr }
  | { readonly kind: "op"; readonly token: IToken };

/**
 * Binding strength of binary operators, loosest first. Prefix `not` sits between `and` and the
 * comparisons (`not a < b` is `not (a < b)`); prefix `-` binds tighter than every binary
 * operator. `??` binds tighter than arithmetic and comparisons, so `x ?? 0 - 0.01` is
 * `(x ?? 0) - 0.01` and `a ?? 0 > 1` is `(a ?? 0) > 1`.
 */
const PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4,
  "+": 5, "-": 5,
  "*": 6, "/": 6,
  "??": 7,
};
const UNARY_MINUS = 8;

const BaseVisitor = mlpParser.getBaseCstVisitorConstructor<void, unknown>();
const EMPTY: readonly CstElement[] = Object.freeze([]);

function isToken(e: CstElement): e is IToken {
  return (e as IToken).tokenType !== undefined;
}

/** A token the parser really read (not one it invented to recover). */
function isReal(t: IToken): boolean {
  return t.isInsertedInRecovery !== true && Number.isFinite(t.startOffset);
}

/** Visits one CST and collects the lowering diagnostics. One instance per file. */
export class Lowerer extends BaseVisitor {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly lines: SpanMaker,
  ) {
    super();
    this.validateVisitor();
  }

  // --- helpers ------------------------------------------------------------------------------

  private span(start: number, end: number): Span {
    return this.lines.span(start, end);
  }

  private tokenSpan(t: IToken): Span {
    return this.span(t.startOffset, t.startOffset + t.image.length);
  }

  private report(code: string, message: string, span: Span, extras: DiagnosticExtras = {}): void {
    this.diagnostics.push(diagnostic(code, "error", message, span, extras));
  }

  private tok(ctx: Ctx, key: string, i = 0): IToken | undefined {
    const t = ctx[key]?.[i];
    return t !== undefined && isToken(t) && isReal(t) ? t : undefined;
  }

  private toks(ctx: Ctx, key: string): IToken[] {
    const list = (ctx[key] ?? EMPTY) as IToken[];
    // Fast path (no allocation): every token real, as in any file without syntax errors.
    for (const t of list) if (!isReal(t)) return list.filter(isReal);
    return list;
  }

  /** Child rule nodes under `key` (rule keys never hold tokens, so no filtering is needed). */
  private nodes(ctx: Ctx, key: string): CstNode[] {
    return (ctx[key] ?? EMPTY) as CstNode[];
  }

  private sub<R>(ctx: Ctx, key: string, i = 0): R | undefined {
    const n = this.nodes(ctx, key)[i];
    return n === undefined ? undefined : (this.visit(n) as R | undefined);
  }

  private subs<R>(ctx: Ctx, key: string): R[] {
    const out: R[] = [];
    for (const n of this.nodes(ctx, key)) {
      const r = this.visit(n) as R | undefined;
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  /** The first and last real tokens under `node`, if any. */
  private bounds(node: CstElement): { first: IToken; last: IToken } | undefined {
    if (isToken(node)) return isReal(node) ? { first: node, last: node } : undefined;
    let first: IToken | undefined;
    let last: IToken | undefined;
    for (const list of Object.values(node.children)) {
      for (const child of list) {
        const b = this.bounds(child);
        if (b === undefined) continue;
        if (first === undefined || b.first.startOffset < first.startOffset) first = b.first;
        if (last === undefined || b.last.startOffset > last.startOffset) last = b.last;
      }
    }
    return first && last ? { first, last } : undefined;
  }

  /**
   * Span of a whole rule occurrence, from its direct children: tokens carry offsets and child
   * nodes carry the parser's `location` (tracked with `nodeLocationTracking: "onlyOffset"`).
   * Linear in the number of children, so lowering stays linear in the file size.
   */
  private ctxSpan(ctx: Ctx): Span | undefined {
    let start = Infinity;
    let end = -Infinity;
    for (const key in ctx) {
      for (const child of ctx[key]!) {
        let s: number;
        let e: number;
        if (isToken(child)) {
          if (!isReal(child)) continue;
          s = child.startOffset;
          e = child.startOffset + child.image.length;
        } else {
          const loc = child.location;
          if (loc === undefined || !Number.isFinite(loc.startOffset) || !Number.isFinite(loc.endOffset ?? NaN)) {
            const b = this.bounds(child);
            if (b === undefined) continue;
            s = b.first.startOffset;
            e = b.last.startOffset + b.last.image.length;
          } else {
            s = loc.startOffset;
            e = loc.endOffset! + 1;
          }
        }
        if (s < start) start = s;
        if (e > end) end = e;
      }
    }
    return start === Infinity ? undefined : this.span(start, end);
  }

  private ident(t: IToken | undefined): A.Identifier | undefined {
    if (t === undefined) return undefined;
    return { kind: "Identifier", name: t.image, span: this.tokenSpan(t) };
  }

  /** MLP1007: two members (fields, conditions, declarations) written on one line. */
  private onePerLine(nodes: readonly CstNode[], what: string): void {
    let prevLastLine = -1;
    for (const n of nodes) {
      const loc = n.location;
      let startOffset: number;
      let lastOffset: number;
      if (loc !== undefined && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset ?? NaN)) {
        startOffset = loc.startOffset;
        // endOffset is inclusive: the line of the last character (a newline token ends there).
        lastOffset = loc.endOffset!;
      } else {
        const b = this.bounds(n);
        if (b === undefined) continue;
        startOffset = b.first.startOffset;
        lastOffset = b.last.startOffset + Math.max(b.last.image.length - 1, 0);
      }
      if (this.lines.lineOf(startOffset) === prevLastLine) {
        const first = this.bounds(n)!.first;
        this.report("MLP1007", "expected a new line before `" + first.image + "`", this.tokenSpan(first), {
          label: "starts on the same line as the previous " + what,
          help: ["put each " + what + " on its own line"],
        });
      }
      prevLastLine = this.lines.lineOf(lastOffset);
    }
  }

  /** A string token as a `StringLiteral`, reporting MLP1003/1004/1005. */
  string(t: IToken): A.StringLiteral {
    const type = t.tokenType;
    const triple = type === T.TripleString || type === T.UnterminatedTripleString;
    const terminated = type === T.TripleString || type === T.PlainString;
    if (!terminated) {
      const q = triple ? '"""' : '"';
      this.report("MLP1003", "unterminated string", this.span(t.startOffset, t.startOffset + q.length), {
        label: "this string is never closed",
        help: [
          triple
            ? "close it with `\"\"\"`"
            : "close it with `\"` on the same line; use `\"\"\"…\"\"\"` for a string that spans lines",
        ],
      });
    }
    const decoded = decodeString(t.image, t.startOffset, triple, terminated);
    for (const p of decoded.problems) {
      this.report(p.code, p.message, this.span(p.start, p.end), { help: [...p.help] });
    }
    const parts: A.TemplatePart[] = decoded.parts.map((p) =>
      p.kind === "text" ? p : { kind: "placeholder", name: p.name, span: this.span(p.start, p.end) },
    );
    return { kind: "String", value: decoded.value, triple, parts, span: this.tokenSpan(t) };
  }

  private stringAt(ctx: Ctx, i = 0): A.StringLiteral | undefined {
    const t = this.tok(ctx, "StringLiteral", i);
    return t === undefined ? undefined : this.string(t);
  }

  /** The first words of the `unknownMember` lines under `ctx`. */
  private unknownWords(ctx: Ctx): IToken[] {
    return this.nodes(ctx, "unknownMember")
      .map((n) => this.visit(n) as IToken | undefined)
      .filter((t): t is IToken => t !== undefined);
  }

  /** MLP1006 for each unknown member line of a block. */
  private reportUnknown(ctx: Ctx, kind: BlockKind, header: string): void {
    for (const t of this.unknownWords(ctx)) {
      this.diagnostics.push(unknownMemberDiagnostic(t.image, this.tokenSpan(t), kind, "`" + header + "`"));
    }
  }

  unknownMember(ctx: Ctx): IToken | undefined {
    return this.tok(ctx, "Identifier");
  }

  skippedBlock(): undefined {
    return undefined;
  }

  /**
   * MLP1002 for a missing separator between two entries of a `{ … }` block (`{ a: 1 b: 2 }`)
   * and for a comma with no entry before it (`{ , a: 1 }`, `{ a: 1,, b: 2 }`).
   */
  private checkSeparators(ctx: Ctx, entryKey: string): void {
    type Mark = { offset: number; kind: "entry" | "comma" | "newline"; node?: CstNode; token?: IToken };
    const marks: Mark[] = [];
    for (const n of this.nodes(ctx, entryKey)) {
      const start = n.location?.startOffset;
      if (start !== undefined && Number.isFinite(start)) marks.push({ offset: start, kind: "entry", node: n });
    }
    for (const t of this.toks(ctx, "Comma")) marks.push({ offset: t.startOffset, kind: "comma", token: t });
    for (const t of this.toks(ctx, "Newline")) marks.push({ offset: t.startOffset, kind: "newline", token: t });
    marks.sort((a, b) => a.offset - b.offset);
    let prev: "start" | "entry" | "comma" | "newline" = "start";
    for (const m of marks) {
      if (m.kind === "entry" && prev === "entry") {
        const first = this.bounds(m.node!)?.first;
        if (first !== undefined) {
          this.report("MLP1002", "expected `,` or a new line before `" + first.image + "`", this.tokenSpan(first), {
            label: "a new entry starts here",
            help: ["separate entries with `,` or put each on its own line"],
          });
        }
      } else if (m.kind === "comma" && (prev === "start" || prev === "comma")) {
        this.report("MLP1002", "unexpected `,`", this.tokenSpan(m.token!), {
          label: prev === "start" ? "no entry before this comma" : "second comma",
          help: ["remove this `,`"],
        });
      }
      prev = m.kind;
    }
  }

  // --- file and top level -------------------------------------------------------------------

  file(ctx: Ctx): A.TopLevelDecl[] {
    for (const t of this.unknownWords(ctx)) {
      this.diagnostics.push(unknownDeclarationDiagnostic(t.image, this.tokenSpan(t), "`" + t.image + "`"));
    }
    this.onePerLine(this.nodes(ctx, "topLevelDecl"), "declaration");
    return this.subs<A.TopLevelDecl>(ctx, "topLevelDecl");
  }

  topLevelDecl(ctx: Ctx): A.TopLevelDecl | undefined {
    return this.only<A.TopLevelDecl>(ctx);
  }

  /** Lowers the one child rule of an alternatives-only rule. */
  private only<R>(ctx: Ctx): R | undefined {
    for (const key in ctx) {
      const first = ctx[key]![0];
      if (first !== undefined && !isToken(first)) return this.visit(first) as R | undefined;
    }
    return undefined;
  }

  importDecl(ctx: Ctx): A.ImportDecl | undefined {
    const path = this.stringAt(ctx);
    const span = this.ctxSpan(ctx);
    return path && span ? { kind: "Import", path, span } : undefined;
  }

  schemaDecl(ctx: Ctx): A.SchemaDecl | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const span = this.ctxSpan(ctx);
    if (!name || !span) return undefined;
    return { kind: "Schema", name, fields: this.sub<A.TypedEntry[]>(ctx, "typedEntryBlock") ?? [], span };
  }

  componentDecl(ctx: Ctx): A.ComponentDecl | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const span = this.ctxSpan(ctx);
    if (!name || !span) return undefined;
    this.onePerLine(this.nodes(ctx, "componentMember"), "member");
    this.reportUnknown(ctx, "step", "component " + name.name);
    return { kind: "Component", name, members: this.subs<A.StepMember>(ctx, "componentMember"), span };
  }

  pipelineDecl(ctx: Ctx): A.PipelineDecl | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const span = this.ctxSpan(ctx);
    if (!name || !span) return undefined;
    this.onePerLine(this.nodes(ctx, "pipelineMember"), "member");
    this.reportUnknown(ctx, "pipeline", "pipeline " + name.name);
    return { kind: "Pipeline", name, members: this.subs<A.PipelineMember>(ctx, "pipelineMember"), span };
  }

  // --- pipeline members ---------------------------------------------------------------------

  pipelineMember(ctx: Ctx): A.PipelineMember | undefined {
    return this.only<A.PipelineMember>(ctx);
  }

  description(ctx: Ctx): A.Description | undefined {
    const text = this.stringAt(ctx);
    const span = this.ctxSpan(ctx);
    return text && span ? { kind: "Description", text, span } : undefined;
  }

  paramDecl(ctx: Ctx): A.ParamDecl | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const type = this.sub<A.TypeRef>(ctx, "typeRef");
    const span = this.ctxSpan(ctx);
    if (!name || !type || !span) return undefined;
    const def = this.sub<A.Expr>(ctx, "expression");
    return { kind: "Param", name, type, ...(def ? { default: def } : {}), span };
  }

  secretDecl(ctx: Ctx): A.SecretDecl | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const span = this.ctxSpan(ctx);
    return name && span ? { kind: "Secret", name, span } : undefined;
  }

  datasetDecl(ctx: Ctx): A.DatasetDecl | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const type = this.sub<A.TypeRef>(ctx, "typeRef");
    const uri = this.stringAt(ctx);
    const span = this.ctxSpan(ctx);
    if (!name || !type || !uri || !span) return undefined;
    return { kind: "Dataset", name, type, uri, span };
  }

  stepDecl(ctx: Ctx): A.StepDecl | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const span = this.ctxSpan(ctx);
    if (!name || !span) return undefined;
    if (ctx["callExpr"] !== undefined) {
      const call = this.sub<A.CallExpr>(ctx, "callExpr");
      return call ? { kind: "Step", name, call, span } : undefined;
    }
    this.onePerLine(this.nodes(ctx, "stepMember"), "member");
    this.reportUnknown(ctx, "step", "step " + name.name);
    return { kind: "Step", name, members: this.subs<A.StepMember>(ctx, "stepMember"), span };
  }

  gateDecl(ctx: Ctx): A.GateDecl | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const span = this.ctxSpan(ctx);
    if (!name || !span) return undefined;
    this.onePerLine(this.nodes(ctx, "expression"), "condition");
    return { kind: "Gate", name, conditions: this.subs<A.Expr>(ctx, "expression"), span };
  }

  deployDecl(ctx: Ctx): A.DeployDecl | undefined {
    const env = this.ident(this.tok(ctx, "Identifier"));
    const span = this.ctxSpan(ctx);
    if (!env || !span) return undefined;
    this.onePerLine(this.nodes(ctx, "deployMember"), "member");
    this.reportUnknown(ctx, "deploy", "deploy " + env.name);
    return { kind: "Deploy", env, members: this.subs<A.DeployMember>(ctx, "deployMember"), span };
  }

  deployMember(ctx: Ctx): A.DeployMember | undefined {
    return this.only<A.DeployMember>(ctx);
  }

  deployModel(ctx: Ctx): A.DeployModel | undefined {
    const ref = this.sub<A.Expr>(ctx, "expression");
    const span = this.ctxSpan(ctx);
    return ref && span ? { kind: "DeployModel", ref, span } : undefined;
  }

  approvalMember(ctx: Ctx): A.ApprovalMember | undefined {
    const span = this.ctxSpan(ctx);
    return span && this.tok(ctx, "Required") ? { kind: "Approval", span } : undefined;
  }

  deployTo(ctx: Ctx): A.DeployTo | undefined {
    const target = this.ident(this.tok(ctx, "Identifier"));
    const span = this.ctxSpan(ctx);
    if (!target || !span) return undefined;
    const command = this.tok(ctx, "StringLiteral");
    if (command) {
      // `to command "…"` is shorthand for `to command { command: "…" }`.
      const value = this.string(command);
      const key: A.Identifier = { kind: "Identifier", name: "command", span: value.span };
      return { kind: "DeployTo", target, options: [{ kind: "KeyValue", key, value, span: value.span }], command: value, span };
    }
    return { kind: "DeployTo", target, options: this.sub<A.KeyValue[]>(ctx, "keyValueBlock") ?? [], span };
  }

  scheduleDecl(ctx: Ctx): A.ScheduleDecl | undefined {
    const cron = this.stringAt(ctx);
    const span = this.ctxSpan(ctx);
    return cron && span ? { kind: "Schedule", cron, span } : undefined;
  }

  triggerDecl(ctx: Ctx): A.TriggerDecl | undefined {
    const span = this.ctxSpan(ctx);
    const inner = this.only<{ kind: "ChangeTrigger"; dataset: A.Identifier } | { kind: "PushTrigger"; globs: A.StringLiteral[] }>(ctx);
    if (!span || !inner) return undefined;
    return { ...inner, span };
  }

  changeTrigger(ctx: Ctx): { kind: "ChangeTrigger"; dataset: A.Identifier } | undefined {
    const dataset = this.ident(this.tok(ctx, "Identifier"));
    return dataset ? { kind: "ChangeTrigger", dataset } : undefined;
  }

  pushTrigger(ctx: Ctx): { kind: "PushTrigger"; globs: A.StringLiteral[] } | undefined {
    return { kind: "PushTrigger", globs: this.toks(ctx, "StringLiteral").map((t) => this.string(t)) };
  }

  targetDecl(ctx: Ctx): A.TargetDecl | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const span = this.ctxSpan(ctx);
    if (!name || !span) return undefined;
    return { kind: "Target", name, options: this.sub<A.KeyValue[]>(ctx, "keyValueBlock") ?? [], span };
  }

  // --- step and component members -----------------------------------------------------------

  stepMember(ctx: Ctx): A.StepMember | undefined {
    return this.only<A.StepMember>(ctx);
  }

  componentMember(ctx: Ctx): A.StepMember | undefined {
    return this.only<A.StepMember>(ctx);
  }

  stepInputs(ctx: Ctx): A.InputsMember | undefined {
    const span = this.ctxSpan(ctx);
    this.checkSeparators(ctx, "inputBinding");
    return span ? { kind: "Inputs", entries: this.subs<A.InputEntry>(ctx, "inputBinding"), span } : undefined;
  }

  inputBinding(ctx: Ctx): A.InputEntry | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const value = this.sub<A.Expr>(ctx, "expression");
    const span = this.ctxSpan(ctx);
    return name && value && span ? { kind: "InputEntry", name, value, span } : undefined;
  }

  componentInputs(ctx: Ctx): A.InputsMember | undefined {
    const span = this.ctxSpan(ctx);
    this.checkSeparators(ctx, "inputDecl");
    return span ? { kind: "Inputs", entries: this.subs<A.InputEntry>(ctx, "inputDecl"), span } : undefined;
  }

  inputDecl(ctx: Ctx): A.InputEntry | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const type = this.sub<A.TypeRef>(ctx, "typeRef");
    const span = this.ctxSpan(ctx);
    if (!name || !type || !span) return undefined;
    const value = this.sub<A.Expr>(ctx, "expression");
    return { kind: "InputEntry", name, type, ...(value ? { value } : {}), span };
  }

  outputsMember(ctx: Ctx): A.OutputsMember | undefined {
    const span = this.ctxSpan(ctx);
    return span ? { kind: "Outputs", entries: this.sub<A.TypedEntry[]>(ctx, "typedEntryBlock") ?? [], span } : undefined;
  }

  metricsMember(ctx: Ctx): A.MetricsMember | undefined {
    const span = this.ctxSpan(ctx);
    return span ? { kind: "Metrics", entries: this.sub<A.TypedEntry[]>(ctx, "typedEntryBlock") ?? [], span } : undefined;
  }

  runMember(ctx: Ctx): A.RunMember | undefined {
    const command = this.stringAt(ctx);
    const span = this.ctxSpan(ctx);
    return command && span ? { kind: "Run", command, span } : undefined;
  }

  imageMember(ctx: Ctx): A.ImageMember | undefined {
    const image = this.stringAt(ctx);
    const span = this.ctxSpan(ctx);
    return image && span ? { kind: "Image", image, span } : undefined;
  }

  codeMember(ctx: Ctx): A.CodeMember | undefined {
    const span = this.ctxSpan(ctx);
    const paths = this.toks(ctx, "StringLiteral").map((t) => this.string(t));
    return span && paths.length > 0 ? { kind: "Code", paths, span } : undefined;
  }

  envMember(ctx: Ctx): A.EnvMember | undefined {
    const span = this.ctxSpan(ctx);
    return span ? { kind: "Env", entries: this.sub<A.KeyValue[]>(ctx, "keyValueBlock") ?? [], span } : undefined;
  }

  secretsMember(ctx: Ctx): A.SecretsMember | undefined {
    const span = this.ctxSpan(ctx);
    if (!span) return undefined;
    const names = this.toks(ctx, "Identifier").map((t) => this.ident(t)!);
    return { kind: "Secrets", names, span };
  }

  resourcesMember(ctx: Ctx): A.ResourcesMember | undefined {
    const span = this.ctxSpan(ctx);
    return span ? { kind: "Resources", entries: this.sub<A.KeyValue[]>(ctx, "keyValueBlock") ?? [], span } : undefined;
  }

  retryMember(ctx: Ctx): A.RetryMember | undefined {
    const count = this.sub<A.Expr>(ctx, "expression");
    const span = this.ctxSpan(ctx);
    return count && span ? { kind: "Retry", count, span } : undefined;
  }

  timeoutMember(ctx: Ctx): A.TimeoutMember | undefined {
    const duration = this.sub<A.Expr>(ctx, "expression");
    const span = this.ctxSpan(ctx);
    return duration && span ? { kind: "Timeout", duration, span } : undefined;
  }

  cacheMember(ctx: Ctx): A.CacheMember | undefined {
    const span = this.ctxSpan(ctx);
    const on = this.tok(ctx, "On");
    const off = this.tok(ctx, "Off");
    if (!span || (!on && !off)) return undefined;
    return { kind: "Cache", enabled: on !== undefined, span };
  }

  afterMember(ctx: Ctx): A.AfterMember | undefined {
    const span = this.ctxSpan(ctx);
    const names = this.toks(ctx, "Identifier").map((t) => this.ident(t)!);
    return span && names.length > 0 ? { kind: "After", names, span } : undefined;
  }

  // --- blocks of entries --------------------------------------------------------------------

  typedEntryBlock(ctx: Ctx): A.TypedEntry[] {
    this.checkSeparators(ctx, "typedEntry");
    return this.subs<A.TypedEntry>(ctx, "typedEntry");
  }

  typedEntry(ctx: Ctx): A.TypedEntry | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const type = this.sub<A.TypeRef>(ctx, "typeRef");
    const span = this.ctxSpan(ctx);
    return name && type && span ? { kind: "TypedEntry", name, type, span } : undefined;
  }

  keyValueBlock(ctx: Ctx): A.KeyValue[] {
    this.checkSeparators(ctx, "keyValue");
    return this.subs<A.KeyValue>(ctx, "keyValue");
  }

  keyValue(ctx: Ctx): A.KeyValue | undefined {
    const key = this.ident(this.tok(ctx, "Identifier"));
    const value = this.sub<A.Expr>(ctx, "expression");
    const span = this.ctxSpan(ctx);
    return key && value && span ? { kind: "KeyValue", key, value, span } : undefined;
  }

  // --- types --------------------------------------------------------------------------------

  typeRef(ctx: Ctx): A.TypeRef | undefined {
    const name = this.ident(this.tok(ctx, "Identifier") ?? this.tok(ctx, "TypeWord"));
    const span = this.ctxSpan(ctx);
    if (!name || !span) return undefined;
    return {
      kind: "TypeRef",
      name,
      args: this.subs<A.TypeRef>(ctx, "typeRef"),
      optional: this.tok(ctx, "Question") !== undefined,
      span,
    };
  }

  // --- expressions --------------------------------------------------------------------------

  /**
   * Applies operator precedence to the flat `operand { binaryOperator operand }` list by
   * precedence climbing (see `PRECEDENCE`). Comparisons do not chain: `a < b < c` is MLP1011.
   */
  expression(ctx: Ctx): A.Expr | undefined {
    const items: Item[] = [];
    const operands = this.nodes(ctx, "operand");
    const operators = this.nodes(ctx, "binaryOperator");
    for (let i = 0; i < operands.length; i++) {
      const node = operands[i]!;
      const prefixes = (node.children["prefix"] ?? []).filter((e): e is IToken => isToken(e) && isReal(e));
      const primary = this.visit(node) as A.Expr | undefined;
      if (primary === undefined) break;
      for (const p of prefixes) items.push({ kind: "prefix", token: p });
      items.push({ kind: "primary", expr: primary });
      const opNode = operators[i];
      const op = opNode === undefined ? undefined : (this.visit(opNode) as IToken | undefined);
      if (op === undefined) break;
      items.push({ kind: "op", token: op });
    }
    if (items[items.length - 1]?.kind === "op") items.pop();
    return this.climb(items, { at: 0 }, 0);
  }

  private climb(items: readonly Item[], state: { at: number }, minPrecedence: number): A.Expr | undefined {
    const item = items[state.at++];
    let left: A.Expr | undefined;
    if (item === undefined || item.kind === "op") return undefined;
    if (item.kind === "prefix") {
      const isNot = item.token.tokenType === T.Not;
      const operand = this.climb(items, state, isNot ? PRECEDENCE["<"]! : UNARY_MINUS);
      if (operand === undefined) return undefined;
      left = {
        kind: "Unary",
        op: isNot ? "not" : "-",
        operand,
        span: this.span(item.token.startOffset, operand.span.end.offset),
      };
    } else {
      left = item.expr;
    }
    let compared = false;
    for (;;) {
      const next = items[state.at];
      if (next === undefined || next.kind !== "op") break;
      const precedence = PRECEDENCE[next.token.image]!;
      if (precedence < minPrecedence) break;
      state.at++;
      const isComparison = precedence === PRECEDENCE["<"];
      if (isComparison && compared) {
        this.report("MLP1011", "comparison operators cannot be chained", this.tokenSpan(next.token), {
          label: "second comparison",
          help: ["combine two comparisons with `and`, as in `a < b and b < c`, or add parentheses"],
        });
      }
      compared = isComparison;
      const right = this.climb(items, state, precedence + 1);
      if (right === undefined) break;
      left = {
        kind: "Binary",
        op: next.token.image as A.BinaryOp,
        opSpan: this.tokenSpan(next.token),
        left,
        right,
        span: this.span(left.span.start.offset, right.span.end.offset),
      };
    }
    return left;
  }

  binaryOperator(ctx: Ctx): IToken | undefined {
    for (const list of Object.values(ctx)) {
      const t = list?.find((e): e is IToken => isToken(e) && isReal(e));
      if (t !== undefined) return t;
    }
    return undefined;
  }

  /** The operand without its prefix operators (`expression` applies those). */
  operand(ctx: Ctx): A.Expr | undefined {
    const literal = this.tok(ctx, "literal");
    if (literal !== undefined) return this.literal(literal);
    for (const key of ["listLiteral", "parenExpr", "deployedExpr", "refOrCall"]) {
      if (ctx[key] !== undefined) return this.sub<A.Expr>(ctx, key);
    }
    return undefined;
  }

  private literal(t: IToken): A.Expr {
    const span = this.tokenSpan(t);
    const type = t.tokenType;
    if (type === T.NumberLiteral) {
      const { value, isInteger } = decodeNumber(t.image);
      if (isInteger && !Number.isSafeInteger(value)) {
        this.report("MLP1009", "integer `" + t.image + "` is too large", span, {
          help: ["integers must be at most `9007199254740991`; write a decimal such as `1e20` for a float"],
        });
      }
      return { kind: "Number", value, isInteger, raw: t.image, span };
    }
    if (type === T.DurationLiteral) {
      return { kind: "Duration", ...decodeDuration(t.image), raw: t.image, span };
    }
    if (type === T.QuantityLiteral) {
      return { kind: "Quantity", ...decodeQuantity(t.image), raw: t.image, span };
    }
    if (type === T.BadNumber) {
      const bad = explainBadNumber(t.image);
      this.report("MLP1009", bad.message, span, { help: [bad.help] });
      return { kind: "Number", value: Number.isFinite(bad.value) ? bad.value : 0, isInteger: false, raw: t.image, span };
    }
    if (type === T.True || type === T.False) return { kind: "Bool", value: type === T.True, span };
    return this.string(t);
  }

  listLiteral(ctx: Ctx): A.ListLiteral | undefined {
    const span = this.ctxSpan(ctx);
    return span ? { kind: "List", items: this.subs<A.Expr>(ctx, "expression"), span } : undefined;
  }

  parenExpr(ctx: Ctx): A.ParenExpr | undefined {
    const expr = this.sub<A.Expr>(ctx, "expression");
    const span = this.ctxSpan(ctx);
    return expr && span ? { kind: "Paren", expr, span } : undefined;
  }

  deployedExpr(ctx: Ctx): A.DeployedExpr | undefined {
    const env = this.ident(this.tok(ctx, "Identifier", 0));
    const metric = this.ident(this.tok(ctx, "Identifier", 1));
    const span = this.ctxSpan(ctx);
    return env && metric && span ? { kind: "Deployed", env, metric, span } : undefined;
  }

  refOrCall(ctx: Ctx): A.RefExpr | A.CallExpr | undefined {
    const callee = this.ref(ctx);
    if (!callee) return undefined;
    if (ctx["callArguments"] === undefined) return callee;
    const args = this.sub<A.Argument[]>(ctx, "callArguments") ?? [];
    const span = this.ctxSpan(ctx) ?? callee.span;
    return { kind: "Call", callee, args, span };
  }

  callExpr(ctx: Ctx): A.CallExpr | undefined {
    const callee = this.ref(ctx);
    const span = this.ctxSpan(ctx);
    if (!callee || !span) return undefined;
    return { kind: "Call", callee, args: this.sub<A.Argument[]>(ctx, "callArguments") ?? [], span };
  }

  /** The dotted name `a.b.c` at the start of `refOrCall` and `callExpr`. */
  private ref(ctx: Ctx): A.RefExpr | undefined {
    const path = this.toks(ctx, "Identifier").map((t) => this.ident(t)!);
    if (path.length === 0) return undefined;
    return {
      kind: "Ref",
      path,
      span: this.span(path[0]!.span.start.offset, path[path.length - 1]!.span.end.offset),
    };
  }

  callArguments(ctx: Ctx): A.Argument[] {
    return this.subs<A.Argument>(ctx, "argument");
  }

  argument(ctx: Ctx): A.Argument | undefined {
    const name = this.ident(this.tok(ctx, "Identifier"));
    const value = this.sub<A.Expr>(ctx, "expression");
    const span = this.ctxSpan(ctx);
    return name && value && span ? { kind: "Argument", name, value, span } : undefined;
  }
}
