/**
 * The fixed Python helpers every generated DAG carries: evaluating gate conditions, reading
 * metrics from XCom, looking up what is deployed, building artifact URIs and kserve manifests.
 * They take their data as arguments (printed by the literal printer), so this text contains no
 * value from a `.mlp` file. Only the standard library is used, and nothing runs at import time.
 */

/** Helpers used by every DAG (formatting, artifact URIs, metrics, expressions). */
export const PRELUDE_CORE = `def _mlp_fmt(value):
    """Formats a runtime value the way mlp passes values to commands."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _mlp_fmt_float(value)
    return str(value)


def _mlp_fmt_float(value):
    """A float as mlp run prints it, which is JavaScript's Number::toString (2.0 is 2, 5e-07 is 5e-7)."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    # repr has the shortest digits that read back as the same float, as JavaScript; only the layout differs
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    raw = whole + fraction
    digits = raw.lstrip("0")
    point = len(whole) + int(exponent or 0) - (len(raw) - len(digits))
    digits = digits.rstrip("0")
    sign = "-" if value < 0 else ""
    if len(digits) <= point <= 21:
        return sign + digits + "0" * (point - len(digits))
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    shown = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return sign + shown + "e" + ("+" if point > 0 else "-") + str(abs(point - 1))


def _mlp_artifact(run_id, step, output):
    """The URI of one step output for one run: ARTIFACT_ROOT/DAG_ID/RUN_ID/STEP/OUTPUT."""
    safe_run = re.sub(r"[^A-Za-z0-9_.-]", "_", str(run_id)).lstrip(".") or "run"
    return "/".join([ARTIFACT_ROOT, DAG_ID, safe_run, step, output])


def _mlp_metrics(ti, step):
    """The metrics a step reported, read from its XCom (a dict, or a JSON line from bash).

    Nested objects become dotted names, as mlp run records them: {"a": {"b": 1}} is a.b.
    """
    value = ti.xcom_pull(task_ids=step)
    if isinstance(value, (bytes, str)):
        value = json.loads(value) if value.strip() else None
    return _mlp_flatten(value, "") if isinstance(value, dict) else {}


def _mlp_flatten(metrics, prefix):
    flat = {}
    for key, value in metrics.items():
        name = prefix + str(key)
        if isinstance(value, dict):
            flat.update(_mlp_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def _mlp_number(value):
    """An int past 2**53 - 1 becomes the double mlp run computes (its numbers are JavaScript's)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 9007199254740991:
        return float(value)
    return value


def _mlp_binary(op, left, right, result_type):
    if op == "+":
        return _mlp_number(left + right)
    if op == "-":
        return _mlp_number(left - right)
    if op == "*":
        return _mlp_number(left * right)
    if op == "/":
        if right == 0:
            # IEEE 754, as mlp run divides (Python raises instead): +-Infinity, and NaN for 0 / 0
            if left == 0 or left != left:
                return float("nan")
            negative = (left < 0) != str(float(right)).startswith("-")
            return float("-inf") if negative else float("inf")
        return int(left / right) if result_type == "int" else left / right
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    if op == ">=":
        return left >= right
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    raise ValueError("mlp: unknown operator " + repr(op))


def _mlp_eval(node, ti, params):
    """Evaluates an mlp expression tree (gate conditions, computed inputs) at run time."""
    kind = node["kind"]
    if kind == "literal":
        return node["value"]
    if kind == "param":
        return params[node["name"]]
    if kind == "metric":
        metrics = _mlp_metrics(ti, node["step"])
        if node["metric"] not in metrics:
            raise ValueError("mlp: step %r did not report metric %r" % (node["step"], node["metric"]))
        return metrics[node["metric"]]
    if kind == "deployed":
        record = ti.xcom_pull(task_ids=node["lookup"])
        if not isinstance(record, dict):
            return None
        return (record.get("metrics") or {}).get(node["metric"])
    if kind == "interpolate":
        return "".join(p["text"] if "text" in p else _mlp_fmt(_mlp_eval(p["expr"], ti, params)) for p in node["parts"])
    if kind == "unary":
        operand = _mlp_eval(node["operand"], ti, params)
        return (not operand) if node["op"] == "not" else -operand
    op = node["op"]
    left = _mlp_eval(node["left"], ti, params)
    if op == "and":
        return bool(left) and bool(_mlp_eval(node["right"], ti, params))
    if op == "or":
        return bool(left) or bool(_mlp_eval(node["right"], ti, params))
    if op == "??":
        return left if left is not None else _mlp_eval(node["right"], ti, params)
    return _mlp_binary(op, left, _mlp_eval(node["right"], ti, params), node.get("type"))


def _mlp_values(node, ti, params):
    """The values of the params and metrics NODE reads, as " (a = 1, b.c = 2)", for a gate's log."""
    shown = []

    def visit(n):
        kind = n["kind"]
        if kind in ("param", "metric", "deployed"):
            if kind == "param":
                name = n["name"]
            elif kind == "metric":
                name = n["step"] + "." + n["metric"]
            else:
                name = n.get("label", "deployed(" + n["lookup"][len("deployed-"):] + ")") + "." + n["metric"]
            try:
                value = _mlp_eval(n, ti, params)
            except (ValueError, KeyError):
                value = "(none)"
            text = name + " = " + (json.dumps(value) if isinstance(value, str) else "null" if value is None else _mlp_fmt(value))
            if text not in shown:
                shown.append(text)
        for key in ("operand", "left", "right"):
            if key in n:
                visit(n[key])
        for part in n.get("parts", []):
            if "expr" in part:
                visit(part["expr"])

    visit(node)
    return " (" + ", ".join(shown) + ")" if shown else ""
`;

