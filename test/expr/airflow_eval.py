"""Runs the expression cases against the Airflow prelude, the way the generated DAG calls it.

Usage: python3 airflow_eval.py CASES_JSON
CASES_JSON: [{"name", "dag": path, "input": bool, "gated": bool, "metrics": {...}, "deployed": {...} | null}]

For each case, the DAG file's own definitions (the prelude and _MLP_INPUT_EXPRS; not its Airflow
imports or tasks) are executed in a fresh namespace. Then, as the tasks would at run time:
the computed input is the `mlp_expr(ti, params, STEP, 'v')` macro its BashOperator renders, and
the gate is `_mlp_gate(CONDITIONS, ti, params)` as its ShortCircuitOperator's partial calls it;
params are the DAG's `params` defaults, and `ti.xcom_pull` gives the metrics the step's task
returned and the record the lookup task returned. Prints one JSON result per case.
"""

import ast
import contextlib
import io
import json
import re
import sys


class TaskInstance:
    def __init__(self, xcom):
        self.xcom = xcom

    def xcom_pull(self, task_ids=None, **_):
        return self.xcom.get(task_ids)

    def xcom_push(self, key, value, **_):
        """A gate pushes whether it held (mlp_held); the cases read its return value only."""


def tagged(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return {"json": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    return {"json": repr(value)}


def definitions(tree):
    """The DAG module without its Airflow imports and its `with DAG(...)` block."""
    keep = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("airflow"):
            continue
        if isinstance(node, ast.With):
            continue
        keep.append(node)
    return ast.Module(body=keep, type_ignores=[])


def dag_params(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "DAG":
            for kw in node.keywords:
                if kw.arg == "params":
                    return ast.literal_eval(kw.value)
    return {}


def gate_conditions(tree):
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "partial"
                and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "_mlp_gate"):
            return ast.literal_eval(node.args[1])
    return None


def run(case):
    source = open(case["dag"], encoding="utf-8").read()
    tree = ast.parse(source)
    namespace = {"__name__": "generated_dag"}
    exec(compile(definitions(tree), case["dag"], "exec"), namespace)
    params = dag_params(tree)
    xcom = {"m": case["metrics"], "deployed-prod": None if case["deployed"] is None else {"metrics": case["deployed"]}}
    ti = TaskInstance(xcom)
    out = {}
    try:
        if case["input"]:
            step = re.search(r"mlp_expr\(ti, params, '([^']+)', 'v'\)", source).group(1)
            out["text"] = namespace["_mlp_expr"](ti, params, step, "v")
            out["value"] = tagged(namespace["_mlp_eval"](namespace["_MLP_INPUT_EXPRS"][step]["v"], ti, params))
        if case["gated"]:
            conditions = gate_conditions(tree)
            with contextlib.redirect_stdout(io.StringIO()):
                out["holds"] = namespace["_mlp_gate"](conditions, ti, params) is True
            out["value"] = tagged(namespace["_mlp_eval"](conditions[0][1], ti, params))
    except Exception as err:  # the task fails: reported, not raised
        return {"fails": "%s: %s" % (type(err).__name__, err)}
    return out


def main(argv):
    cases = json.load(open(argv[1], encoding="utf-8"))
    print(json.dumps({c["name"]: run(c) for c in cases}))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
