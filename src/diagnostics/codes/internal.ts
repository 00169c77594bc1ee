/** MLP9xxx: internal errors */
import type { CodeInfo } from "./code-info.js";

export const INTERNAL_CODES: CodeInfo[] = [];
