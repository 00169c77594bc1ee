/**
 * MLP5240: a deploy's environment name becomes the `mlp.dev/environment` label value of the
 * record ConfigMap / InferenceService and part of the ConfigMap's name; one Kubernetes would
 * refuse is refused at compile time, on the deploy's span, and nothing is written.
 */
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../../src/compile.js";
import type { Host } from "../../../src/source/host.js";
import { emitWithTarget } from "../../helpers/emit-with-target.js";
import { target } from "../../../targets/argo/index.js";
import { checkFile } from "./helpers.js";

function memoryHost(text: string): Host {
  return { readFile: (path) => (path === "main.mlp" ? { ok: true, text } : { ok: false, reason: "missing", detail: `no file \`${path}\`` }) };
}

function compileArgo(env: string, kind: "command" | "local" | "kserve") {
  const to =
    kind === "command" ? `to command { command: "./ship.sh" }` : kind === "local" ? "to local" : `to kserve { name: "churn", namespace: "models" }`;
  const source = `pipeline p {
  step train {
    outputs { model: Model }
    run "python train.py --out \${model}"
  }
  deploy ${env} {
    model train.model
    ${to}
  }
}
`;
  const compiled = compileToIr("main.mlp", memoryHost(source));
  expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return emitWithTarget(compiled.ir!, target, { knownTargets: ["argo"], mlpVersion: "0.1.0" });
}

describe("MLP5240: deploy names on Argo", () => {
  for (const kind of ["command", "local", "kserve"] as const) {
    it(`refuses a name whose label value ends with \`-\` or is over 63 characters (to ${kind})`, () => {
      for (const env of ["prod_", "_prod", "e".repeat(64)]) {
        const out = compileArgo(env, kind);
        expect(out.files, env).toEqual([]);
        const d = out.diagnostics.find((x) => x.code === "MLP5240");
        expect(d?.severity, env).toBe("error");
        expect(d?.span.start.line, env).toBe(6);
      }
    });

    it(`accepts a name Kubernetes accepts, and the label holds it (to ${kind})`, () => {
      for (const env of ["prod", "blue_green", "e".repeat(63)]) {
        const out = compileArgo(env, kind);
        expect(out.diagnostics.filter((d) => d.severity === "error"), env).toEqual([]);
        const text = out.files.map((f) => f.contents).join("\n");
        expect(text, env).toContain(`mlp.dev/environment: ${env.replace(/_/g, "-")}`);
        for (const f of out.files) checkFile(f);
      }
    });
  }
});
