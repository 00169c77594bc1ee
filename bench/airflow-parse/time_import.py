"""Times the import of one generated DAG file with the stand-in airflow modules.

Usage: python3 time_import.py DAG_FILE RUNS
Prints one JSON line: the median over RUNS of reading + compiling the source (`compile`, what a
first import does when there is no cached bytecode) and of running the module (`exec`), in ms.
"""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stub_airflow  # noqa: E402,F401  (installs the stand-in modules)

path, runs = sys.argv[1], int(sys.argv[2])
compile_ms, exec_ms = [], []
for _ in range(runs):
    t0 = time.perf_counter()
    with open(path, "rb") as f:
        source = f.read()
    code = compile(source, path, "exec", dont_inherit=True)
    t1 = time.perf_counter()
    module = {"__name__": "mlp_bench_dag", "__file__": path}
    exec(code, module)
    t2 = time.perf_counter()
    compile_ms.append((t1 - t0) * 1000)
    exec_ms.append((t2 - t1) * 1000)
    assert any(type(v).__name__ == "Stub" for v in module.values()), "the file built no DAG"
print(json.dumps({"compile": statistics.median(compile_ms), "exec": statistics.median(exec_ms)}))
