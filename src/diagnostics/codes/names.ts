/** MLP2xxx: names, imports, placeholders */
import type { CodeInfo } from "./code-info.js";

export const NAME_CODES: CodeInfo[] = [];
