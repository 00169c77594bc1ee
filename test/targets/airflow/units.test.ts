/**
 * The escaping layers on their own: the Python literal printer (checked by Python's parser),
 * Jinja neutralisation (checked by rendering with jinja2), the kubelet escape (checked against
 * an implementation of Kubernetes' expansion), shell variable references (checked by sh), and
 * the cron and id rules.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cronProblem } from "../../../targets/airflow/cron.js";
import { jinjaLiteral } from "../../../targets/airflow/jinja.js";
import { isQuantity, kubeLiteral, podNameFor } from "../../../targets/airflow/kubernetes-text.js";
import { airflowIdProblem } from "../../../targets/airflow/names.js";
import { pyComment, pyFloat, pyJson, pyStr } from "../../../targets/airflow/python-literal.js";
import { type ShellQuoteState, shVarRef, shellStateAfter } from "../../../targets/airflow/shell.js";

const NASTY = [
  "",
  "plain",
  "a'b\"c\n${{ github.token }} {{ workflow.name }} {% raw %} {# x #} \"\"\" ''' : # &a *a !!python/object:os.system \\ é — $(id) `id` ;rm -rf /",
  "{% endraw %}{{ 7*7 }}{{",
  "}}{%-%}{#-#}",
  "\\x00\\u0000\u0000\u0007\r\n\t\u2028\u2029\u202e\ud83d\ude80 lone:\ud800 \udc00",
  "ends with newline\n",
  "run.sh",
  "$$ $( $(x) $${y} $",
];

/** Strings fast-check generates, plus the fixed nasty ones, covering braces, `$` and unicode. */
function samples(): string[] {
  const gen = fc.string({ unit: fc.constantFrom("{", "}", "%", "#", "$", "(", ")", "'", '"', "\\", "\n", "a", " ", "é", "\u0000", "\ud800") , maxLength: 24 });
  return [...NASTY, ...fc.sample(gen, { numRuns: 300, seed: 42 }), ...fc.sample(fc.string({ unit: "binary", maxLength: 16 }), { numRuns: 100, seed: 7 })];
}

