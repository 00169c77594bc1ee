"""Checks generated Airflow DAG files against the API facts in api.json, by walking the Python AST.

Usage: python3 check_dag.py API_JSON VERSION FILE...   (VERSION is "3" or "2")
Prints a JSON list of findings ({"file", "line", "problem"}); an empty list means every file:
  * parses as Python;
  * imports only Airflow and the standard library;
  * imports Airflow names only from paths api.json lists as "ok" for that version's tree;
  * calls Airflow classes only with keyword arguments api.json lists for them (none deprecated),
    passing every required one; a mapped task `Class.partial(...).expand(...)` likewise, with
    `task_id` given to `partial`, no keyword given to both, and each mapped value a literal list
    or a module constant (what `expand` accepts without an upstream task's XCom);
    `task.<variant>(...)` only with listed variants and keywords
    (`task.sensor(...)` with the sensor operator's, from `task_sensor_decorator`);
  * gives DAG's `schedule` a value of a type api.json's `dag_schedule.accepted_types` lists: None,
    a string, or an asset (`Asset(...)` on 3.x, `Dataset(...)` on 2.10, a class defined in the
    module of the listed base type `BaseAsset`/`BaseDataset`), alone or joined with `|` (which
    `BaseAsset.__or__` turns into `AssetAny`, itself a `BaseAsset`; that operator is not in api.json);
  * does no work at import time beyond building the DAG: top-level code is imports, constant
    literals, function definitions and one `with DAG(...)` block that only creates tasks and
    wires them with `>>`; the only other calls allowed there are datetime and functools.partial.
"""

import ast
import json
import sys

TREES = {"3": "airflow-3.2.0.dev-main", "2": "airflow-2.10.0"}

# Calls allowed while the module is imported, besides Airflow constructors.
PURE_CALLS = {"datetime.datetime", "datetime.timedelta", "functools.partial"}


def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return None if base is None else base + "." + node.attr
    return None