/** Steps with declared metrics: the task's own check, as `mlp run` makes it (MLP7013). */
export const PRELUDE_STEP_METRICS = `

def _mlp_describe(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean " + ("true" if value else "false")
    if isinstance(value, (int, float)):
        return "number " + _mlp_fmt(value)
    if isinstance(value, str):
        return "the string " + json.dumps(value if len(value) <= 40 else value[:40] + "\\u2026")
    return "an array" if isinstance(value, list) else "an object"


def _mlp_check_metrics(step, declared, value):
    """The metrics a step reported, checked as mlp run checks them (MLP7013); raises otherwise.

    VALUE is None when the step wrote no metrics file, else the parsed JSON. DECLARED lists
    (name, type) pairs: int an integer, float any number, bool a boolean; extra keys pass.
    """
    if value is None:
        raise ValueError(
            "mlp: error[MLP7013]: step \`%s\` did not write its metrics file\\n  note: it declares %s"
            % (step, ", ".join("\`%s\`" % name for name, _ in declared))
        )
    if not isinstance(value, dict):
        raise ValueError(
            "mlp: error[MLP7013]: metrics of step \`%s\` do not match its declaration: "
            "the metrics file must hold a JSON object, not %s" % (step, _mlp_describe(value))
        )
    problems = []
    for name, type_name in declared:
        if name not in value:
            problems.append("missing metric \`%s\`" % name)
            continue
        got = value[name]
        number = isinstance(got, (int, float)) and not isinstance(got, bool)
        if type_name == "bool":
            ok, expected = isinstance(got, bool), "boolean"
        elif type_name == "int":
            ok, expected = number and float(got).is_integer(), "integer"
        else:
            ok, expected = number, "number"
        if not ok:
            problems.append("metric \`%s\` must be %s (got %s)" % (name, expected, _mlp_describe(got)))
    if problems:
        raise ValueError(
            "mlp: error[MLP7013]: metrics of step \`%s\` do not match its declaration: %s%s"
            % (step, problems[0], "".join("\\n  note: " + p for p in problems[1:]))
        )
    return value


def _mlp_reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def _mlp_bash_metrics(step, declared, line):
    """BashOperator output_processor: checks the metrics line the script printed last.

    The script prints "mlp-metrics " and the metrics file on a line of its own after the
    command, or no such line when the command wrote no metrics file.
    """
    prefix = "mlp-metrics "
    if not line.startswith(prefix):
        return _mlp_check_metrics(step, declared, None)
    try:
        value = json.loads(line[len(prefix):], parse_constant=_mlp_reject_constant)
    except ValueError as err:
        raise ValueError("mlp: error[MLP7013]: metrics file of step \`%s\` is not valid JSON: %s" % (step, err)) from None
    return _mlp_check_metrics(step, declared, value)


def _mlp_pod_metrics(step, declared, context, result):
    """KubernetesPodOperator post_execute: checks what the XCom sidecar read from the metrics file.

    The sidecar gives None when the file is missing or empty.
    """
    _mlp_check_metrics(step, declared, result)

`;