function python(script: string, input: unknown): unknown {
  return JSON.parse(execFileSync("python3", ["-c", script], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
}

describe("python literal printer", () => {
  it("prints strings Python reads back exactly, in printable ASCII", () => {
    const values = samples();
    const literals = values.map((v) => pyStr(v) as string);
    for (const lit of literals) expect(/^"[\x20-\x7e]*"$/.test(lit)).toBe(true);
    // Python reads each literal; we compare code units (lone surrogates included) as lists.
    const back = python(
      "import ast,json,sys\nprint(json.dumps([[ord(c) for c in ast.literal_eval(l).encode('utf-16-le','surrogatepass').decode('utf-16-le','surrogatepass')] for l in json.load(sys.stdin)]))",
      literals,
    ) as number[][];
    // compare as UTF-16 code units
    const units = values.map((v) => Array.from(v).flatMap((ch) => (ch.length === 2 ? [ch.codePointAt(0)!] : [ch.charCodeAt(0)])));
    expect(back).toEqual(units);
  });

  it("prints floats and JSON values as Python literals of the same value", () => {
    const nums = [0, 1, -1, 0.05, 1e21, 1.5e-7, 2 ** 53 - 1, -0];
    const lits = nums.map((n) => pyFloat(n) as string);
    const back = python("import ast,json,sys\nprint(json.dumps([ast.literal_eval(l) for l in json.load(sys.stdin)]))", lits) as number[];
    expect(back).toEqual(nums.map((n) => (Object.is(n, -0) ? -0 : n)));
    expect(pyFloat(2)).toBe("2.0");
    const doc = { a: [1, 2.5, "x\ny", true, null], "k'\"": { nested: "{{ }}" } };
    expect(python("import ast,json,sys\nprint(json.dumps(ast.literal_eval(json.load(sys.stdin))))", pyJson(doc))).toEqual(doc);
  });

  it("keeps comments on one line", () => {
    for (const v of samples()) {
      const c = pyComment(v);
      expect(c.startsWith("# ")).toBe(true);
      expect(/[\n\r\u2028\u2029\u0085]/.test(c)).toBe(false);
    }
  });
});

describe("jinja neutralisation", () => {
  it("renders back to the exact text with jinja2 (the engine Airflow uses)", () => {
    const values = samples();
    const templates = values.map((v) => jinjaLiteral(v, [".sh", ".bash"]));
    for (let i = 0; i < values.length; i++) {
      expect(/\{[{%#]/.test(templates[i]!.replace(/\{\{ '\{' \}\}|\{\{ '' \}\}|\{\{ '\\r' \}\}/g, ""))).toBe(false);
      expect(templates[i]!.endsWith(".sh") || templates[i]!.endsWith(".bash")).toBe(false);
    }
    const rendered = python(
      "import json,sys,jinja2.sandbox\nenv=jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined, extensions=['jinja2.ext.do'])\nprint(json.dumps([env.from_string(t).render() for t in json.load(sys.stdin)]))",
      templates,
    );
    expect(rendered).toEqual(values);
  });
});

/** Kubernetes' `$(VAR)` expansion, as in k8s.io/kubernetes third_party/forked/golang/expansion. */
function kubeExpand(input: string, vars: Record<string, string>): string {
  let out = "";
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch !== "$" || i + 1 >= input.length) {
      out += ch;
      continue;
    }
    const next = input[i + 1]!;
    if (next === "$") {
      out += "$";
      i++;
    } else if (next === "(") {
      const close = input.indexOf(")", i + 2);
      if (close < 0) {
        out += "$(";
        i++;
      } else {
        const name = input.slice(i + 2, close);
        out += name in vars ? vars[name] : `$(${name})`;
        i = close;
      }
    } else {
      out += "$" + next;
      i++;
    }
  }
  return out;
}

describe("kubelet escaping", () => {
  it("expands back to the exact text even when referenced variables exist", () => {
    const vars = { x: "EXPANDED", api_token: "SECRET", id: "ID" };
    for (const v of samples()) expect(kubeExpand(kubeLiteral(v), vars)).toBe(v);
    expect(kubeExpand("$(api_token)", vars)).toBe("SECRET"); // the hazard being escaped
  });

  it("checks quantities and pod names", () => {
    for (const q of ["2", "500m", "4Gi", "512Mi", "1.5", "1e3", "100k", "2G"]) expect(isQuantity(q)).toBe(true);
    for (const q of ["4GB", "512K", "", "-1", "1 Gi", "Gi"]) expect(isQuantity(q)).toBe(false);
    expect(podNameFor("Deploy_Prod__x")).toBe("deploy-prod-x");
    expect(podNameFor("___")).toBe("mlp-task");
    expect(podNameFor("a".repeat(80)).length).toBe(50);
  });
});

describe("shell variable references", () => {
  it("expand to the exact value as one word in every quoting context", () => {
    const value = "a b'c\"d $(id) `id` \\ * ? \n";
    const cases: [string, string, ShellQuoteState][] = [
      ["printf '[%s]' ", "", "none"],
      ['printf \'[%s]\' "pre-', '-post"', "double"],
      ["printf '[%s]' 'pre-", "-post'", "single"],
    ];
    for (const [before, after, state] of cases) {
      expect(shellStateAfter(before, "none")).toBe(state);
      const script = before + shVarRef("V", state) + "X" + after;
      const res = spawnSync("/bin/sh", ["-c", script], { env: { V: value, PATH: process.env["PATH"] ?? "" }, encoding: "utf8" });
      const pre = state === "none" ? "" : "pre-";
      const post = state === "none" ? "" : "-post";
      expect(res.stdout).toBe(`[${pre}${value}X${post}]`);
    }
  });

  it("tracks escapes and comments", () => {
    expect(shellStateAfter("echo \\' ", "none")).toBe("none");
    expect(shellStateAfter("echo # it's a comment\n", "none")).toBe("none");
    expect(shellStateAfter('echo "a\\"b', "none")).toBe("double");
    expect(shellStateAfter("echo it's", "none")).toBe("single");
  });
});

describe("cron and ids", () => {
  it("accepts what Airflow's croniter accepts", () => {
    for (const c of ["0 3 * * *", "*/30 * * * *", "0 0 1 jan mon", "0 0 L * *", "0 0 * * 5#3", "0 0 * * 7", "0-59/15 1,2,3 1-31 1-12 0-6", "@daily", "@once", "0 0 ? * *"]) {
      expect(cronProblem(c), c).toBeUndefined();
    }
  });

  it("refuses what it rejects, with a reason", () => {
    for (const c of ["0 25 * * *", "60 * * * *", "* * * *", "* * * * * *", "0 0 32 * *", "0 0 * 13 *", "0 0 * * 8", "*/0 * * * *", "5-1 * * * *", "@fortnightly", "0 0 * * foo", " 0 3 * * *", "0\t3 * * *", "1,,2 * * * *"]) {
      expect(cronProblem(c), c).toBeDefined();
    }
  });

  it("checks dag and task ids like Airflow's validate_key", () => {
    expect(airflowIdProblem("churn.daily-v2_x")).toBeUndefined();
    expect(airflowIdProblem("a".repeat(250))).toBeUndefined();
    expect(airflowIdProblem("a".repeat(251))).toMatch(/251 characters/);
    expect(airflowIdProblem("churn daily")).toBeDefined();
    expect(airflowIdProblem("café")).toBeDefined();
    expect(airflowIdProblem("")).toBeDefined();
  });
});
