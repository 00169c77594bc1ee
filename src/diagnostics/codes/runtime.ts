/** MLP7xxx: run time (parameters, data, steps) */
import type { CodeInfo } from "./code-info.js";

export const RUNTIME_CODES: CodeInfo[] = [];
