"""Imports a generated DAG file against stand-in Airflow modules built from api.json, then renders
every templated field the way Airflow does, so tests can see what each task would run.

Usage: python3 run_dag.py API_JSON VERSION DAG_FILE CONTEXT_JSON
CONTEXT_JSON: {"run_id": ..., "params": {...}, "xcom": {task_id: value}, "prior_xcom": {task_id: value}}
Python callables run in task order and their return values become their XCom, so a gate sees
what a lookup task returned.

The stand-ins accept exactly the import paths and constructor keywords api.json lists for the
version (anything else raises, as Airflow would at parse time), record every task and `>>` edge,
and support `task.<variant>(...)(fn)()`. Rendering follows `BaseOperator.render_template`:
strings in `template_fields` are Jinja templates (a string ending in one of `template_ext` would be
loaded as a template file, which is reported), dicts and lists are rendered element-wise, and the
DAG's `user_defined_macros` are globals. For KubernetesPodOperator the kubelet's `$(VAR)` / `$$`
expansion is then applied to `cmds`, `arguments` and `env_vars`, as Kubernetes would.

Prints JSON: {"dag": {...}, "tasks": [{"task_id", "operator", "upstream", "rendered", "problems"}]}.
"""

import contextlib
import importlib.util
import io
import json
import sys
import types

import jinja2
import jinja2.sandbox

TREES = {"3": "airflow-3.2.0.dev-main", "2": "airflow-2.10.0"}

TEMPLATE_FIELDS = {
    "BashOperator": (("bash_command", "env", "cwd"), (".sh", ".bash")),
    "PythonOperator": (("templates_dict", "op_args", "op_kwargs"), ()),
    "ShortCircuitOperator": (("templates_dict", "op_args", "op_kwargs"), ()),
    "BranchPythonOperator": (("templates_dict", "op_args", "op_kwargs"), ()),
    "EmptyOperator": ((), ()),
    "BaseOperator": ((), ()),
    "KubernetesPodOperator": (
        ("image", "name", "hostname", "cmds", "annotations", "arguments", "env_vars", "labels", "config_file",
         "pod_template_file", "pod_template_dict", "namespace", "container_resources", "volumes",
         "volume_mounts", "cluster_context", "env_from", "node_selector", "kubernetes_conn_id",
         "base_container_name", "trigger_kwargs"),
        (),
    ),
    "sensor": ((), ()),
}

STATE = {"dag": None, "dags": []}


def make_class(name, spec):
    # A class that a version lacks lists only its (missing) import paths, e.g. Asset in 2.10.
    params = {p["name"]: p for p in spec.get("params", [])}

    class Stub:
        api_name = name

        def __init__(self, *args, **kwargs):
            if args:
                raise TypeError("%s takes keyword arguments only" % name)
            for key in kwargs:
                if key not in params:
                    raise TypeError("%s() got an unexpected keyword argument %r" % (name, key))
            for p in spec.get("params", []):
                if p.get("required") and p["name"] not in kwargs and p["name"] != "dag_id":
                    raise TypeError("%s() missing required argument %r" % (name, p["name"]))
            self.kwargs = kwargs
            self.upstream = []
            if name == "DAG":
                if "dag_id" not in kwargs:
                    raise TypeError("DAG() missing dag_id")
                self.tasks = []
            else:
                if STATE["dag"] is None:
                    raise RuntimeError("task %r created outside a DAG" % kwargs.get("task_id"))
                STATE["dag"].tasks.append(self)

        def __enter__(self):
            STATE["dag"] = self
            STATE["dags"].append(self)
            return self

        def __exit__(self, *exc):
            STATE["dag"] = None
            return False

        def __rshift__(self, other):
            for o in other if isinstance(other, list) else [other]:
                o.upstream.append(self)
            return other

        def __rrshift__(self, other):
            for o in other if isinstance(other, list) else [other]:
                self.upstream.append(o)
            return self

    Stub.__name__ = name
    return Stub


def make_task_decorator(tree, base_cls):
    spec = tree["task_decorator"]
    allowed = {p["name"] for p in spec["call_params"]} | {p["name"] for p in tree["classes"]["BaseOperator"]["params"]}
    sensor = tree["task_sensor_decorator"]
    sensor_allowed = {p["name"] for p in sensor["call_params"]} | set(sensor["operator_params"])

    class Variant:
        def __init__(self, variant):
            self.variant = variant

        def __call__(self, **kwargs):
            for key in kwargs:
                if key not in (sensor_allowed if self.variant == "sensor" else allowed):
                    raise TypeError("task.%s() got an unexpected keyword argument %r" % (self.variant, key))

            def decorate(fn):
                def create(*args, **call_kwargs):
                    op = base_cls(task_id=kwargs["task_id"])
                    op.kwargs = dict(kwargs, python_callable=fn)
                    op.api_name = self.variant
                    return op

                return create

            return decorate

    class Task:
        def __getattr__(self, attr):
            if attr not in spec["variants"]["attributes"]:
                raise AttributeError("task.%s is not a task decorator variant" % attr)
            return Variant(attr)

    return Task()


