/**
 * The AST node of each grammar rule, built from the rule's frame (`frame.ts`) when the rule ends
 * or when error recovery abandons it. A node missing an essential part (a name, a type) is
 * dropped: the parser has already reported why, and the diagnostics of its sub-nodes go with it.
 */
import type { IToken } from "chevrotain";
import type * as A from "./ast.js";
import type { Span } from "../source/span.js";
import { isReal, type BuildContext } from "./build-context.js";
import type { Frame, NodeBuilder } from "./frame.js";
import * as T from "./tokens.js";
import { lowerLiteral, lowerString } from "./literals.js";
import { foldOperators, Prefixed } from "./precedence.js";
import { exprDepth, MAX_EXPR_DEPTH } from "./expr-depth.js";
import { unknownDeclarationDiagnostic, unknownMemberDiagnostic, type BlockKind } from "./errors.js";

function spanOf(f: Frame, cx: BuildContext): Span | undefined {
  return f.first === undefined ? undefined : cx.tokensSpan(f.first, f.end);
}

function name(f: Frame, cx: BuildContext): A.Identifier | undefined {
  return isReal(f.name) ? cx.ident(f.name) : undefined;
}

function string(t: IToken | undefined, cx: BuildContext): A.StringLiteral | undefined {
  return isReal(t) ? lowerString(t, cx) : undefined;
}

/** Drops the node: no node, and none of the diagnostics its sub-nodes reported. */
function drop(f: Frame, cx: BuildContext): undefined {
  cx.diagnostics.length = f.mark;
  return undefined;
}

/**
 * The frame's sub-results as the node's array, at its exact length (an array grown by `push`
 * keeps spare room for 16 more, several times what most lists of the tree ever hold).
 */
function list<R>(f: Frame): R[] {
  return (f.list === undefined ? [] : f.list.slice()) as R[];
}

function realTokens(f: Frame): IToken[] {
  const tokens = f.tokens ?? [];
  for (const t of tokens) if (!isReal(t)) return tokens.filter(isReal);
  return tokens;
}

function reportUnknown(f: Frame, kind: BlockKind, header: string, cx: BuildContext): void {
  for (const t of f.unknown ?? []) {
    cx.diagnostics.push(unknownMemberDiagnostic(t.image, cx.tokenSpan(t), kind, "`" + header + "`"));
  }
}

/** The dotted name `a.b.c` at the start of `refOrCall` and `callExpr`. */
function ref(f: Frame, cx: BuildContext): A.RefExpr | undefined {
  const tokens = realTokens(f);
  const path = tokens.map((t) => cx.ident(t));
  if (path.length === 0) return undefined;
  // From the tokens' offsets: reading a span's `start` or `end` makes its positions.
  const last = tokens[tokens.length - 1]!;
  const span = path.length === 1 ? path[0]!.span : cx.span(tokens[0]!.startOffset, last.startOffset + last.image.length);
  return { kind: "Ref", path, span };
}

