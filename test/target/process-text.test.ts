/**
 * MLP5010: every built-in target refuses text with a NUL where a process would receive it
 * (no OS can pass one in argv or the environment; `mlp run` fails the step), on the value's span,
 * and writes nothing; the same pipeline without the NUL compiles on all three.
 */
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import type { Host } from "../../src/source/host.js";
import { emitWithTarget } from "../helpers/emit-with-target.js";
import { target as airflow } from "../../targets/airflow/index.js";
import { target as argo } from "../../targets/argo/index.js";
import { target as github } from "../../targets/github-actions/index.js";

function memoryHost(text: string): Host {
  return { readFile: (path) => (path === "main.mlp" ? { ok: true, text } : { ok: false, reason: "missing", detail: `no file \`${path}\`` }) };
}

/** One pipeline with `nul` (either `\u{0}` or nothing) in the place `where` names. */
function source(where: string, nul: string): string {
  const v = (place: string) => (place === where ? `a${nul}b` : "ab");
  return `pipeline p {
  param note: string = "${v("param")}"
  dataset raw: File = "data/${v("dataset")}.csv"
  step s {
    inputs { src: raw, label: "${v("literal")}", n: note }
    outputs { model: Model }
    env { GREETING: "${v("env")}" }
    run "cp \${src} \${model} && echo ${v("command")} \${label} \${n}"
  }
  deploy prod {
    model s.model
    to command { command: "./ship.sh ${v("deploy")}" }
  }
  target airflow { artifact_volume: "mlp-artifacts" }
}
`;
}

const PLACES: Array<[string, number]> = [
  ["param", 2],
  ["dataset", 3],
  ["literal", 4],
  ["env", 4],
  ["command", 4],
  ["deploy", 10],
];

describe("MLP5010: a NUL in text a process receives", () => {
  for (const t of [github, argo, airflow]) {
    for (const [where, line] of PLACES) {
      it(`${t.name}: refuses one in the ${where}, on its span, writing nothing`, () => {
        const compiled = compileToIr("main.mlp", memoryHost(source(where, "\\u{0}")));
        expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const out = emitWithTarget(compiled.ir!, t, { knownTargets: ["github", "argo", "airflow"], mlpVersion: "0.1.0" });
        expect(out.files).toEqual([]);
        const d = out.diagnostics.filter((x) => x.code === "MLP5010");
        expect(d).toHaveLength(1);
        expect(d[0]!.severity).toBe("error");
        expect(d[0]!.span.start.line).toBe(line);
      });
    }
    it(`${t.name}: compiles the same pipeline without it`, () => {
      const compiled = compileToIr("main.mlp", memoryHost(source("none", "")));
      const out = emitWithTarget(compiled.ir!, t, { knownTargets: ["github", "argo", "airflow"], mlpVersion: "0.1.0" });
      expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(out.files.length).toBeGreaterThan(0);
    });
  }
});
