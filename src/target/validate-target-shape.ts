/**
 * Checks that a value loaded from a plugin really is a `Target` before mlp calls into it, so a
 * wrong export is reported as MLP5402 with a list of what is missing, not as a crash later.
 */

const CAPABILITIES = ["schedule", "dataTriggers", "pushTriggers", "approval", "gpu", "retries", "timeouts"] as const;

/** Target names: what `--target` and `target NAME { … }` accept. */
export const TARGET_NAME = /^[a-z][a-z0-9_-]*$/;

/** Every way `value` fails to be a `Target` (empty when it is one). */
export function targetShapeProblems(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [`the export is ${value === null ? "null" : typeof value}, not an object`];
  const t = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof t.name !== "string") problems.push("`name` must be a string");
  else if (!TARGET_NAME.test(t.name)) problems.push(`\`name\` \`${t.name}\` must match ${TARGET_NAME.source}`);
  if (typeof t.description !== "string") problems.push("`description` must be a string");
  if (typeof t.optionsSchema !== "object" || t.optionsSchema === null || Array.isArray(t.optionsSchema))
    problems.push("`optionsSchema` must be a JSON Schema object");
  if (t.precompiledOptions !== undefined) {
    const pre = t.precompiledOptions as Record<string, unknown> | null;
    if (typeof pre !== "object" || pre === null || typeof pre.schema !== "object" || pre.schema === null || typeof pre.build !== "function")
      problems.push("`precompiledOptions`, when given, must be `{ schema, build }`: the schema object it was compiled from and a function returning the validator");
  }
  if (typeof t.capabilities !== "object" || t.capabilities === null) problems.push("`capabilities` must be an object");
  else {
    const caps = t.capabilities as Record<string, unknown>;
    for (const c of CAPABILITIES) if (typeof caps[c] !== "boolean") problems.push(`\`capabilities.${c}\` must be a boolean`);
  }
  if (typeof t.emit !== "function") problems.push("`emit` must be a function `(ir, ctx) => { files, diagnostics }`");
  return problems;
}
