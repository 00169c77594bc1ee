/**
 * An auditor for Argo's template tags: finds every `{{…}}` the way Argo's fasttemplate scanner
 * does (a tag opens at `{{` and closes at the first `}}` after it) in every string of a document
 * that Argo substitutes, and accepts only the tags the Argo target writes itself: simple tags
 * naming the workflow, an input parameter or artifact, a sweep's item or a task's output artifact, and expression tags built
 * from a fixed vocabulary (no double quotes, no user text, no nested tags).
 */

const SIMPLE = [
  /^workflow\.name$/,
  /^inputs\.parameters\.[-A-Za-z0-9_]+$/,
  /^tasks\.[a-z0-9][-a-z0-9]*\.outputs\.artifacts\.[-A-Za-z0-9_]+$/,
  // a sweep: the fan-out's items, and the artifacts passed into its templates
  /^item\.[-A-Za-z0-9_]+$/,
  /^inputs\.artifacts\.[-A-Za-z0-9_]+$/,
];
const IDENTIFIERS = new Set(["asFloat", "asInt", "fromJSON", "toJson", "tasks", "workflow", "parameters", "outputs", "sprig", "b64enc", "b64dec", "inputs", "default", "toString", "replace", "trimPrefix", "ternary", "dig", "contains", "status", "failures", "and", "or", "not", "true", "false", "nil"]);
const TOKEN = /\s+|'(?:[A-Za-z0-9 _.,/@+=-]|\\u[0-9a-f]{4}|\\U[0-9a-f]{8})*'|[A-Za-z_][A-Za-z0-9_]*|[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?|\?\?|<=|>=|==|!=|[-+*/<>()[\]{},.:]/y;

/** Why the expression body `expr` (after `{{=`) is not one the target writes, or undefined. */
export function expressionProblem(expr: string): string | undefined {
  if (expr.includes('"')) return "contains a double quote";
  if (expr.includes("?") && expr.includes(":")) return "contains `?` and `:` (Argo would split it as a ternary)";
  let i = 0;
  while (i < expr.length) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(expr);
    if (m === null) return `unexpected text at ${i}: ${JSON.stringify(expr.slice(i, i + 20))}`;
    const tok = m[0];
    if (/^[A-Za-z_]/.test(tok) && !IDENTIFIERS.has(tok)) return `unknown identifier \`${tok}\``;
    i += tok.length;
  }
  return undefined;
}

/** Tag problems in one string (empty when every tag is one the target writes). */
export function tagProblems(s: string): string[] {
  const problems: string[] = [];
  let from = 0;
  for (;;) {
    const open = s.indexOf("{{", from);
    if (open < 0) break;
    const close = s.indexOf("}}", open + 2);
    if (close < 0) {
      problems.push(`unterminated tag at ${open}`);
      break;
    }
    const tag = s.slice(open + 2, close);
    if (tag.startsWith("=")) {
      const p = expressionProblem(tag.slice(1));
      if (p !== undefined) problems.push(`expression tag ${JSON.stringify(tag)}: ${p}`);
    } else if (!SIMPLE.some((re) => re.test(tag))) {
      problems.push(`tag ${JSON.stringify(tag)} is not one the target writes`);
    }
    from = close + 2;
  }
  return problems;
}

/**
 * Every tag problem in an Argo document's `spec` (what Argo substitutes), with JSON paths.
 * Top-level `metadata` is not substituted by Argo and is skipped.
 */
export function documentTagProblems(doc: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === "string") for (const p of tagProblems(v)) out.push(`${path}: ${p}`);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}/${i}`));
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) {
      for (const p of tagProblems(k)) out.push(`${path}/${k} (key): ${p}`);
      walk(x, `${path}/${k}`);
    }
  };
  walk(doc.spec, "/spec");
  return out;
}
