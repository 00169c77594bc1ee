/**
 * The registry of every diagnostic code, one family per file under `codes/`.
 * Codes are stable: never renumbered, never reused once retired.
 */
import type { CodeInfo } from "./codes/code-info.js";
import { SYNTAX_CODES } from "./codes/syntax.js";
import { NAME_CODES } from "./codes/names.js";
import { TYPE_CODES } from "./codes/types.js";
import { GRAPH_CODES } from "./codes/graph.js";
import { TARGET_CODES } from "./codes/target.js";
import { LINT_CODES } from "./codes/lint.js";
import { RUNTIME_CODES } from "./codes/runtime.js";
import { INTERNAL_CODES } from "./codes/internal.js";

export type { CodeInfo } from "./codes/code-info.js";

const ALL: readonly CodeInfo[] = [
  ...SYNTAX_CODES,
  ...NAME_CODES,
  ...TYPE_CODES,
  ...GRAPH_CODES,
  ...TARGET_CODES,
  ...LINT_CODES,
  ...RUNTIME_CODES,
  ...INTERNAL_CODES,
].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

const BY_CODE = new Map(ALL.map((c) => [c.code, c]));

/** Every registered code, sorted. */
export function allCodes(): readonly CodeInfo[] {
  return ALL;
}

export function codeInfo(code: string): CodeInfo | undefined {
  return BY_CODE.get(code);
}
