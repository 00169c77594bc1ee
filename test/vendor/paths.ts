/** Paths of the vendored validators and API facts (see README.md beside this file). */
import { resolve } from "node:path";

const HERE = import.meta.dirname;

export const GITHUB_WORKFLOW_SCHEMA = resolve(HERE, "schemas/github-workflow.schema.json");
export const ARGO_WORKFLOWS_SCHEMA = resolve(HERE, "schemas/argo-workflows.schema.json");
export const SARIF_SCHEMA = resolve(HERE, "schemas/sarif-2.1.0.schema.json");
export const AIRFLOW_API_JSON = resolve(HERE, "airflow/api.json");
