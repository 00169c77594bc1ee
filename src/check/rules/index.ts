/**
 * The checker's rules, in the order they run: by phase (`names`, `types`, `graph`, see
 * `rule.ts`), and within a phase from declarations to uses. Diagnostics are sorted by place
 * before they are shown, so the order here decides only which phase reports first.
 */
import type { CheckRule } from "../rule.js";
import { acyclicGraph } from "./acyclic-graph.js";
import { deployModelIsModel } from "./deploy-model-is-model.js";
import { knownComponents } from "./known-components.js";
import { knownNames } from "./known-names.js";
import { knownPlaceholders } from "./known-placeholders.js";
import { knownResourceKeys } from "./known-resource-keys.js";
import { noUnusedOutputs } from "./no-unused-outputs.js";
import { singleDeployMembers } from "./single-deploy-members.js";
import { singlePipelineMembers } from "./single-pipeline-members.js";
import { singleStepMembers } from "./single-step-members.js";
import { uniqueInputNames } from "./unique-input-names.js";
import { uniqueKeys } from "./unique-keys.js";
import { uniquePipelineMemberNames } from "./unique-pipeline-member-names.js";
import { uniquePorts } from "./unique-ports.js";
import { uniqueSchemaColumns } from "./unique-schema-columns.js";
import { uniqueTopLevelNames } from "./unique-top-level-names.js";
import { validComponentArguments } from "./valid-component-arguments.js";
import { validControlFlow } from "./valid-control-flow.js";
import { validDeployTargets } from "./valid-deploy-targets.js";
import { validTypeReferences } from "./valid-type-references.js";
import { validSweeps } from "./valid-sweeps.js";
import { validSweepGrids } from "./valid-sweep-grids.js";
import { wellTyped } from "./well-typed.js";

export const CHECK_RULES: readonly CheckRule[] = [
  // names: what is declared
  uniqueTopLevelNames,
  uniqueSchemaColumns,
  validTypeReferences,
  singleStepMembers,
  uniqueInputNames,
  knownResourceKeys,
  uniqueKeys,
  uniquePorts,
  uniquePipelineMemberNames,
  singlePipelineMembers,
  singleDeployMembers,
  knownComponents,
  // names: what is used
  knownNames,
  knownPlaceholders,
  validSweeps,
  // types
  wellTyped,
  validSweepGrids,
  validComponentArguments,
  validDeployTargets,
  // graph
  validControlFlow,
  acyclicGraph,
  deployModelIsModel,
  noUnusedOutputs,
];