def install(api, version):
    tree = api["trees"][TREES[version]]
    classes = {name: make_class(name, spec) for name, spec in tree["classes"].items()}
    exports = {}
    for name, spec in tree["classes"].items():
        for entry in spec["import_paths"]:
            if entry["status"] == "ok":
                exports[entry["path"]] = classes[name]
    for entry in tree["task_decorator"]["import_paths"]:
        if entry["status"] == "ok":
            exports[entry["path"]] = make_task_decorator(tree, classes["BaseOperator"])
    for path, obj in exports.items():
        mod_name, attr = path.rsplit(".", 1)
        parts = mod_name.split(".")
        for i in range(1, len(parts) + 1):
            name = ".".join(parts[:i])
            if name not in sys.modules:
                sys.modules[name] = types.ModuleType(name)
        setattr(sys.modules[mod_name], attr, obj)


class FakeTI:
    def __init__(self, xcom, prior):
        self.xcom = xcom
        self.prior = prior

    def xcom_pull(self, task_ids=None, include_prior_dates=False, **_):
        if task_ids in self.xcom:
            return self.xcom[task_ids]
        if include_prior_dates:
            return self.prior.get(task_ids)
        return None


class FakeVar:
    class _Value:
        def __getattr__(self, name):
            return "<variable %s>" % name

    value = _Value()


def render(value, env, context, template_ext, problems):
    if isinstance(value, str):
        if template_ext and value.endswith(template_ext):
            problems.append("Airflow would load %r as a template file" % value[-40:])
        return env.from_string(value).render(**context)
    if isinstance(value, dict):
        return {k: render(v, env, context, template_ext, problems) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [render(v, env, context, template_ext, problems) for v in value]
    return value


def kube_expand(text, env):
    """Kubernetes' `$(VAR)` expansion (k8s.io/kubernetes third_party/forked/golang/expansion)."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "$" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
                continue
            if nxt == "(":
                close = text.find(")", i + 2)
                if close >= 0:
                    name = text[i + 2:close]
                    out.append(env[name] if name in env else "$(" + name + ")")
                    i = close + 1
                    continue
                out.append("$(")
                i += 2
                continue
            out.append("$" + nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return repr(value)


def main(argv):
    api = json.load(open(argv[1], encoding="utf-8"))
    version = argv[2]
    context_in = json.load(open(argv[4], encoding="utf-8"))
    install(api, version)
    spec = importlib.util.spec_from_file_location("generated_dag", argv[3])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if len(STATE["dags"]) != 1:
        raise RuntimeError("expected exactly one DAG, found %d" % len(STATE["dags"]))
    dag = STATE["dags"][0]
    macros = dag.kwargs.get("user_defined_macros") or {}
    params = dict(dag.kwargs.get("params") or {})
    params.update(context_in.get("params", {}))
    ti = FakeTI(context_in.get("xcom", {}), context_in.get("prior_xcom", {}))
    context = {"run_id": context_in["run_id"], "params": params, "ti": ti, "task_instance": ti, "var": FakeVar()}
    env = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.do"], cache_size=0)
    env.globals.update(macros)
    tasks = []
    for op in dag.tasks:
        fields, ext = TEMPLATE_FIELDS[op.api_name]
        problems = []
        rendered = {}
        for field in fields:
            if field in op.kwargs:
                rendered[field] = render(op.kwargs[field], env, context, ext, problems)
        if op.api_name == "KubernetesPodOperator":
            raw_env = rendered.get("env_vars", {})
            expanded = {}
            for k, v in raw_env.items():
                expanded[k] = kube_expand(v, expanded)
            rendered["env_vars"] = expanded
            rendered["cmds"] = [kube_expand(c, expanded) for c in rendered.get("cmds", [])]
            rendered["arguments"] = [kube_expand(c, expanded) for c in rendered.get("arguments", [])]
        result = None
        log = io.StringIO()
        callable_ = op.kwargs.get("python_callable")
        if callable_ is not None and op.api_name != "sensor" and context_in.get("call", True):
            try:
                with contextlib.redirect_stdout(log):
                    result = callable_(ti=ti, params=params, run_id=context_in["run_id"])
                # the return value becomes the task's XCom, as PythonOperator pushes it
                ti.xcom.setdefault(op.kwargs["task_id"], result)
            except Exception as err:  # reported, not raised: tests assert on it
                result = {"error": "%s: %s" % (type(err).__name__, err)}
        tasks.append({
            "task_id": op.kwargs["task_id"],
            "operator": op.api_name,
            "upstream": [u.kwargs["task_id"] for u in op.upstream],
            "rendered": rendered,
            "kwargs": jsonable({k: v for k, v in op.kwargs.items() if k != "python_callable"}),
            "result": jsonable(result),
            "log": log.getvalue(),
            "problems": problems,
        })
    print(json.dumps({"dag": jsonable(dag.kwargs), "tasks": tasks}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
