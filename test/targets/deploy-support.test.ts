/**
 * Each target's deploy support table: a kind or option the language defines but the target
 * cannot honour is refused with the one shared wording (`src/target/deploy-support.ts`) under
 * the target's own code, and what the table lists compiles.
 */
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { DEPLOY_KIND_NAMES, DEPLOY_KINDS } from "../../src/deploy/kinds.js";
import type { IrDocument } from "../../src/ir/ir.js";
import { memoryHost } from "../../src/source/host.js";
import { unsupportedDeploy, type DeploySupport } from "../../src/target/deploy-support.js";
import { AIRFLOW_DEPLOY_SUPPORT } from "../../targets/airflow/deploy-support.js";
import { ARGO_DEPLOY_SUPPORT } from "../../targets/argo/deploy-support.js";
import { GITHUB_DEPLOY_SUPPORT } from "../../targets/github-actions/deploy-support.js";
import { emitWith as emitAirflow } from "./airflow/helpers.js";
import { runArgo } from "./argo/helpers.js";
import { emitIr as emitGithub } from "./github-actions/helpers.js";

function ir(to: string): IrDocument {
  const source = `pipeline churn {\n  step train {\n    image "python:3.12-slim"\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy prod {\n    model train.model\n    ${to}\n  }\n}\n`;
  const r = compileToIr("churn.mlp", memoryHost({ "churn.mlp": source }));
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ir!;
}

type Emit = (doc: IrDocument) => { diagnostics: readonly { code: string; severity: string; message: string; notes: readonly string[]; help: readonly string[] }[] };

const TARGETS: { title: string; code: string; support: DeploySupport; emit: Emit }[] = [
  { title: "GitHub Actions", code: "MLP5108", support: GITHUB_DEPLOY_SUPPORT, emit: (d) => emitGithub(d, { artifact_store: "s3://ml-artifacts/churn" }) },
  { title: "Argo", code: "MLP5207", support: ARGO_DEPLOY_SUPPORT, emit: (d) => runArgo(d) },
  { title: "Airflow", code: "MLP5306", support: AIRFLOW_DEPLOY_SUPPORT, emit: (d) => emitAirflow(d, { artifact_root: "s3://ml-artifacts/churn" }) },
];

/** A value of the right type for every option of the definition, by name. */
const VALUES: Record<string, string> = {
  command: `"./ship.sh"`,
  image: `"alpine:3.20"`,
  name: `"churn"`,
  namespace: `"ml"`,
  model_format: `"onnx"`,
  model_format_version: `"1"`,
  runtime: `"my-runtime"`,
  protocol_version: `"v2"`,
  service_account: `"deployer"`,
  storage_uri: `"s3://models/churn"`,
  min_replicas: "1",
  max_replicas: "2",
};
/** Options every kserve example needs on every target. */
const KSERVE_BASE = `name: "churn", namespace: "ml"`;
/** Every option of every kind, from the definition. */
const ALL_OPTIONS: Record<string, readonly string[]> = Object.fromEntries(DEPLOY_KIND_NAMES.map((k) => [k, Object.keys(DEPLOY_KINDS[k].options)]));

it("has a test value for every option the definition has", () => {
  expect(Object.values(ALL_OPTIONS).flat().filter((o) => VALUES[o] === undefined)).toEqual([]);
});

describe.each(TARGETS)("$title", ({ title, code, support, emit }) => {
  it("deploys every kind of its table with every option it lists", () => {
    for (const [kind, options] of Object.entries(support) as [string, readonly string[]][]) {
      const body = options.map((o) => `${o}: ${VALUES[o]}`).join(", ");
      const to = kind === "kserve" ? `to kserve { ${KSERVE_BASE}${options.filter((o) => o !== "name" && o !== "namespace").map((o) => `, ${o}: ${VALUES[o]}`).join("")} }` : options.length === 0 ? `to ${kind}` : `to ${kind} { ${body} }`;
      const errors = emit(ir(to)).diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => `${d.code} ${d.message}`), to).toEqual([]);
    }
  });

  it("refuses each option it does not list, in the shared wording, under its own code", () => {
    let refused = 0;
    for (const [kind, all] of Object.entries(ALL_OPTIONS)) {
      if (kind === "local") continue; // takes no options
      const supported = (support as Record<string, readonly string[]>)[kind] ?? [];
      for (const option of all.filter((o) => !supported.includes(o))) {
        const base = kind === "kserve" ? `${KSERVE_BASE}, ` : `command: "./ship.sh", `;
        const doc = ir(`to ${kind} { ${base}${option}: ${VALUES[option]} }`);
        const expected = unsupportedDeploy(title, support, doc.pipelines[0]!.deploys[0]!);
        expect(expected).toHaveLength(1);
        expect(expected[0]!.message).toBe(`option \`${option}\` of \`to ${kind}\` in deploy \`prod\` is not supported by the ${title} target`);
        const found = emit(doc).diagnostics.filter((d) => d.code === code);
        expect(found.map((d) => [d.severity, d.message, d.notes, d.help]), option).toEqual([["error", expected[0]!.message, expected[0]!.notes, expected[0]!.help]]);
        refused++;
      }
    }
    // Each target today lacks at least one option another target honours.
    expect(refused).toBeGreaterThan(0);
  });
});

describe("unsupportedDeploy", () => {
  const deploy = ir(`to kserve { name: "churn", namespace: "ml", min_replicas: 1, runtime: "rt" }`).pipelines[0]!.deploys[0]!;

  it("refuses a kind missing from the table, naming the kinds it has", () => {
    expect(unsupportedDeploy("Example", { local: [], command: ["command"] }, deploy)).toEqual([
      {
        message: "deploy `prod` is `to kserve`, which the Example target does not support",
        notes: ["the Example target deploys `to command`, `to local`"],
        help: ["deploy with one of those, or compile this pipeline for a target that deploys `to kserve`"],
      },
    ]);
  });

  it("refuses every unlisted option, sorted, and nothing when all are listed", () => {
    expect(unsupportedDeploy("Example", { kserve: ["name", "namespace"] }, deploy).map((r) => r.message)).toEqual([
      "option `min_replicas` of `to kserve` in deploy `prod` is not supported by the Example target",
      "option `runtime` of `to kserve` in deploy `prod` is not supported by the Example target",
    ]);
    expect(unsupportedDeploy("Example", { kserve: ["name", "namespace", "min_replicas", "runtime"] }, deploy)).toEqual([]);
  });
});
