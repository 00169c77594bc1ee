/** MLP3xxx: types, arguments, optional values */
import type { CodeInfo } from "./code-info.js";

export const TYPE_CODES: CodeInfo[] = [];
