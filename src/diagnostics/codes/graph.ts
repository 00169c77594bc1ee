/** MLP4xxx: the pipeline graph */
import type { CodeInfo } from "./code-info.js";

export const GRAPH_CODES: CodeInfo[] = [];
