/**
 * Airflow's rules for `dag_id` and `task_id` (`airflow.utils.helpers.validate_key`): at most
 * 250 characters of `KEY_REGEX = ^[\w.-]+$`. mlp is stricter and accepts only ASCII word
 * characters, so ids also work as file names, log paths and Kubernetes label sources.
 */

/** `airflow.models.taskinstance.ID_LEN` / `validate_key(max_length=250)`. */
export const AIRFLOW_ID_MAX = 250;

/** Why Airflow would refuse `id` as a dag or task id, or `undefined` if it is accepted. */
export function airflowIdProblem(id: string): string | undefined {
  if (id.length === 0) return "it is empty";
  if (id.length > AIRFLOW_ID_MAX) return `it is ${id.length} characters long; the limit is ${AIRFLOW_ID_MAX}`;
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) return "it may contain only ASCII letters, digits, `_`, `.` and `-`";
  return undefined;
}
