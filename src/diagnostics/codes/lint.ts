/** MLP6xxx: lint rules (registered by src/lint) */
import type { CodeInfo } from "./code-info.js";

export const LINT_CODES: CodeInfo[] = [];
