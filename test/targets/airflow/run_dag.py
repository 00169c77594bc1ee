"""Imports a generated DAG file against stand-in Airflow modules built from api.json, then renders
every templated field the way Airflow does, so tests can see what each task would run.

Usage: python3 run_dag.py API_JSON VERSION DAG_FILE CONTEXT_JSON
CONTEXT_JSON: {"run_id": ..., "params": {...}, "xcom": {task_id: value}, "prior_xcom": {task_id: value},
               "prior_runs": [{"run_id", "logical_date", "xcom": {task_id: value}}], "execute": bool}
Python callables run in task order and their return values become their XCom, so a gate sees
what a lookup task returned.

`xcom_pull(..., include_prior_dates=True)` answers as the Airflow version does: 3.x (3.0.4 and
later) returns every earlier value of the task as a list, or the value itself when there is one;
2.10 returns one value, the first by logical date descending with nulls first (PostgreSQL's
order). `prior_runs` lists earlier runs, oldest first, with or without a logical date;
`prior_xcom` is the value of one such run, for short.

With "execute": true, BashOperator and KubernetesPodOperator tasks run too, as Airflow runs them:
BashOperator's rendered command under `bash -c` with the rendered `env` over this process's
environment, stdout and stderr merged, the last line (right-stripped) passed to
`output_processor`; a pod's rendered `cmds` under the local shell with its `env_vars`, where the
XCom sidecar's `/airflow/xcom/return.json` is a temporary file that is read back as the sidecar
does (missing or empty: None; else json.loads). Then `post_execute(context, result)`, and the
result becomes the task's XCom when `do_xcom_push` holds. Failures are reported, not raised.

The stand-ins accept exactly the import paths and constructor keywords api.json lists for the
version (anything else raises, as Airflow would at parse time), record every task and `>>` edge,
and support `task.<variant>(...)(fn)()`. Rendering follows `BaseOperator.render_template`:
strings in `template_fields` are Jinja templates (a string ending in one of `template_ext` would be
loaded as a template file, which is reported), dicts and lists are rendered element-wise, and the
DAG's `user_defined_macros` are globals. For KubernetesPodOperator the kubelet's `$(VAR)` / `$$`
expansion is then applied to `cmds`, `arguments` and `env_vars`, as Kubernetes would; a reference
to a secret of `pod_template_dict` becomes `<secret NAME>`, so a test that finds it found a leak.

Prints JSON: {"dag": {...}, "tasks": [{"task_id", "operator", "upstream", "rendered", "problems"}]}.
"""

import contextlib
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile
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

# Classes whose instances are values (a DAG's schedule), not tasks.
VALUE_CLASSES = {"Asset", "Dataset"}


class AnyOf:
    def __init__(self, *objects):
        self.objects = [o for x in objects for o in (x.objects if isinstance(x, AnyOf) else [x])]

    def __or__(self, other):
        return AnyOf(self, other)


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
            if name in VALUE_CLASSES:
                return
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

        def __or__(self, other):
            # BaseAsset.__or__: either asset starts a run (AssetAny)
            if name not in VALUE_CLASSES:
                return NotImplemented
            return AnyOf(self, other)

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
    def __init__(self, xcom, prior_runs, version):
        self.xcom = xcom
        self.prior_runs = prior_runs
        self.version = version

    def xcom_pull(self, task_ids=None, include_prior_dates=False, **_):
        if not include_prior_dates:
            return self.xcom.get(task_ids)
        runs = [r for r in self.prior_runs if task_ids in r.get("xcom", {})]
        # Logical date descending, nulls first (PostgreSQL), then the newest XCom first.
        dated = sorted([r for r in runs if r.get("logical_date")], key=lambda r: r["logical_date"], reverse=True)
        ordered = [r for r in reversed(runs) if not r.get("logical_date")] + dated
        values = ([self.xcom[task_ids]] if task_ids in self.xcom else []) + [r["xcom"][task_ids] for r in ordered]
        if not values:
            return None
        if self.version == "2":
            return values[0]
        return values[0] if len(values) == 1 else values


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


