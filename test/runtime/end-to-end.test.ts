/**
 * `.mlp` source -> front end -> executor, with the real `std.*` built-ins and table checks.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { loadBuiltins } from "../../src/runtime/builtins.js";
import { nodeHost } from "../../src/source/host.js";
import { project, run, type Ran } from "./harness.js";

const opened: Ran[] = [];
afterEach(() => {
  for (const r of opened.splice(0)) r.store.close();
});

const SOURCE = `
schema Row {
  id: int
  x: float
  label: string
}

pipeline demo {
  param threshold: float = 0.5
  dataset raw: Table<Row> = "data/rows.csv"

  step profile = std.profile(data: raw)

  gate data_ok {
    profile.rows >= 3
  }

  step filter {
    after data_ok
    inputs { data: raw, t: threshold }
    outputs { kept: Table<Row> }
    metrics { kept_rows: int }
    code "steps/filter.sh"
    run "sh steps/filter.sh \${data} \${t} \${kept} \${metrics}"
  }

  step model {
    inputs { data: filter.kept }
    outputs { model: Model }
    run "wc -l < \${data} > \${model}"
  }

  gate enough {
    filter.kept_rows >= 1
  }

  deploy staging {
    model model.model
    after enough
    to local
  }
}
`;

const FILTER = `awk -F, -v t="$2" 'NR == 1 || $2 >= t' "$1" > "$3"
echo "{\\"kept_rows\\": $(($(wc -l < "$3") - 1))}" > "$4"
`;

async function runSource(dir: string, params?: Record<string, number>): Promise<Ran> {
  const compiled = compileToIr(join(dir, "demo.mlp"), nodeHost);
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const ir = compiled.ir!;
  const r = await run(dir, ir, { builtins: loadBuiltins, ...(params ? { params } : {}) });
  opened.push(r);
  return r;
}

describe("end to end from .mlp", () => {
  it("runs built-ins, shell steps, gates and a local deploy, then re-runs nothing", async () => {
    const p = project({ "demo.mlp": SOURCE, "steps/filter.sh": FILTER, "data/rows.csv": "id,x,label\n1,0.1,a\n2,0.7,b\n3,0.9,a\n" });
    const r = await runSource(p.dir);
    expect(r.diagnostics).toEqual([]);
    expect(r.status_).toEqual({ profile: "done", data_ok: "passed", filter: "done", model: "done", enough: "passed", staging: "deployed" });
    const metrics = r.store.db.prepare("SELECT step, name, value FROM metrics WHERE run_id = ? AND name IN ('rows', 'kept_rows') ORDER BY step").all(r.runId);
    expect(metrics).toEqual([
      { step: "filter", name: "kept_rows", value: 2 },
      { step: "profile", name: "rows", value: 3 },
    ]);
    r.store.close();
    opened.pop();
    const again = await runSource(p.dir);
    expect(again.executed).toEqual([]);
    expect(again.status).toBe("success");
    again.store.close();
    opened.pop();
    // A new threshold re-runs filter; its output changes, so model re-runs too.
    const changed = await runSource(p.dir, { threshold: 0.8 });
    expect(changed.executed).toEqual(["filter", "model"]);
    expect(changed.outcomes.find((o) => o.name === "filter")!.reason).toBe("param `threshold` changed (0.5 -> 0.8)");
  });

  it("fails a step whose Table output does not match its schema", async () => {
    const bad = `awk 'NR == 1 { print "id,x" } NR > 1 { print "x" NR ",1" }' "$1" > "$3"\necho '{"kept_rows": 1}' > "$4"\n`;
    const p = project({ "demo.mlp": SOURCE, "steps/filter.sh": bad, "data/rows.csv": "id,x,label\n1,0.1,a\n2,0.7,b\n3,0.9,a\n" });
    const r = await runSource(p.dir);
    expect(r.status).toBe("failed");
    const d = r.diagnostics[0]!;
    expect(d.code).toBe("MLP7014");
    expect(d.message).toMatch(/^output `kept` of step `filter` does not match schema `Row`: /);
    expect(r.status_["model"]).toBe("not_run");
  });
});

describe("run-time types", () => {
  it("checks a Table<Schema> dataset before the step that reads it runs", async () => {
    const p = project({ "demo.mlp": SOURCE, "steps/filter.sh": FILTER, "data/rows.csv": "id,x,label\n1,0.1,a\ntwo,0.7,b\n3,0.9,a\n" });
    const compiled = compileToIr(join(p.dir, "demo.mlp"), nodeHost);
    // Skip the profile step and its gate so that `filter` is the first reader of the data.
    const pl = compiled.ir!.pipelines[0]!;
    const ir = {
      ...compiled.ir!,
      pipelines: [
        {
          ...pl,
          steps: pl.steps.filter((s) => s.name !== "profile").map((s) => ({ ...s, needs: s.needs.filter((x) => x !== "data_ok"), after: [] })),
          gates: pl.gates.filter((g) => g.name !== "data_ok"),
          order: pl.order.filter((o) => o.name !== "profile" && o.name !== "data_ok"),
        },
      ],
    };
    const r = await run(p.dir, ir, { builtins: loadBuiltins });
    opened.push(r);
    expect(r.status).toBe("failed");
    const d = r.diagnostics[0]!;
    expect(d.code).toBe("MLP7014");
    expect(d.message).toMatch(/^input `data` of step `filter` \(dataset `raw`, `data\/rows\.csv`\) does not match schema `Row`: .*two/);
    expect(r.executed).toEqual([]);
  });
});
