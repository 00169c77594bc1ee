/**
 * The Python helpers a DAG carries for #16's control flow: asserts, gates that branch to an
 * else branch, the finally steps' `${status}`, `deployed(…).model` inputs and deploy options
 * computed at run time. Like the rest of the prelude, they take their data as arguments or from
 * tables printed by the literal printer: this text holds no value from a `.mlp` file.
 */

/** Asserts: a condition that does not hold fails the task (its dependents: upstream_failed). */
export const PRELUDE_ASSERT = `

def _mlp_assert(check, conditions, ti, params, **_):
    """PythonOperator callable of an assert: raises, failing the run, when a condition does not hold."""
    for text, expr in conditions:
        if check(expr, ti, params) is not True:
            raise ValueError("mlp: assert failed: " + text + _mlp_values(expr, ti, params))
        print("mlp assert: condition holds: " + text)
    return True


def _mlp_plain(expr, ti, params):
    return _mlp_eval(expr, ti, params)


def _mlp_resolved(expr, ti, params):
    """An assert that reads a best point's metrics (the sweep prelude's _mlp_resolve)."""
    return _mlp_eval(_mlp_resolve(expr, ti, -1), ti, params)
`;

/** Gates with an else branch (or in a DAG with finally steps): a BranchPythonOperator. */
export const PRELUDE_BRANCH = `

def _mlp_branch(gate, conditions, then_ids, else_ids, ti, params, **_):
    """BranchPythonOperator callable: the task ids to follow when the gate holds, or its else branch.

    Every other task directly downstream is skipped, and what depends on it skips by its
    trigger rule; the finally tasks are in both lists, so they always run.
    """
    return then_ids if gate(conditions, ti=ti, params=params) else else_ids
`;

/** Finally steps: the run's status, and failing the run after them when a task failed. */
export const PRELUDE_FINALLY = `

def _mlp_failed_marker(**_):
    """Runs (trigger rule one_failed) only when some task failed: the finally steps read this XCom."""
    return "failed"


def _mlp_status(ti, failed_task, gates):
    """Macro: the run's status for the finally steps: failed, gated or succeeded.

    failed: the one_failed marker ran. gated: a gate pushed mlp_held False (a mapped gate,
    False at some point). Airflow does not tell a task that the run was cancelled.
    """
    if failed_task is not None and ti.xcom_pull(task_ids=failed_task) is not None:
        return "failed"
    for gate in gates:
        held = ti.xcom_pull(task_ids=gate, key="mlp_held")
        if held is False:
            return "gated"
        if held is not None and not isinstance(held, (bool, str, dict)) and any(h is False for h in held):
            return "gated"
    return "succeeded"


def _mlp_fail_run(**_):
    """Leaf after the finally steps: fails the DAG run when a task failed before them.

    Airflow decides a run's state by its leaves, here the finally steps; this task (trigger rule
    all_success) runs only when the one_failed marker ran, and is skipped otherwise.
    """
    raise ValueError("mlp: the run failed: a task failed before the finally steps ran")
`;

/** `deployed(ENV, from: PIPELINE)`: the latest deploy record that another DAG keeps. */
export const PRELUDE_DEPLOYED_FROM = `

def _mlp_deployed_from(dag_id, record_task, ti, **_):
    """The latest record of DAG_ID's RECORD_TASK (this or an earlier run), or None.

    xcom_pull(dag_id=..., include_prior_dates=True), read as _mlp_deployed reads this DAG's own.
    """
    found = ti.xcom_pull(dag_id=dag_id, task_ids=record_task, include_prior_dates=True)
    if found is not None and not isinstance(found, (dict, str, bytes)):
        found = list(found)
    records = [r for r in (found if isinstance(found, list) else [found]) if isinstance(r, dict)]
    if not records:
        return None
    return max(records, key=lambda r: (_mlp_recorded_at(r), str(r.get("run_id"))))
`;

/** `deployed(ENV[, from: PIPELINE]).model` inputs: the latest deploy record's model URI. */
export const PRELUDE_DEPLOYED_INPUT = `

def _mlp_deployed_model(ti, run_id, step, name):
    """Macro: the model now deployed, for input NAME of STEP (a table entry), or its fallback.

    The record is the XCom of the deploying DAG's record-ENV task, read with
    xcom_pull(dag_id=..., include_prior_dates=True); the latest recorded_at wins.
    """
    spec = _MLP_DEPLOYED_INPUTS[step][name]
    record = _mlp_deployed_from(spec["dag_id"], spec["record"], ti)
    if record is not None and record.get("model"):
        return str(record["model"])
    fallback = spec["fallback"]
    if fallback is None:
        raise ValueError(
            "mlp: nothing is deployed to %r by pipeline %r (DAG %r): input %r of step %r needs a deployed model"
            % (spec["env"], spec["pipeline"], spec["dag_id"], name, step)
        )
    if fallback["kind"] == "text":
        return fallback["text"]
    parts = fallback["parts"]
    return "/".join([_mlp_artifact(run_id, parts[0], parts[1])] + list(parts[2:]))
`;

/** Deploy options computed at run time (\`optionExprs\`): each interpolated value, as text. */
export const PRELUDE_OPTIONS = `

def _mlp_option(ti, params, deploy, option, index):
    """Macro: value INDEX interpolated into OPTION of DEPLOY, formatted as text (shell-quoted by the script)."""
    return _mlp_fmt(_mlp_eval(_MLP_OPTION_EXPRS[deploy][option][index], ti, params))
`;
