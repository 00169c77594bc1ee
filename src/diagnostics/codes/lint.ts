/**
 * MLP6xxx: lint rules, one code per rule of `src/lint/rules/`. The rule's Incorrect/Correct
 * examples live in its doc (`docs/lint/rules/<name>.md`) and are executed by test/lint, which
 * also checks this list against the rule registry. Severity is the rule's default level (rules
 * that start `off` are listed as warnings, the level they report at when enabled).
 */
import type { CodeInfo } from "./code-info.js";

export const LINT_CODES: CodeInfo[] = [
  { code: "MLP6000", severity: "error", title: "invalid lint configuration: `mlp.config.json` does not match its schema" },
  { code: "MLP6001", severity: "warning", title: "unpinned-image: an image without a pinned tag or digest (`:latest` or no tag)" },
  { code: "MLP6002", severity: "warning", title: "unguarded-production-deploy: a production deploy with no gate before it or no `approval required`" },
  { code: "MLP6003", severity: "warning", title: "orphan-gate: a gate that no step or deploy depends on" },
  { code: "MLP6004", severity: "warning", title: "untracked-script: a step runs a local script that its `code` list does not name" },
  { code: "MLP6005", severity: "warning", title: "missing-timeout: a step with no `timeout` in a scheduled pipeline" },
  { code: "MLP6006", severity: "warning", title: "secret-in-env: a secret passed through `env` instead of `secrets`" },
  { code: "MLP6007", severity: "warning", title: "unused-param: a param that no step, gate or default uses" },
  { code: "MLP6008", severity: "warning", title: "unused-dataset: a dataset that no step reads and no trigger watches" },
  { code: "MLP6009", severity: "warning", title: "unused-output: a step output that no step, gate or deploy reads" },
  { code: "MLP6010", severity: "warning", title: "unused-component: a component that no step in the program calls" },
  { code: "MLP6011", severity: "warning", title: "cache-off-without-reason: `cache off` without a comment saying why" },
  { code: "MLP6012", severity: "warning", title: "unused-metric: a metric declared but never gated on or read" },
  { code: "MLP6013", severity: "warning", title: "invalid-suppression: an `mlp-ignore` comment without a reason or naming an unknown rule" },
];