/** Computed step inputs (`inputs { x: a * 2 }`), rendered into an environment variable. */
export const PRELUDE_EXPR = `

def _mlp_expr(ti, params, step, name):
    """Macro: the value of computed input NAME of STEP, formatted for the command."""
    return _mlp_fmt(_mlp_eval(_MLP_INPUT_EXPRS[step][name], ti, params))
`;

/** Typed params: Airflow gets plain defaults, this task enforces the declared types. */
export const PRELUDE_PARAMS = `

def _mlp_check_params(declared, params, **_):
    """Fails the run early when a param value does not have its declared mlp type."""
    problems = []
    for name, type_name, optional in declared:
        value = params.get(name)
        if value is None:
            if not optional:
                problems.append("param %r has no value" % name)
            continue
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": is_number,
            "duration": is_number,
            "string": isinstance(value, str),
            "bool": isinstance(value, bool),
        }.get(type_name, False)
        if not ok:
            problems.append("param %r must be %s, got %r" % (name, type_name, value))
    if problems:
        raise ValueError("mlp: " + "; ".join(problems))
`;

/** Gates: a ShortCircuit callable that checks every condition. */
export const PRELUDE_GATE = `

def _mlp_gate(conditions, ti, params, **_):
    """ShortCircuit callable: True when every condition holds; False skips everything downstream.

    The outcome is also pushed as XCom mlp_held, where the finally steps' \${status} reads it.
    """
    held = True
    for text, expr in conditions:
        if _mlp_eval(expr, ti, params) is not True:
            print("mlp gate: condition does not hold: " + text + _mlp_values(expr, ti, params))
            held = False
            break
        print("mlp gate: condition holds: " + text)
    ti.xcom_push(key="mlp_held", value=held)
    return held
`;

/** Deploy bookkeeping: what was deployed, and looking it up from earlier runs. */
export const PRELUDE_DEPLOY = `

def _mlp_record(env, model_step, model_output, metric_steps, ti, run_id, **_):
    """Returns (into XCom) what this run deployed to ENV, the metrics it had, and when.

    recorded_at (UTC, by the worker's clock, right after the deploy task) orders the records:
    every run has it, unlike the logical date, which runs triggered through the REST API lack.
    """
    metrics = {}
    for step in metric_steps:
        metrics.update(_mlp_metrics(ti, step))
    return {
        "env": env,
        "model": _mlp_artifact(run_id, model_step, model_output),
        "run_id": str(run_id),
        "metrics": metrics,
        "recorded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="microseconds"),
    }


def _mlp_recorded_at(record):
    try:
        when = datetime.datetime.fromisoformat(record["recorded_at"])
    except (KeyError, TypeError, ValueError):
        return datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)
    return when if when.tzinfo is not None else when.replace(tzinfo=datetime.timezone.utc)


def _mlp_deployed(record_task, ti, **_):
    """Returns the latest deploy record of this DAG (this or an earlier run), or None.

    xcom_pull with include_prior_dates gives every earlier record as a list (Airflow 3.0.4 and
    later) or one record (2.10, where every run has a logical date); the latest is the one with
    the latest recorded_at, whatever order Airflow returned them in.
    """
    found = ti.xcom_pull(task_ids=record_task, include_prior_dates=True)
    records = [r for r in (found if isinstance(found, list) else [found]) if isinstance(r, dict)]
    if not records:
        return None
    return max(records, key=lambda r: (_mlp_recorded_at(r), str(r.get("run_id"))))
`;

/** kserve deploys: the InferenceService manifest with this run's model URI. */
export const PRELUDE_KSERVE = `

def _mlp_manifest(run_id, env):
    """Macro: the InferenceService manifest (JSON) for deploy ENV, pointing at this run's model."""
    deploy = _MLP_KSERVE[env]
    manifest = json.loads(json.dumps(deploy["manifest"]))
    model = manifest["spec"]["predictor"]["model"]
    uri = _mlp_artifact(run_id, deploy["step"], deploy["output"])
    if "storage_root" in deploy:
        # Artifacts on a claim: KServe reads pvc://CLAIM/<path under the mount>.
        uri = deploy["storage_root"] + uri[len(ARTIFACT_ROOT):]
    model["storageUri"] = uri
    return json.dumps(manifest, sort_keys=True)
`;

/** Approvals: a sensor that only a human ends. */
export const PRELUDE_APPROVAL = `

def _mlp_await_approval():
    """Never succeeds by itself: mark this task success to approve, failed to reject."""
    return False
`;
