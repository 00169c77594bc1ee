/**
 * The Python helpers a DAG with a sweep carries (appended to the fixed prelude of
 * `runtime-prelude.ts`, whose text stays as it is for pipelines without sweeps). Like the rest of
 * the prelude, they take every value from the IR as an argument or from constants printed by the
 * literal printer, so this text holds nothing from a `.mlp` file.
 *
 * Point `i` of a sweep is map index `i` of every member task (each member is mapped over the
 * points in grid order), so a point's XCom is read with `map_indexes=i`; tasks outside a sweep
 * are read with `map_indexes=-1`, the index of an unmapped task in Airflow 2.10 and 3.x.
 */
export const PRELUDE_SWEEP = `

def _mlp_sweep_path(run_id, sweep, parts):
    """Macro: a path of sweep SWEEP for this run, ARTIFACT_ROOT/DAG_ID/RUN_ID/SWEEP/PARTS...

    PARTS starts with "points" (each point's results: points/ENTRY/STEP/OUTPUT and
    points/ENTRY/STEP.metrics.json, the layout mlp fan-in reads) or "fan-in" (what it writes:
    best.json, best/STEP/OUTPUT, collect/STEP/OUTPUT).
    """
    return "/".join([_mlp_artifact(run_id, sweep, parts[0])] + list(parts[1:]))


def _mlp_ready(ti, upstream):
    """Macro: "1" when every (task, map index) in UPSTREAM finished this point, else "".

    Each member step pushes an XCom when it succeeds (its metrics, or "mlp-done"), a gate pushes
    True when its conditions hold; a failed, skipped or refused upstream pushes nothing or False.
    """
    for task_id, map_index in upstream:
        value = ti.xcom_pull(task_ids=task_id, map_indexes=map_index)
        if value is None or value is False:
            return ""
    return "1"


def _mlp_best(ti, sweep):
    """The best point of SWEEP as its fan-in task pushed it (best.json), or an error."""
    record = ti.xcom_pull(task_ids=sweep, map_indexes=-1)
    if isinstance(record, (bytes, str)):
        record = json.loads(record)
    if not isinstance(record, dict):
        raise ValueError("mlp: sweep %r has no best point (its fan-in pushed nothing)" % sweep)
    return record


def _mlp_resolve(node, ti, point):
    """The expression tree NODE with the sweep's values filled in as literals, for _mlp_eval.

    best: the best point's metric; over: point POINT's value; point_metric: a metric that a
    member step reported at point POINT.
    """
    kind = node["kind"]
    if kind == "best":
        metrics = _mlp_flatten((_mlp_best(ti, node["sweep"]).get("metrics") or {}).get(node["step"]) or {}, "")
        if node["metric"] not in metrics:
            raise ValueError("mlp: the best point of sweep %r has no metric %r of step %r" % (node["sweep"], node["metric"], node["step"]))
        return {"kind": "literal", "value": metrics[node["metric"]]}
    if kind == "over":
        return {"kind": "literal", "value": _MLP_SWEEPS[node["sweep"]][point][node["name"]]}
    if kind == "point_metric":
        value = ti.xcom_pull(task_ids=node["step"], map_indexes=point)
        if isinstance(value, (bytes, str)):
            value = json.loads(value) if value.strip() else None
        metrics = _mlp_flatten(value, "") if isinstance(value, dict) else {}
        if node["metric"] not in metrics:
            raise ValueError("mlp: step %r did not report metric %r at point %d" % (node["step"], node["metric"], point))
        return {"kind": "literal", "value": metrics[node["metric"]]}
    if kind == "unary":
        return dict(node, operand=_mlp_resolve(node["operand"], ti, point))
    if kind == "binary":
        return dict(node, left=_mlp_resolve(node["left"], ti, point), right=_mlp_resolve(node["right"], ti, point))
    if kind == "interpolate":
        return dict(node, parts=[p if "text" in p else {"expr": _mlp_resolve(p["expr"], ti, point)} for p in node["parts"]])
    return node


def _mlp_sweep_expr(ti, params, step, name, point):
    """Macro: computed input NAME of STEP (at point POINT of its sweep, or -1), for the command."""
    return _mlp_fmt(_mlp_eval(_mlp_resolve(_MLP_INPUT_EXPRS[step][name], ti, point), ti, params))


def _mlp_sweep_gate(conditions, ti, params, **_):
    """ShortCircuit callable for a gate outside a sweep that reads a best point's metrics."""
    return _mlp_gate([(text, _mlp_resolve(expr, ti, -1)) for text, expr in conditions], ti=ti, params=params)


def _mlp_point_gate(conditions, upstream, point, ti, params, **_):
    """A gate inside a sweep, at point POINT: returns (into XCom) whether the point goes on.

    False stops only this point: its later members find no True here and skip themselves.
    """
    if _mlp_ready(ti, upstream) != "1":
        print("mlp gate: point %d: an earlier member did not finish" % point)
        return False
    return _mlp_gate([(text, _mlp_resolve(expr, ti, point)) for text, expr in conditions], ti=ti, params=params)


def _mlp_bash_best(line):
    """BashOperator output_processor of a fan-in: the best point, from the "mlp-best" line."""
    prefix = "mlp-best "
    if not line.startswith(prefix):
        raise ValueError("mlp: the fan-in printed no best point")
    return json.loads(line[len(prefix):])


def _mlp_record_best(env, sweep, model_step, model_output, metric_steps, ti, run_id, **_):
    """_mlp_record for a model chosen by a sweep: the best point's model and its metrics."""
    record = _mlp_record(env, model_step, model_output, metric_steps, ti=ti, run_id=run_id)
    record["model"] = _mlp_sweep_path(run_id, sweep, ["fan-in", "best", model_step, model_output])
    for step_metrics in (_mlp_best(ti, sweep).get("metrics") or {}).values():
        if isinstance(step_metrics, dict):
            record["metrics"].update(_mlp_flatten(step_metrics, ""))
    return record
`;

/** List params: their elements' types are checked, the scalar ones by `_mlp_check_params`. */
export const PRELUDE_LIST_PARAMS = `

def _mlp_check_list_params(declared, lists, compiled, params, **_):
    """Fails the run early when a param value does not have its declared type; LISTS lists
    (name, element type, optional) for the list params. COMPILED maps the list params that
    sweeps iterate over to their defaults: the grid was compiled from them, so a run that
    passes another value is refused rather than run over the wrong points."""
    _mlp_check_params(declared, params)
    problems = []
    for name, default in sorted(compiled.items()):
        if params.get(name) != default:
            problems.append(
                "param %r is a sweep's grid, compiled into this DAG as %r; recompile to change it" % (name, default)
            )
    for name, element, optional in lists:
        value = params.get(name)
        if value is None:
            if not optional:
                problems.append("param %r has no value" % name)
            continue
        ok = isinstance(value, list) and all(
            {
                "int": isinstance(v, int) and not isinstance(v, bool),
                "float": isinstance(v, (int, float)) and not isinstance(v, bool),
                "string": isinstance(v, str),
                "bool": isinstance(v, bool),
            }.get(element, False)
            for v in value
        )
        if not ok:
            problems.append("param %r must be a list of %s, got %r" % (name, element, value))
    if problems:
        raise ValueError("mlp: " + "; ".join(problems))
`;
