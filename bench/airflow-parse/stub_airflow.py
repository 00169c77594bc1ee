"""Stand-in `airflow` modules for timing the import of generated DAG files without Airflow.

Real Airflow cannot be installed here, so every `airflow.*` module is made up on import: any
name imported from it is `Stub`, a class that accepts any arguments, has every attribute
(`task.sensor`), works as a decorator, supports `>>`/`<<` between tasks and lists of tasks, and
works as a context manager (`with DAG(...) as dag:`). What is timed
is therefore Python's own work on the file -- reading, parsing, compiling to bytecode and running
the module top level, which builds one small object per task -- and not the cost of Airflow's DAG
and operator constructors (argument validation, template fields, `DAG.add_task`), which a real
DagBag import adds on top.
"""
import importlib.abc
import importlib.machinery
import sys
import types


class _StubType(type):
    # `task.sensor`, `TriggerRule.ALL_DONE`, ...: any attribute of the class is the class.
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return cls


class Stub(metaclass=_StubType):
    def __init__(self, *args, **kwargs):
        self.args = args
        self.kwargs = kwargs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, *args, **kwargs):
        # A decorator (`@task(...)`) and the task it makes when called.
        return self

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Stub

    def __rshift__(self, other):
        return other

    def __lshift__(self, other):
        return other

    def __rrshift__(self, other):
        return self

    def __rlshift__(self, other):
        return self


class _StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Stub


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        if fullname == "airflow" or fullname.startswith("airflow."):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


sys.meta_path.insert(0, _Finder())
