/**
 * Where each Airflow name the target uses is imported from, per Airflow version: the
 * recommended `import_path` of `test/vendor/airflow/api.json` for that version's tree. The test
 * suite checks every emitted file against api.json, so a wrong path here fails a test.
 */

/** The Airflow names a generated DAG may use; `Asset` only on 3.x, `Dataset` only on 2.10. */
export type AirflowName = "DAG" | "task" | "BashOperator" | "PythonOperator" | "ShortCircuitOperator" | "BranchPythonOperator" | "KubernetesPodOperator" | "Asset" | "Dataset";

/** Module of each name, for Airflow 3.x (airflow.sdk plus the standard and cncf.kubernetes providers). */
const V3: Readonly<Partial<Record<AirflowName, string>>> = {
  DAG: "airflow.sdk",
  task: "airflow.sdk",
  BashOperator: "airflow.providers.standard.operators.bash",
  PythonOperator: "airflow.providers.standard.operators.python",
  ShortCircuitOperator: "airflow.providers.standard.operators.python",
  BranchPythonOperator: "airflow.providers.standard.operators.python",
  KubernetesPodOperator: "airflow.providers.cncf.kubernetes.operators.pod",
  Asset: "airflow.sdk",
};

/** Module of each name, for Airflow 2.10 (core operators, cncf.kubernetes provider). */
const V2: Readonly<Partial<Record<AirflowName, string>>> = {
  DAG: "airflow",
  task: "airflow.decorators",
  BashOperator: "airflow.operators.bash",
  PythonOperator: "airflow.operators.python",
  ShortCircuitOperator: "airflow.operators.python",
  BranchPythonOperator: "airflow.operators.python",
  KubernetesPodOperator: "airflow.providers.cncf.kubernetes.operators.pod",
  Dataset: "airflow.datasets",
};

/** The class of a data-aware schedule: `Asset` on 3.x, `Dataset` (its name before 3.0) on 2.10. */
export function assetClass(version: "3" | "2"): "Asset" | "Dataset" {
  return version === "3" ? "Asset" : "Dataset";
}

/** `from MODULE import A, B` lines for `names`, grouped by module, in a stable order. */
export function importLines(version: "3" | "2", names: ReadonlySet<AirflowName>): string[] {
  const table = version === "3" ? V3 : V2;
  const byModule = new Map<string, string[]>();
  for (const name of [...names].sort()) {
    const mod = table[name];
    if (mod === undefined) throw new Error(`${name} has no import path for Airflow ${version}`);
    byModule.set(mod, [...(byModule.get(mod) ?? []), name]);
  }
  return [...byModule.keys()].sort().map((mod) => `from ${mod} import ${(byModule.get(mod) ?? []).join(", ")}`);
}
