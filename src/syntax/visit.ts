/**
 * A tiny generic walker over the AST of `ast.ts`, shared by the checker, lint rules and the
 * formatter so none of them hand-writes child traversal. Children are visited in source order.
 * Comments are not part of the tree: read them from `FileNode.comments`.
 */
import type { Node } from "./ast.js";

/** Callbacks for `walk`. Returning `false` from `enter` skips the node's children (and `leave`). */
export interface Visitor {
  enter?(node: Node, parent: Node | undefined): boolean | void;
  leave?(node: Node, parent: Node | undefined): void;
}

/** Walks `node` and its descendants depth-first, calling `enter` before and `leave` after children. */
export function walk(node: Node, visitor: Visitor): void {
  visitNode(node, undefined, visitor);
}

function visitNode(node: Node, parent: Node | undefined, visitor: Visitor): void {
  if (visitor.enter?.(node, parent) === false) return;
  for (const child of children(node)) visitNode(child, node, visitor);
  visitor.leave?.(node, parent);
}

/** The direct children of `node`, in source order. */
export function children(node: Node): Node[] {
  switch (node.kind) {
    case "File":
      return [...node.declarations];
    case "Import":
      return [node.path];
    case "Schema":
      return [node.name, ...node.fields];
    case "Component":
    case "Pipeline":
      return [node.name, ...node.members];
    case "TypeRef":
      return [node.name, ...node.args];
    case "TypedEntry":
      return [node.name, node.type];
    case "Description":
      return [node.text];
    case "Param":
      return node.default ? [node.name, node.type, node.default] : [node.name, node.type];
    case "Secret":
      return [node.name];
    case "Dataset":
      return [node.name, node.type, node.uri];
    case "Step":
      return [node.name, ...(node.members ?? []), ...(node.call ? [node.call] : [])];
    case "Gate":
      return [node.name, ...node.conditions];
    case "Deploy":
      return [node.env, ...node.members];
    case "Sweep":
      return [node.name, ...node.members];
    case "Over":
      return [node.name, node.values];
    case "Best":
      return [node.direction, node.metric];
    case "DeployModel":
      return [node.ref];
    case "Approval":
      return [];
    case "DeployTo":
      return [node.target, ...node.options];
    case "Schedule":
      return [node.cron];
    case "ChangeTrigger":
      return [node.dataset];
    case "PushTrigger":
    case "PullRequestTrigger":
      return [...node.globs];
    case "Target":
      return [node.name, ...node.options];
    case "KeyValue":
      return [node.key, node.value];
    case "Inputs":
      return [...node.entries];
    case "InputEntry":
      return [node.name, ...(node.type ? [node.type] : []), ...(node.value ? [node.value] : [])];
    case "Outputs":
    case "Metrics":
      return [...node.entries];
    case "Run":
      return [node.command];
    case "Image":
      return [node.image];
    case "Code":
      return [...node.paths];
    case "Env":
    case "Resources":
      return [...node.entries];
    case "Secrets":
      return [...node.names];
    case "Retry":
      return [node.count];
    case "Timeout":
      return [node.duration];
    case "Cache":
      return [];
    case "After":
      return [...node.names];
    case "Number":
    case "Duration":
    case "Quantity":
    case "String":
    case "Bool":
    case "Identifier":
    case "Comment":
      return [];
    case "List":
      return [...node.items];
    case "Ref":
      return [...node.path];
    case "Deployed":
      return [node.env, ...(node.from ? [node.from] : []), node.metric];
    case "Collect":
      return [node.operand];
    case "Call":
      return [node.callee, ...node.args];
    case "Argument":
      return [node.name, node.value];
    case "Binary":
      return [node.left, node.right];
    case "Unary":
      return [node.operand];
    case "Paren":
      return [node.expr];
  }
}