XCOM_FILE = "/airflow/xcom/return.json"


def last_line(command, env, log):
    """Runs COMMAND as SubprocessHook does: stdout and stderr merged, the last line right-stripped."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    line = ""
    for raw in iter(proc.stdout.readline, b""):
        line = raw.decode("utf-8", errors="backslashreplace").rstrip()
        log.write(line + "\n")
    proc.stdout.close()
    return proc.wait(), line


def execute(op, rendered, log):
    if op.api_name == "BashOperator":
        env = dict(os.environ) if op.kwargs.get("append_env") else {}
        env.update(rendered.get("env") or {})
        code, line = last_line(["bash", "-c", rendered["bash_command"]], env, log)
        if code == 99:
            raise RuntimeError("AirflowSkipException: Bash command returned exit code 99. Skipping.")
        if code != 0:
            raise RuntimeError("Bash command failed. The command returned a non-zero exit code %d." % code)
        processor = op.kwargs.get("output_processor")
        return processor(line) if processor is not None else line
    with tempfile.TemporaryDirectory() as xcom_dir:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        for key, value in (rendered.get("env_vars") or {}).items():
            env[key] = os.path.join(xcom_dir, "return.json") if value == XCOM_FILE else value
        code, _ = last_line(rendered["cmds"] + rendered.get("arguments", []), env, log)
        if code != 0:
            raise RuntimeError("Pod returned a failure (exit code %d)" % code)
        if not op.kwargs.get("do_xcom_push"):
            return None
        path = os.path.join(xcom_dir, "return.json")
        # the sidecar: `if [ -s return.json ]; then cat return.json; else echo <empty marker>; fi`
        if not os.path.exists(path) or os.path.getsize(path) == 0:
            return None
        with open(path, encoding="utf-8") as f:
            return json.loads(f.read())


def jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, AnyOf):
        return {"any": [jsonable(o) for o in value.objects]}
    if getattr(value, "api_name", None) in VALUE_CLASSES:
        return {value.api_name: jsonable(value.kwargs)}
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
    prior_runs = list(context_in.get("prior_runs", []))
    if context_in.get("prior_xcom"):
        prior_runs.append({"run_id": "prior", "logical_date": "2000-01-01T00:00:00+00:00", "xcom": context_in["prior_xcom"]})
    ti = FakeTI(context_in.get("xcom", {}), prior_runs, version)
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
            # Secrets reach the container through pod_template_dict; their values are unknown
            # here, so a `$(NAME)` the kubelet would expand to one becomes `<secret NAME>`.
            secrets = {}
            for c in ((rendered.get("pod_template_dict") or {}).get("spec") or {}).get("containers", []):
                for e in c.get("env", []):
                    if "valueFrom" in e:
                        secrets[e["name"]] = "<secret %s>" % e["name"]
            expanded = {}
            for k, v in raw_env.items():
                expanded[k] = kube_expand(v, {**secrets, **expanded})
            rendered["env_vars"] = expanded
            rendered["cmds"] = [kube_expand(c, {**secrets, **expanded}) for c in rendered.get("cmds", [])]
            rendered["arguments"] = [kube_expand(c, {**secrets, **expanded}) for c in rendered.get("arguments", [])]
        result = None
        log = io.StringIO()
        callable_ = op.kwargs.get("python_callable")
        if context_in.get("execute") and op.api_name in ("BashOperator", "KubernetesPodOperator"):
            try:
                result = execute(op, rendered, log)
                hook = op.kwargs.get("post_execute")
                if hook is not None:
                    hook(context, result)
                if op.kwargs.get("do_xcom_push", True) and result is not None:
                    ti.xcom[op.kwargs["task_id"]] = result
            except Exception as err:  # reported, not raised: tests assert on it
                result = {"error": "%s: %s" % (type(err).__name__, err)}
        elif callable_ is not None and op.api_name != "sensor" and context_in.get("call", True):
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