/** The builder of each rule, by rule name. */
export const NODE_BUILDERS = {
  /** The sub-rule's node: rules that are a choice of other rules. */
  only: (f: Frame): unknown => f.one,

  nothing: (): undefined => undefined,

  file(f: Frame, cx: BuildContext): A.TopLevelDecl[] {
    for (const t of f.unknown ?? []) {
      cx.diagnostics.push(unknownDeclarationDiagnostic(t.image, cx.tokenSpan(t), "`" + t.image + "`"));
    }
    return list(f);
  },

  importDecl(f: Frame, cx: BuildContext): A.ImportDecl | undefined {
    const path = string(f.token, cx);
    const span = spanOf(f, cx);
    return path && span ? { kind: "Import", path, span } : undefined;
  },

  schemaDecl(f: Frame, cx: BuildContext): A.SchemaDecl | undefined {
    const id = name(f, cx);
    const span = spanOf(f, cx);
    if (!id || !span) return drop(f, cx);
    return { kind: "Schema", name: id, fields: (f.one as A.TypedEntry[] | undefined) ?? [], span };
  },

  componentDecl(f: Frame, cx: BuildContext): A.ComponentDecl | undefined {
    const id = name(f, cx);
    const span = spanOf(f, cx);
    if (!id || !span) return drop(f, cx);
    reportUnknown(f, "step", "component " + id.name, cx);
    return { kind: "Component", name: id, members: list(f), span };
  },

  pipelineDecl(f: Frame, cx: BuildContext): A.PipelineDecl | undefined {
    const id = name(f, cx);
    const span = spanOf(f, cx);
    if (!id || !span) return drop(f, cx);
    reportUnknown(f, "pipeline", "pipeline " + id.name, cx);
    return { kind: "Pipeline", name: id, members: list(f), span };
  },

  description(f: Frame, cx: BuildContext): A.Description | undefined {
    const text = string(f.token, cx);
    const span = spanOf(f, cx);
    return text && span ? { kind: "Description", text, span } : undefined;
  },

  paramDecl(f: Frame, cx: BuildContext): A.ParamDecl | undefined {
    const id = name(f, cx);
    const type = f.one as A.TypeRef | undefined;
    const span = spanOf(f, cx);
    if (!id || !type || !span) return drop(f, cx);
    const def = f.two as A.Expr | undefined;
    return { kind: "Param", name: id, type, ...(def ? { default: def } : {}), span };
  },

  secretDecl(f: Frame, cx: BuildContext): A.SecretDecl | undefined {
    const id = name(f, cx);
    const span = spanOf(f, cx);
    return id && span ? { kind: "Secret", name: id, span } : undefined;
  },

  datasetDecl(f: Frame, cx: BuildContext): A.DatasetDecl | undefined {
    const id = name(f, cx);
    const type = f.one as A.TypeRef | undefined;
    const uri = string(f.token, cx);
    const span = spanOf(f, cx);
    if (!id || !type || !uri || !span) return undefined;
    return { kind: "Dataset", name: id, type, uri, span };
  },

  stepDecl(f: Frame, cx: BuildContext): A.StepDecl | undefined {
    const id = name(f, cx);
    const span = spanOf(f, cx);
    if (!id || !span) return drop(f, cx);
    const final = f.token?.tokenType === T.Finally ? { finally: true as const } : {};
    if (f.two === true) {
      const call = f.one as A.CallExpr | undefined;
      return call ? { kind: "Step", name: id, ...final, call, span } : undefined;
    }
    reportUnknown(f, "step", (final.finally ? "finally " : "step ") + id.name, cx);
    return { kind: "Step", name: id, ...final, members: list(f), span };
  },

  gateDecl(f: Frame, cx: BuildContext): A.GateDecl | undefined {
    const id = name(f, cx);
    const span = spanOf(f, cx);
    if (!id || !span) return drop(f, cx);
    return { kind: "Gate", name: id, ...(f.token?.tokenType === T.Assert ? { assert: true as const } : {}), conditions: list(f), span };
  },

  deployDecl(f: Frame, cx: BuildContext): A.DeployDecl | undefined {
    const env = name(f, cx);
    const span = spanOf(f, cx);
    if (!env || !span) return drop(f, cx);
    reportUnknown(f, "deploy", "deploy " + env.name, cx);
    return { kind: "Deploy", env, members: list(f), span };
  },

  sweepDecl(f: Frame, cx: BuildContext): A.SweepDecl | undefined {
    const id = name(f, cx);
    const span = spanOf(f, cx);
    if (!id || !span) return drop(f, cx);
    reportUnknown(f, "sweep", "sweep " + id.name, cx);
    return { kind: "Sweep", name: id, members: list(f), span };
  },

  overDecl(f: Frame, cx: BuildContext): A.OverDecl | undefined {
    const id = name(f, cx);
    const values = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    if (!id || !values || !span) return drop(f, cx);
    return { kind: "Over", name: id, values, span };
  },

  bestDecl(f: Frame, cx: BuildContext): A.BestDecl | undefined {
    const direction = name(f, cx);
    const metric = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    if (!direction || !metric || !span) return drop(f, cx);
    return { kind: "Best", direction, metric, span };
  },

  deployModel(f: Frame, cx: BuildContext): A.DeployModel | undefined {
    const ref = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    return ref && span ? { kind: "DeployModel", ref, span } : undefined;
  },

  approvalMember(f: Frame, cx: BuildContext): A.ApprovalMember | undefined {
    const span = spanOf(f, cx);
    return span && isReal(f.token) ? { kind: "Approval", span } : undefined;
  },

  deployTo(f: Frame, cx: BuildContext): A.DeployTo | undefined {
    const target = name(f, cx);
    const span = spanOf(f, cx);
    if (!target || !span) return drop(f, cx);
    if (isReal(f.token)) {
      // `to command "…"` is shorthand for `to command { command: "…" }`.
      const value = lowerString(f.token, cx);
      const key: A.Identifier = { kind: "Identifier", name: "command", span: value.span };
      return { kind: "DeployTo", target, options: [{ kind: "KeyValue", key, value, span: value.span }], command: value, span };
    }
    return { kind: "DeployTo", target, options: (f.one as A.KeyValue[] | undefined) ?? [], span };
  },

  scheduleDecl(f: Frame, cx: BuildContext): A.ScheduleDecl | undefined {
    const cron = string(f.token, cx);
    const span = spanOf(f, cx);
    return cron && span ? { kind: "Schedule", cron, span } : undefined;
  },

  triggerDecl(f: Frame, cx: BuildContext): A.TriggerDecl | undefined {
    const span = spanOf(f, cx);
    const inner = f.one as
      | { kind: "ChangeTrigger"; dataset: A.Identifier }
      | { kind: "PushTrigger" | "PullRequestTrigger"; globs: A.StringLiteral[] }
      | undefined;
    if (!span || !inner) return undefined;
    return { ...inner, span };
  },

  changeTrigger(f: Frame, cx: BuildContext): { kind: "ChangeTrigger"; dataset: A.Identifier } | undefined {
    const dataset = name(f, cx);
    return dataset ? { kind: "ChangeTrigger", dataset } : undefined;
  },

  globTrigger(f: Frame, cx: BuildContext): { kind: "PushTrigger" | "PullRequestTrigger"; globs: A.StringLiteral[] } {
    return { kind: f.token?.tokenType === T.PullRequest ? "PullRequestTrigger" : "PushTrigger", globs: realTokens(f).map((t) => lowerString(t, cx)) };
  },

  targetDecl(f: Frame, cx: BuildContext): A.TargetDecl | undefined {
    const id = name(f, cx);
    const span = spanOf(f, cx);
    if (!id || !span) return drop(f, cx);
    return { kind: "Target", name: id, options: (f.one as A.KeyValue[] | undefined) ?? [], span };
  },

  inputs(f: Frame, cx: BuildContext): A.InputsMember | undefined {
    const span = spanOf(f, cx);
    return span ? { kind: "Inputs", entries: list(f), span } : drop(f, cx);
  },

  inputBinding(f: Frame, cx: BuildContext): A.InputEntry | undefined {
    const id = name(f, cx);
    const value = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    return id && value && span ? { kind: "InputEntry", name: id, value, span } : undefined;
  },

  inputDecl(f: Frame, cx: BuildContext): A.InputEntry | undefined {
    const id = name(f, cx);
    const type = f.one as A.TypeRef | undefined;
    const span = spanOf(f, cx);
    if (!id || !type || !span) return drop(f, cx);
    const value = f.two as A.Expr | undefined;
    return { kind: "InputEntry", name: id, type, ...(value ? { value } : {}), span };
  },

  outputsMember(f: Frame, cx: BuildContext): A.OutputsMember | undefined {
    const span = spanOf(f, cx);
    return span ? { kind: "Outputs", entries: (f.one as A.TypedEntry[] | undefined) ?? [], span } : undefined;
  },

  metricsMember(f: Frame, cx: BuildContext): A.MetricsMember | undefined {
    const span = spanOf(f, cx);
    return span ? { kind: "Metrics", entries: (f.one as A.TypedEntry[] | undefined) ?? [], span } : undefined;
  },

  runMember(f: Frame, cx: BuildContext): A.RunMember | undefined {
    const command = string(f.token, cx);
    const span = spanOf(f, cx);
    return command && span ? { kind: "Run", command, span } : undefined;
  },

  imageMember(f: Frame, cx: BuildContext): A.ImageMember | undefined {
    const image = string(f.token, cx);
    const span = spanOf(f, cx);
    return image && span ? { kind: "Image", image, span } : undefined;
  },

  codeMember(f: Frame, cx: BuildContext): A.CodeMember | undefined {
    const span = spanOf(f, cx);
    const paths = realTokens(f).map((t) => lowerString(t, cx));
    return span && paths.length > 0 ? { kind: "Code", paths, span } : undefined;
  },

  envMember(f: Frame, cx: BuildContext): A.EnvMember | undefined {
    const span = spanOf(f, cx);
    return span ? { kind: "Env", entries: (f.one as A.KeyValue[] | undefined) ?? [], span } : undefined;
  },

  secretsMember(f: Frame, cx: BuildContext): A.SecretsMember | undefined {
    const span = spanOf(f, cx);
    if (!span) return undefined;
    return { kind: "Secrets", names: realTokens(f).map((t) => cx.ident(t)), span };
  },

  resourcesMember(f: Frame, cx: BuildContext): A.ResourcesMember | undefined {
    const span = spanOf(f, cx);
    return span ? { kind: "Resources", entries: (f.one as A.KeyValue[] | undefined) ?? [], span } : undefined;
  },

  retryMember(f: Frame, cx: BuildContext): A.RetryMember | undefined {
    const count = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    return count && span ? { kind: "Retry", count, span } : undefined;
  },

  timeoutMember(f: Frame, cx: BuildContext): A.TimeoutMember | undefined {
    const duration = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    return duration && span ? { kind: "Timeout", duration, span } : undefined;
  },

  cacheMember(f: Frame, cx: BuildContext): A.CacheMember | undefined {
    const span = spanOf(f, cx);
    if (!span || !isReal(f.token)) return undefined;
    return { kind: "Cache", enabled: f.token.tokenType === T.On, span };
  },

  afterMember(f: Frame, cx: BuildContext): A.AfterMember | undefined {
    const span = spanOf(f, cx);
    const names = realTokens(f).map((t) => cx.ident(t));
    const not = f.token?.tokenType === T.Not ? { not: true as const } : {};
    return span && names.length > 0 ? { kind: "After", names, ...not, span } : undefined;
  },

  entryBlock: (f: Frame): unknown[] => list(f),

  typedEntry(f: Frame, cx: BuildContext): A.TypedEntry | undefined {
    const id = name(f, cx);
    const type = f.one as A.TypeRef | undefined;
    const span = spanOf(f, cx);
    return id && type && span ? { kind: "TypedEntry", name: id, type, span } : undefined;
  },

  keyValue(f: Frame, cx: BuildContext): A.KeyValue | undefined {
    const key = name(f, cx);
    const value = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    return key && value && span ? { kind: "KeyValue", key, value, span } : undefined;
  },

  unknownMember: (f: Frame): IToken | undefined => (isReal(f.name) ? f.name : undefined),

  typeRef(f: Frame, cx: BuildContext): A.TypeRef | undefined {
    const id = name(f, cx);
    const span = spanOf(f, cx);
    if (!id || !span) return undefined;
    return { kind: "TypeRef", name: id, args: list(f), optional: isReal(f.token), span };
  },

  expression(f: Frame, cx: BuildContext): A.Expr | undefined {
    // Operands after one that could not be built are not built either: drop their diagnostics.
    if (f.cut >= 0) cx.diagnostics.length = f.cut;
    const operands = (f.list ?? []) as (A.Expr | Prefixed)[];
    const expr = operands.length === 1 && !(operands[0] instanceof Prefixed) ? (operands[0] as A.Expr) : foldOperators(operands, f.tokens ?? [], cx);
    return expr === undefined ? undefined : withinDepth(expr, cx);
  },

  binaryOperator: (f: Frame): IToken | undefined => (isReal(f.token) ? f.token : undefined),

  /** The operand, with its prefix operators if it has any (`expression` applies those). */
  operand(f: Frame, cx: BuildContext): A.Expr | Prefixed | undefined {
    const expr = isReal(f.token) ? lowerLiteral(f.token, cx) : (f.one as A.Expr | undefined);
    if (expr === undefined) return undefined;
    const prefixes = realTokens(f);
    return prefixes.length === 0 ? expr : new Prefixed(prefixes, expr);
  },

  listLiteral(f: Frame, cx: BuildContext): A.ListLiteral | undefined {
    const span = spanOf(f, cx);
    return span ? { kind: "List", items: list(f), span } : undefined;
  },

  parenExpr(f: Frame, cx: BuildContext): A.ParenExpr | undefined {
    const expr = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    return expr && span ? { kind: "Paren", expr, span } : undefined;
  },

  deployedExpr(f: Frame, cx: BuildContext): A.DeployedExpr | undefined {
    const env = name(f, cx);
    const metric = isReal(f.token) ? cx.ident(f.token) : undefined;
    const span = spanOf(f, cx);
    const fromToken = realTokens(f)[0];
    const from = fromToken !== undefined ? { from: cx.ident(fromToken) } : {};
    return env && metric && span ? { kind: "Deployed", env, ...from, metric, span } : undefined;
  },

  collectExpr(f: Frame, cx: BuildContext): A.CollectExpr | undefined {
    const operand = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    return operand && span ? { kind: "Collect", operand, span } : undefined;
  },

  refOrCall(f: Frame, cx: BuildContext): A.RefExpr | A.CallExpr | undefined {
    const callee = ref(f, cx);
    if (!callee) return drop(f, cx);
    if (f.two !== true) return callee;
    const args = (f.one as A.Argument[] | undefined) ?? [];
    return { kind: "Call", callee, args, span: spanOf(f, cx) ?? callee.span };
  },

  callExpr(f: Frame, cx: BuildContext): A.CallExpr | undefined {
    const callee = ref(f, cx);
    const span = spanOf(f, cx);
    if (!callee || !span) return drop(f, cx);
    return { kind: "Call", callee, args: (f.one as A.Argument[] | undefined) ?? [], span };
  },

  argument(f: Frame, cx: BuildContext): A.Argument | undefined {
    const id = name(f, cx);
    const value = f.one as A.Expr | undefined;
    const span = spanOf(f, cx);
    return id && value && span ? { kind: "Argument", name: id, value, span } : undefined;
  },
} satisfies Record<string, NodeBuilder>;

/**
 * `expr`, or `undefined` (reported as MLP3013) when its tree is deeper than `MAX_EXPR_DEPTH`,
 * so no walker after the parser ever meets a tree that deep. Every expression passes here as it
 * is built, so each is measured down to the expressions inside it only.
 */
function withinDepth(expr: A.Expr, cx: BuildContext): A.Expr | undefined {
  switch (expr.kind) {
    case "Binary":
    case "Unary":
    case "Paren":
    case "List":
    case "Call":
    case "Collect":
      break;
    default:
      return expr; // a leaf: depth 1
  }
  const depth = exprDepth(expr, cx.depths);
  if (depth > MAX_EXPR_DEPTH) {
    cx.report("MLP3013", `expression nests ${depth} levels deep; the limit is ${MAX_EXPR_DEPTH}`, expr.span, {
      help: ["split the computation: compute a value in a step and report it as a metric"],
    });
    return undefined;
  }
  cx.depths.set(expr, depth);
  return expr;
}
