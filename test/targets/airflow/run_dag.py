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
and support `task.<variant>(...)(fn)()` and mapped tasks, `Class.partial(...).expand(...)`:
`partial` takes the constructor's keywords and needs `task_id`; `expand` takes the others, each
a list (a dict or an upstream XCom is not supported here), and the task gets one instance per
combination of their items (the cross product, in order), map index 0, 1, ... A mapped
instance's `ti.map_index` is its index; its XCom is kept per map index, and
`xcom_pull(task_ids=T, map_indexes=I)` reads instance I of T (-1: an unmapped task's value), as
both Airflow versions do. A PythonOperator's rendered `op_kwargs` are passed to its callable.
Bash and pod tasks that exit with a code in `skip_on_exit_code` (BashOperator's default 99)
are skipped: they push no XCom. Tasks run in the order they were created; trigger rules are
not modelled unless "states": true (below). Rendering follows `BaseOperator.render_template`:
strings in `template_fields` are Jinja templates (a string ending in one of `template_ext` would be
loaded as a template file, which is reported), dicts and lists are rendered element-wise, and the
DAG's `user_defined_macros` are globals. For KubernetesPodOperator the kubelet's `$(VAR)` / `$$`
expansion is then applied to `cmds`, `arguments` and `env_vars`, as Kubernetes would; a reference
to a secret of `pod_template_dict` becomes `<secret NAME>`, so a test that finds it found a leak.

`ti.xcom_push(key=K, value=V)` keeps V under K for the running instance, and
`xcom_pull(task_ids=T, key=K)` reads it (a mapped task's: every instance's, in map index order).
`xcom_pull(dag_id=D, ...)` for another DAG reads CONTEXT_JSON's `other_dags[D]`, a list of
earlier runs as `prior_runs` (only with include_prior_dates, as the DAG's own earlier runs).

With "states": true, each task gets a state as Airflow's scheduler would give it (tasks are
created in dependency order): trigger rules all_success (the default), all_done and one_failed
over the states of its upstream tasks (every instance of a mapped one): a failed or
upstream_failed upstream makes an all_success task upstream_failed, else a skipped one skips it;
one_failed runs when an upstream failed or is upstream_failed, and skips otherwise. A
BranchPythonOperator skips each task directly downstream whose id it did not return; a falsy
ShortCircuitOperator skips the tasks directly downstream, or every task downstream with
ignore_downstream_trigger_rules. A callable, command or template that raises fails its task;
a task that does not run is not rendered. The run's state is failed when a leaf failed or is
upstream_failed, else success (Airflow's rule for a finished run).

Prints JSON: {"dag": {...}, "tasks": [{"task_id", "operator", "upstream", "rendered", "problems",
"state" (with "states")}], "state" (with "states")}.
"""

import contextlib
import importlib.util
import io
import itertools
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

        @classmethod
        def partial(cls, **kwargs):
            # BaseOperator.partial: the constructor's keywords, task_id required (Airflow raises
            # TypeError for an unknown keyword, as the constructor would).
            if name in VALUE_CLASSES or name == "DAG":
                raise AttributeError("%s has no partial" % name)
            for key in kwargs:
                if key not in params:
                    raise TypeError("%s.partial() got an unexpected keyword argument %r" % (name, key))
            if "task_id" not in kwargs:
                raise TypeError("%s.partial() missing required argument 'task_id'" % name)
            return Partial(cls, kwargs)

        def __rshift__(self, other):
            for o in other if isinstance(other, list) else [other]:
                o.upstream.append(self)
            return other

        def __rrshift__(self, other):
            for o in other if isinstance(other, list) else [other]:
                self.upstream.append(o)
            return self

    class Partial:
        def __init__(self, cls, kwargs):
            self.cls = cls
            self.kwargs = kwargs

        def expand(self, **mapped):
            if not mapped:
                raise TypeError("no arguments to expand against")
            for key, value in mapped.items():
                if key not in params:
                    raise TypeError("%s.expand() got an unexpected keyword argument %r" % (name, key))
                if key in self.kwargs:
                    raise TypeError("%s.expand() got multiple values for argument %r" % (name, key))
                if key == "task_id":
                    raise TypeError("cannot map over task_id")
                if not isinstance(value, list):
                    raise TypeError("%s.expand(%s=...): expected a list, got %s" % (name, key, type(value).__name__))
            for p in spec.get("params", []):
                if p.get("required") and p["name"] not in self.kwargs and p["name"] not in mapped:
                    raise TypeError("%s() missing required argument %r" % (name, p["name"]))
            op = self.cls.__new__(self.cls)
            op.kwargs = self.kwargs
            op.mapped = mapped
            op.upstream = []
            if STATE["dag"] is None:
                raise RuntimeError("task %r created outside a DAG" % self.kwargs.get("task_id"))
            STATE["dag"].tasks.append(op)
            return op

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
    def __init__(self, xcom, prior_runs, version, dag_id=None, other_dags=None):
        self.xcom = xcom
        # XCom of mapped instances: {task_id: {map_index: value}}
        self.mapped_xcom = {}
        # XComs pushed under a key of their own: {(task_id, key): {map_index: value}}
        self.keyed = {}
        self.prior_runs = prior_runs
        self.version = version
        self.map_index = -1
        self.task_id = None
        self.dag_id = dag_id
        self.other_dags = other_dags or {}

    def xcom_push(self, key, value, **_):
        self.keyed.setdefault((self.task_id, key), {})[self.map_index] = value

    def push(self, task_id, map_index, value, overwrite=False):
        """Records an XCom; a value the context gave first wins unless OVERWRITE."""
        store = self.xcom if map_index < 0 else self.mapped_xcom.setdefault(task_id, {})
        key = task_id if map_index < 0 else map_index
        if overwrite or key not in store:
            store[key] = value

    def xcom_pull(self, task_ids=None, include_prior_dates=False, map_indexes=None, key="return_value", dag_id=None, **_):
        if dag_id is not None and dag_id != self.dag_id:
            if not include_prior_dates:
                return None
            other = FakeTI({}, self.other_dags.get(dag_id, []), self.version)
            return other.xcom_pull(task_ids=task_ids, include_prior_dates=True)
        if key != "return_value":
            values = self.keyed.get((task_ids, key), {})
            if map_indexes is not None:
                return values.get(map_indexes)
            if list(values) == [-1]:
                return values[-1]
            return [v for _, v in sorted(values.items())] if values else None
        if map_indexes is not None and not include_prior_dates:
            if map_indexes < 0:
                return self.xcom.get(task_ids)
            return self.mapped_xcom.get(task_ids, {}).get(map_indexes)
        if task_ids in self.mapped_xcom and not include_prior_dates:
            # every instance's value, in map index order (Airflow's lazy sequence)
            return [v for _, v in sorted(self.mapped_xcom[task_ids].items())]
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


def skip_codes(op, default):
    codes = op.kwargs.get("skip_on_exit_code", default)
    if codes is None:
        return ()
    return tuple(codes) if isinstance(codes, (list, tuple, set)) else (codes,)


def instances(op):
    """(map_index, kwargs) of each instance of OP: one with -1 for an unmapped task."""
    mapped = getattr(op, "mapped", None)
    if mapped is None:
        return [(-1, op.kwargs)]
    keys = list(mapped)
    return [(i, dict(op.kwargs, **dict(zip(keys, combo)))) for i, combo in enumerate(itertools.product(*(mapped[k] for k in keys)))]


def execute(op, rendered, log):
    if op.api_name == "BashOperator":
        env = dict(os.environ) if op.kwargs.get("append_env") else {}
        env.update(rendered.get("env") or {})
        code, line = last_line(["bash", "-c", rendered["bash_command"]], env, log)
        if code in skip_codes(op, 99):
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
        if code != 0 and code in skip_codes(op, None):
            raise RuntimeError("AirflowSkipException: Pod returned exit code %d. Skipping." % code)
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


class Instance:
    """One instance of a (possibly mapped) task: the operator with its instance's keywords."""

    def __init__(self, op, kwargs):
        self.api_name = op.api_name
        self.kwargs = kwargs


def run_task(op, kwargs, map_index, env, context, context_in, ti, params):
    fields, ext = TEMPLATE_FIELDS[op.api_name]
    problems = []
    rendered = {}
    for field in fields:
        if field in kwargs:
            rendered[field] = render(kwargs[field], env, context, ext, problems)
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
    callable_ = kwargs.get("python_callable")
    if context_in.get("execute") and op.api_name in ("BashOperator", "KubernetesPodOperator"):
        try:
            result = execute(Instance(op, kwargs), rendered, log)
            hook = kwargs.get("post_execute")
            if hook is not None:
                hook(context, result)
            if kwargs.get("do_xcom_push", True) and result is not None:
                ti.push(kwargs["task_id"], map_index, result, overwrite=True)
        except Exception as err:  # reported, not raised: tests assert on it
            result = {"error": "%s: %s" % (type(err).__name__, err)}
    elif callable_ is not None and op.api_name != "sensor" and context_in.get("call", True):
        try:
            with contextlib.redirect_stdout(log):
                result = callable_(**(rendered.get("op_kwargs") or {}), ti=ti, params=params, run_id=context_in["run_id"])
            # the return value becomes the task's XCom, as PythonOperator pushes it
            ti.push(kwargs["task_id"], map_index, result)
        except Exception as err:  # reported, not raised: tests assert on it
            result = {"error": "%s: %s" % (type(err).__name__, err)}
    return {
        "task_id": kwargs["task_id"],
        "map_index": map_index,
        "operator": op.api_name,
        "upstream": [u.kwargs["task_id"] for u in op.upstream],
        "rendered": rendered,
        "kwargs": jsonable({k: v for k, v in kwargs.items() if k != "python_callable"}),
        "result": jsonable(result),
        "log": log.getvalue(),
        "problems": problems,
    }


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
    ti = FakeTI(context_in.get("xcom", {}), prior_runs, version, dag.kwargs.get("dag_id"), context_in.get("other_dags"))
    context = {"run_id": context_in["run_id"], "params": params, "ti": ti, "task_instance": ti, "var": FakeVar()}
    env = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.do"], cache_size=0)
    env.globals.update(macros)
    tasks = []
    if context_in.get("states"):
        tasks, state = run_states(dag, env, context, context_in, ti, params)
        print(json.dumps({"dag": jsonable(dag.kwargs), "tasks": tasks, "state": state}))
        return 0
    for op in dag.tasks:
        for map_index, kwargs in instances(op):
            ti.map_index = map_index
            ti.task_id = kwargs["task_id"]
            tasks.append(run_task(op, kwargs, map_index, env, context, context_in, ti, params))
        ti.map_index = -1
    print(json.dumps({"dag": jsonable(dag.kwargs), "tasks": tasks}))
    return 0


FAILED = ("failed", "upstream_failed")


def trigger_state(op, states):
    """None when OP may run by its trigger rule over its upstream STATES, else the state it gets."""
    if not op.upstream:
        return None
    rule = op.kwargs.get("trigger_rule", "all_success")
    if rule == "all_done":
        return None
    if rule == "one_failed":
        return None if any(s in FAILED for s in states) else "skipped"
    if rule != "all_success":
        raise ValueError("trigger rule %r is not modelled" % rule)
    if any(s in FAILED for s in states):
        return "upstream_failed"
    if "skipped" in states:
        return "skipped"
    return None


def descendants(dag, op):
    found = []
    todo = [op]
    while todo:
        cur = todo.pop()
        for t in dag.tasks:
            if cur in t.upstream and t not in found:
                found.append(t)
                todo.append(t)
    return found


def run_states(dag, env, context, context_in, ti, params):
    """Runs the DAG as the scheduler would (see the module docstring), in task creation order."""
    state = {}
    forced = set()
    tasks = []
    for op in dag.tasks:
        upstream_states = [s for u in op.upstream for s in state[id(u)]]
        instance_states = []
        for map_index, kwargs in instances(op):
            base = {"task_id": kwargs["task_id"], "map_index": map_index, "operator": op.api_name,
                    "upstream": [u.kwargs["task_id"] for u in op.upstream], "rendered": {}, "kwargs": {},
                    "result": None, "log": "", "problems": []}
            got = "skipped" if id(op) in forced else trigger_state(op, upstream_states)
            if got is not None:
                instance_states.append(got)
                tasks.append(dict(base, state=got))
                continue
            ti.map_index = map_index
            ti.task_id = kwargs["task_id"]
            try:
                record = run_task(op, kwargs, map_index, env, context, dict(context_in, call=True), ti, params)
            except Exception as err:  # a template that raises fails the task
                record = dict(base, result={"error": "%s: %s" % (type(err).__name__, err)})
            result = record["result"]
            error = result.get("error") if isinstance(result, dict) else None
            got = "success" if error is None else "skipped" if "AirflowSkipException" in error else "failed"
            if got == "success" and op.api_name == "BranchPythonOperator":
                chosen = result if isinstance(result, list) else [result]
                for t in dag.tasks:
                    if op in t.upstream and t.kwargs["task_id"] not in chosen:
                        forced.add(id(t))
            if got == "success" and op.api_name == "ShortCircuitOperator" and not result:
                skip = descendants(dag, op) if op.kwargs.get("ignore_downstream_trigger_rules", True) else [t for t in dag.tasks if op in t.upstream]
                forced.update(id(t) for t in skip)
            instance_states.append(got)
            tasks.append(dict(record, state=got))
        ti.map_index = -1
        state[id(op)] = instance_states
    leaves = [op for op in dag.tasks if not any(op in t.upstream for t in dag.tasks)]
    run_state = "failed" if any(s in FAILED for op in leaves for s in state[id(op)]) else "success"
    return tasks, run_state


if __name__ == "__main__":
    sys.exit(main(sys.argv))
