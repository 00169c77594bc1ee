/** Every built-in lint rule, alphabetical. A rule's `name` equals its file name. */
import type { LintRule } from "../rule.js";
import cacheOffWithoutReason from "./cache-off-without-reason.js";
import invalidSuppression from "./invalid-suppression.js";
import missingTimeout from "./missing-timeout.js";
import orphanGate from "./orphan-gate.js";
import secretInEnv from "./secret-in-env.js";
import unguardedProductionDeploy from "./unguarded-production-deploy.js";
import unpinnedImage from "./unpinned-image.js";
import untrackedScript from "./untracked-script.js";
import unusedComponent from "./unused-component.js";
import unusedDataset from "./unused-dataset.js";
import unusedMetric from "./unused-metric.js";
import unusedOutput from "./unused-output.js";
import unusedParam from "./unused-param.js";

export const RULES: readonly LintRule[] = [
  cacheOffWithoutReason,
  invalidSuppression,
  missingTimeout,
  orphanGate,
  secretInEnv,
  unguardedProductionDeploy,
  unpinnedImage,
  untrackedScript,
  unusedComponent,
  unusedDataset,
  unusedMetric,
  unusedOutput,
  unusedParam,
];
