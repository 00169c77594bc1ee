/** MLP1xxx: lexing and syntax */
import type { CodeInfo } from "./code-info.js";

export const SYNTAX_CODES: CodeInfo[] = [];