class Checker:
    def __init__(self, api, version, path, source):
        self.tree_api = api["trees"][TREES[version]]
        self.path = path
        self.source = source
        self.findings = []
        self.ok_paths = {}
        self.deprecated_paths = set()
        for name, cls in self.tree_api["classes"].items():
            for entry in cls["import_paths"]:
                if entry["status"] == "ok":
                    self.ok_paths[entry["path"]] = ("class", name)
                elif entry["status"] == "deprecated":
                    self.deprecated_paths.add(entry["path"])
        for key in ("TriggerRule", "task_decorator", "dag_decorator"):
            for entry in self.tree_api[key]["import_paths"]:
                if entry["status"] == "ok":
                    self.ok_paths[entry["path"]] = (key, key)
                elif entry["status"] == "deprecated":
                    self.deprecated_paths.add(entry["path"])
        self.imported = {}  # local name -> (kind, api name)

    def report(self, node, problem):
        self.findings.append({"file": self.path, "line": getattr(node, "lineno", 0), "problem": problem})

    def run(self):
        try:
            module = ast.parse(self.source, filename=self.path)
        except SyntaxError as err:
            self.report(err, "syntax error: %s" % err.msg)
            return self.findings
        for stmt in module.body:
            self.check_top(stmt)
        for node in ast.walk(module):
            if isinstance(node, ast.Call):
                self.check_call(node)
            if isinstance(node, (ast.Import, ast.ImportFrom)) and node not in module.body:
                self.check_import(node)
        return self.findings

    # -- imports -------------------------------------------------------------------------------

    def check_import(self, node):
        if isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]
                if root == "airflow":
                    self.report(node, "use `from … import` for Airflow names, not `import %s`" % alias.name)
                elif root not in sys.stdlib_module_names:
                    self.report(node, "import of non-stdlib module `%s`" % alias.name)
            return
        mod = node.module or ""
        if node.level:
            self.report(node, "relative import")
            return
        if mod == "__future__":
            return
        root = mod.split(".")[0]
        if root != "airflow":
            if root not in sys.stdlib_module_names:
                self.report(node, "import from non-stdlib module `%s`" % mod)
            return
        for alias in node.names:
            full = mod + "." + alias.name
            if full in self.ok_paths:
                self.imported[alias.asname or alias.name] = self.ok_paths[full]
            elif full in self.deprecated_paths:
                self.report(node, "`%s` is a deprecated import path in this Airflow version" % full)
            else:
                self.report(node, "`%s` is not an import path api.json lists for this Airflow version" % full)

    # -- import-time work ----------------------------------------------------------------------

    def check_top(self, stmt):
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.check_import(stmt)
        elif isinstance(stmt, ast.FunctionDef):
            if stmt.decorator_list:
                self.report(stmt, "decorated top-level function `%s` runs code at import" % stmt.name)
            for default in stmt.args.defaults + stmt.args.kw_defaults:
                if default is not None and not self.is_constant(default):
                    self.report(stmt, "non-constant default in `%s`" % stmt.name)
        elif isinstance(stmt, ast.Assign):
            if not all(isinstance(t, ast.Name) for t in stmt.targets) or not self.is_constant(stmt.value):
                self.report(stmt, "top-level assignment that is not a constant literal")
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            pass  # module docstring
        elif isinstance(stmt, ast.With):
            self.check_with(stmt)
        else:
            self.report(stmt, "top-level `%s` statement runs code at import" % type(stmt).__name__)

    def is_constant(self, node):
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return all(self.is_constant(e) for e in node.elts)
        if isinstance(node, ast.Dict):
            return all(k is not None and self.is_constant(k) for k in node.keys) and all(self.is_constant(v) for v in node.values)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return self.is_constant(node.operand)
        return False

    def check_with(self, stmt):
        if len(stmt.items) != 1:
            self.report(stmt, "`with` must open exactly one DAG")
            return
        ctx = stmt.items[0].context_expr
        if not (isinstance(ctx, ast.Call) and self.imported.get(dotted(ctx.func) or "") == ("class", "DAG")):
            self.report(stmt, "top-level `with` that is not `with DAG(...)`")
        for inner in stmt.body:
            if isinstance(inner, ast.Assign) and all(isinstance(t, ast.Name) for t in inner.targets):
                if not self.is_task_expr(inner.value):
                    self.report(inner, "DAG body assignment that does not create a task")
            elif isinstance(inner, ast.Expr) and self.is_dependency(inner.value):
                pass
            elif isinstance(inner, ast.Pass):
                pass
            else:
                self.report(inner, "DAG body statement `%s` does more than build the DAG" % type(inner).__name__)
        self.check_pure(ctx)

    def is_task_expr(self, node):
        if not isinstance(node, ast.Call):
            return False
        if self.is_mapped_task(node):
            return True
        name = dotted(node.func)
        if name is not None and self.imported.get(name, ("", ""))[0] == "class":
            self.check_pure(node)
            return True
        # task.<variant>(...)(fn)()
        if isinstance(node.func, ast.Call) and isinstance(node.func.func, ast.Call) and not node.args and not node.keywords:
            deco = node.func.func
            fn_args = node.func.args
            if self.is_decorator_call(deco) and len(fn_args) == 1 and isinstance(fn_args[0], ast.Name) and not node.func.keywords:
                self.check_pure(deco)
                return True
        return False

    def is_mapped_task(self, node):
        """`Class.partial(k=v, ...).expand(k=v, ...)`: BaseOperator.partial returns an OperatorPartial
        whose expand() builds a MappedOperator. Both validate their keywords against the operator's
        constructor; partial needs task_id; a keyword may not be both partial and mapped."""
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr in ("expand", "expand_kwargs") and isinstance(func.value, ast.Call)):
            return False
        partial = func.value
        if not (isinstance(partial.func, ast.Attribute) and partial.func.attr == "partial"):
            return False
        kind, api_name = self.imported.get(dotted(partial.func.value) or "", ("", ""))
        if kind != "class" or api_name in ("DAG", "Asset", "Dataset", "Param"):
            self.report(node, "`%s.partial(...)` is not a mapped operator" % ast.unparse(partial.func.value))
            return True
        params = self.tree_api["classes"][api_name].get("params", [])
        self.check_keywords(partial, api_name + ".partial", params, check_required=False)
        if func.attr == "expand_kwargs":
            self.report(node, "expand_kwargs is not checked here; use expand(...)")
            return True
        self.check_keywords(node, api_name + ".expand", params, check_required=False)
        given = {kw.arg for kw in partial.keywords}
        mapped = {kw.arg for kw in node.keywords}
        if "task_id" not in given:
            self.report(partial, "`%s.partial` needs task_id" % api_name)
        for name in sorted(given & mapped):
            self.report(node, "`%s` is given to both partial and expand" % name)
        if "task_id" in mapped:
            self.report(node, "task_id cannot be mapped")
        if not mapped:
            self.report(node, "expand() maps no keyword")
        for param in params:
            if param.get("required") and param["name"] not in given | mapped and param["kind"] in ("keyword_only", "positional_or_keyword"):
                self.report(node, "`%s` requires keyword `%s`" % (api_name, param["name"]))
        for kw in node.keywords:
            if not (isinstance(kw.value, (ast.List, ast.Name)) or (isinstance(kw.value, ast.Dict) and self.is_constant(kw.value))):
                self.report(kw.value, "expand(%s=...) maps over something that is not a literal list or a constant" % kw.arg)
        for kw in partial.keywords + node.keywords:
            self.check_pure(kw.value, include_root=True)
        return True

    def is_decorator_call(self, node):
        if not isinstance(node.func, ast.Attribute):
            return False
        base = dotted(node.func.value)
        return base is not None and self.imported.get(base, ("", ""))[0] == "task_decorator"

    def is_dependency(self, node):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.RShift, ast.LShift)):
            return all(self.is_task_ref(side) or self.is_dependency(side) for side in (node.left, node.right))
        return False

    def is_task_ref(self, node):
        if isinstance(node, ast.Name):
            return True
        return isinstance(node, ast.List) and all(isinstance(e, ast.Name) for e in node.elts)

    def check_pure(self, node, include_root=False):
        """Inside a DAG-building call, only Airflow constructors and PURE_CALLS may be called."""
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call) and (include_root or sub is not node):
                name = dotted(sub.func)
                if name in PURE_CALLS or self.is_decorator_call(sub):
                    continue
                if name is not None and name in self.imported:
                    continue
                self.report(sub, "call to `%s` while the DAG file is imported" % (name or ast.unparse(sub.func)))
            elif isinstance(sub, (ast.Lambda, ast.ListComp, ast.DictComp, ast.GeneratorExp, ast.SetComp)):
                self.report(sub, "computed expression in the DAG definition")

    # -- constructor keywords ------------------------------------------------------------------

    def check_call(self, node):
        name = dotted(node.func)
        if name in self.imported:
            kind, api_name = self.imported[name]
            if kind == "class":
                params = self.tree_api["classes"][api_name].get("params", [])
                self.check_keywords(node, api_name, params)
                if api_name == "DAG":
                    self.check_default_args(node)
                    for kw in node.keywords:
                        if kw.arg == "schedule":
                            self.check_schedule(kw.value)
            return
        if isinstance(node.func, ast.Attribute):
            base = dotted(node.func.value)
            if base in self.imported and self.imported[base][0] == "task_decorator":
                deco = self.tree_api["task_decorator"]
                if node.func.attr not in deco["variants"]["attributes"]:
                    self.report(node, "`task.%s` is not a listed task decorator variant" % node.func.attr)
                params = deco["call_params"] + self.tree_api["classes"]["BaseOperator"]["params"]
                if node.func.attr == "sensor":
                    # @task.sensor(...) passes its keywords to the sensor operator (api.json lists them).
                    sensor = self.tree_api["task_sensor_decorator"]
                    params = sensor["call_params"] + [{"name": n} for n in sensor["operator_params"]]
                self.check_keywords(node, "task." + node.func.attr, params, check_required=False)

    def check_schedule(self, value):
        accepted = {t["type"]: t for t in self.tree_api["dag_schedule"]["accepted_types"]}
        if isinstance(value, ast.Constant) and value.value is None:
            ok = "None" in accepted
        elif isinstance(value, ast.Constant) and isinstance(value.value, str):
            ok = "str" in accepted
        elif isinstance(value, ast.Call) and dotted(value.func) == "datetime.timedelta":
            ok = "timedelta" in accepted
        else:
            ok = self.is_asset(value, accepted)
        if not ok:
            self.report(value, "DAG(schedule=%s) is not of a type api.json's dag_schedule accepts" % ast.unparse(value)[:60])

    def is_asset(self, node, accepted):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.is_asset(node.left, accepted) and self.is_asset(node.right, accepted)
        if not isinstance(node, ast.Call):
            return False
        kind, api_name = self.imported.get(dotted(node.func) or "", ("", ""))
        if kind != "class":
            return False
        module = self.tree_api["classes"][api_name].get("defined_in", "").rsplit(".", 1)[0]
        bases = [t for name, t in accepted.items() if name in ("BaseAsset", "BaseDataset")]
        return any(t["defined_in"].rsplit(".", 1)[0] == module for t in bases)

    def check_default_args(self, node):
        """`DAG(default_args={...})` keys are BaseOperator keywords, checked like the rest."""
        base = {p["name"]: p for p in self.tree_api["classes"]["BaseOperator"]["params"]}
        for kw in node.keywords:
            if kw.arg != "default_args":
                continue
            if not isinstance(kw.value, ast.Dict):
                self.report(kw.value, "`default_args` must be a dict literal")
                continue
            for key in kw.value.keys:
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    self.report(kw.value, "`default_args` keys must be string literals")
                elif key.value not in base:
                    self.report(key, "`default_args` key `%s` is not a BaseOperator keyword" % key.value)
                elif "deprecated" in base[key.value]:
                    self.report(key, "`default_args` key `%s` is deprecated" % key.value)

    def check_keywords(self, node, api_name, params, check_required=True):
        by_name = {p["name"]: p for p in params}
        if node.args:
            self.report(node, "`%s` called with positional arguments" % api_name)
        given = set()
        for kw in node.keywords:
            if kw.arg is None:
                self.report(node, "`%s` called with **kwargs" % api_name)
                continue
            given.add(kw.arg)
            param = by_name.get(kw.arg)
            if param is None:
                self.report(kw.value, "`%s` does not accept keyword `%s`" % (api_name, kw.arg))
            elif "deprecated" in param:
                self.report(kw.value, "`%s(%s=…)` is deprecated: %s" % (api_name, kw.arg, param["deprecated"]))
        if check_required:
            for param in params:
                if param.get("required") and param["name"] not in given and param["kind"] in ("keyword_only", "positional_or_keyword"):
                    self.report(node, "`%s` requires keyword `%s`" % (api_name, param["name"]))


def main(argv):
    api = json.load(open(argv[1], encoding="utf-8"))
    version = argv[2]
    findings = []
    for path in argv[3:]:
        with open(path, encoding="utf-8") as f:
            findings.extend(Checker(api, version, path, f.read()).run())
    print(json.dumps(findings))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
