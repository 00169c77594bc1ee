/**
 * Small read-only queries over the syntax tree that several lint rules share: which members a
 * step really has (its own, or its component's), and which names a pipeline refers to.
 */
import { flatPipelineMembers } from "../syntax/pipeline-members.js";
import type { LintContext } from "./rule.js";
import type {
  ComponentDecl,
  Expr,
  FileNode,
  Identifier,
  PipelineDecl,
  PipelineMember,
  RefExpr,
  StepDecl,
  StepMember,
} from "../syntax/ast.js";

export function pipelinesOf(file: FileNode): PipelineDecl[] {
  return file.declarations.filter((d): d is PipelineDecl => d.kind === "Pipeline");
}

/** Components declared anywhere in the program, by name (first declaration wins). */
export function componentsOf(program: readonly FileNode[]): Map<string, ComponentDecl> {
  const map = new Map<string, ComponentDecl>();
  for (const file of program) {
    for (const d of file.declarations) {
      if (d.kind === "Component" && !map.has(d.name.name)) map.set(d.name.name, d);
    }
  }
  return map;
}

/** Members of the given kind in a pipeline. */
export function membersOf<K extends PipelineMember["kind"]>(
  pipeline: PipelineDecl,
  kind: K,
): Extract<PipelineMember, { kind: K }>[] {
  // sweep members count: a step in a sweep block is a step of the pipeline
  return flatPipelineMembers(pipeline).filter((m): m is Extract<PipelineMember, { kind: K }> => m.kind === kind);
}

/** The body a step runs: its own members, or those of the component it calls (none for `std.*`). */
export function effectiveStepMembers(step: StepDecl, components: Map<string, ComponentDecl>): readonly StepMember[] {
  if (step.members) return step.members;
  const callee = step.call?.callee.path.map((p) => p.name).join(".");
  return (callee && components.get(callee)?.members) || [];
}

export function findMember<K extends StepMember["kind"]>(
  members: readonly StepMember[],
  kind: K,
): Extract<StepMember, { kind: K }> | undefined {
  return members.find((m): m is Extract<StepMember, { kind: K }> => m.kind === kind);
}

/** Every reference inside an expression, depth first. */
export function refsIn(expr: Expr | undefined, out: RefExpr[] = []): RefExpr[] {
  if (!expr) return out;
  switch (expr.kind) {
    case "Ref":
      out.push(expr);
      break;
    case "Binary":
      refsIn(expr.left, out);
      refsIn(expr.right, out);
      break;
    case "Unary":
      refsIn(expr.operand, out);
      break;
    case "Paren":
      refsIn(expr.expr, out);
      break;
    case "List":
      for (const item of expr.items) refsIn(item, out);
      break;
    case "Call":
      for (const arg of expr.args) refsIn(arg.value, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Every use of a name inside a pipeline: references in inputs, arguments, gate conditions,
 * deploy models and param defaults, plus `after` lists, `secrets [..]` lists and change triggers.
 * `path[0]` is the name used; `path[1]`, when present, the member (`step.output`).
 */
export function namesUsedIn(pipeline: PipelineDecl): { path: readonly Identifier[] }[] {
  const uses: { path: readonly Identifier[] }[] = [];
  const addExpr = (e: Expr | undefined) => {
    for (const r of refsIn(e)) uses.push({ path: r.path });
  };
  const addStepMembers = (members: readonly StepMember[]) => {
    for (const m of members) {
      if (m.kind === "Inputs") for (const entry of m.entries) addExpr(entry.value);
      else if (m.kind === "After") for (const n of m.names) uses.push({ path: [n] });
      else if (m.kind === "Secrets") for (const n of m.names) uses.push({ path: [n] });
      else if (m.kind === "Retry") addExpr(m.count);
      else if (m.kind === "Timeout") addExpr(m.duration);
    }
  };
  for (const m of flatPipelineMembers(pipeline)) {
    switch (m.kind) {
      case "Param":
        addExpr(m.default);
        break;
      case "Sweep":
        for (const sm of m.members) {
          if (sm.kind === "Over") addExpr(sm.values);
          else if (sm.kind === "Best") addExpr(sm.metric);
        }
        break;
      case "Step":
        if (m.members) addStepMembers(m.members);
        if (m.call) for (const arg of m.call.args) addExpr(arg.value);
        break;
      case "Gate":
        for (const c of m.conditions) addExpr(c);
        break;
      case "Deploy":
        for (const dm of m.members) {
          if (dm.kind === "DeployModel") addExpr(dm.ref);
          else if (dm.kind === "After") for (const n of dm.names) uses.push({ path: [n] });
        }
        break;
      case "ChangeTrigger":
        uses.push({ path: [m.dataset] });
        break;
      default:
        break;
    }
  }
  return uses;
}

/** Names that `after` lists (of steps and deploys) mention, in a pipeline. */
export function afterTargets(pipeline: PipelineDecl): Set<string> {
  const names = new Set<string>();
  for (const m of flatPipelineMembers(pipeline)) {
    if (m.kind === "Step" && m.members) {
      for (const sm of m.members) if (sm.kind === "After") for (const n of sm.names) names.add(n.name);
    } else if (m.kind === "Deploy") {
      for (const dm of m.members) if (dm.kind === "After") for (const n of dm.names) names.add(n.name);
    }
  }
  return names;
}

/**
 * Declared outputs or metrics (`kind`) of every step in the linted file that no reference
 * `step.name` reads. A body step is pointed at by the declaration, a call step by its name.
 */
export function unreadStepPorts(
  ctx: LintContext,
  kind: "Outputs" | "Metrics",
): { step: string; port: string; span: Identifier["span"] }[] {
  const components = componentsOf(ctx.program);
  const found: { step: string; port: string; span: Identifier["span"] }[] = [];
  for (const pipeline of pipelinesOf(ctx.file)) {
    const read = new Set(
      namesUsedIn(pipeline)
        .filter((u) => u.path.length > 1)
        .map((u) => `${u.path[0]!.name}.${u.path[1]!.name}`),
    );
    for (const step of membersOf(pipeline, "Step")) {
      const ports = findMember(effectiveStepMembers(step, components), kind);
      for (const port of ports?.entries ?? []) {
        if (read.has(`${step.name.name}.${port.name.name}`)) continue;
        found.push({ step: step.name.name, port: port.name.name, span: step.members ? port.name.span : step.name.span });
      }
    }
  }
  return found;
}
