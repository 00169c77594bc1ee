/** MLP5xxx: targets (5000-5099 shared, 5100 github, 5200 argo, 5300 airflow, 5400 plugins) */
import type { CodeInfo } from "./code-info.js";

export const TARGET_CODES: CodeInfo[] = [];
