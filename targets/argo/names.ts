/**
 * Kubernetes and Argo naming rules, checked at compile time so that a pipeline the orchestrator
 * would refuse at submit time is refused by `mlp compile` instead, with the name's origin span.
 *
 * Sources: Kubernetes `IsDNS1123Label` / `IsDNS1123Subdomain` / `IsValidLabelValue`
 * (k8s.io/apimachinery/pkg/util/validation), Argo `workflow/validate/validate.go`
 * (`maxCharsInObjectName` 63, `maxCharsInCronWorkflowName` 52, `workflowFieldNameFmt`
 * `[a-zA-Z0-9][-a-zA-Z0-9]*` up to 128 characters, parameter and artifact names
 * `[-a-zA-Z0-9_]+`, DAG task names that must not begin with a digit when dependencies are used).
 */

/** Longest Workflow / WorkflowTemplate name Argo accepts (it is also used as a label value). */
export const MAX_WORKFLOW_NAME = 63;
/** Longest CronWorkflow name: Argo appends `-<unix seconds>` (11 characters) to each run's name. */
export const MAX_CRON_WORKFLOW_NAME = 52;
/**
 * Longest `generateName` prefix that is kept whole: the API server appends 5 random characters
 * and truncates the prefix to 58 characters to stay within 63.
 */
export const MAX_GENERATE_NAME_PREFIX = 58;
/** Longest template or DAG task name Argo accepts. */
export const MAX_FIELD_NAME = 128;
/** Longest Kubernetes label value. */
export const MAX_LABEL_VALUE = 63;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const FIELD_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const PARAM_NAME = /^[-a-zA-Z0-9_]+$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** True when `s` is a DNS-1123 label (namespaces, InferenceService names): at most 63 characters. */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** True when `s` is a DNS-1123 subdomain (Secret and ServiceAccount names): at most 253 characters. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** True when `s` is a valid Argo template or DAG task name. */
export function isArgoFieldName(s: string): boolean {
  return s.length <= MAX_FIELD_NAME && FIELD_NAME.test(s);
}

/** True when `s` is a valid Argo parameter or artifact name. */
export function isArgoParamName(s: string): boolean {
  return PARAM_NAME.test(s);
}

/** True when `s` is a valid Kubernetes label value. */
export function isLabelValue(s: string): boolean {
  return s.length <= MAX_LABEL_VALUE && LABEL_VALUE.test(s);
}

/** True when `s` can be a key of a Kubernetes Secret. */
export function isSecretKey(s: string): boolean {
  return s.length <= 253 && SECRET_KEY.test(s);
}

/**
 * The Kubernetes spelling of an mlp identifier (`src/source/identifier.ts`): lower case, `_` as
 * `-`. An identifier holds only letters, digits and `_`, so the result is a DNS-1123 label unless the identifier starts or ends
 * with `_` or is too long; callers check with `isDns1123Label` and report.
 */
export function kubeName(identifier: string): string {
  return identifier.toLowerCase().replace(/_/g, "-");
}

/** Why `name` is not a DNS-1123 label, in words for a diagnostic, or undefined when it is one. */
export function dns1123LabelProblem(name: string, max = 63): string | undefined {
  if (name.length === 0) return "it is empty";
  if (name.length > max) return `it is ${name.length} characters long, more than ${max}`;
  if (/[^-a-z0-9]/.test(name)) return "it may contain only lower-case letters, digits and `-`";
  if (!/^[a-z0-9]/.test(name)) return "it must start with a letter or digit";
  if (!/[a-z0-9]$/.test(name)) return "it must end with a letter or digit";
  return undefined;
}
