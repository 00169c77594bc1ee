/**
 * Every IR fixture through the GitHub target: zero actionlint findings, valid against the
 * SchemaStore workflow schema, byte-identical to its golden file (and across runs), and with only
 * the paths the compiler makes in a job's `env:`.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emitIr, golden, loadIr, snapshotText } from "./helpers.js";
import { actionlint, schemaErrors } from "./validate.js";

interface Job {
  readonly env?: Record<string, string>;
  readonly steps: ReadonlyArray<{ readonly name: string; readonly run?: string; readonly env?: Record<string, string> }>;
}

const CASES: Array<{ name: string; fixture: string; options?: Record<string, unknown> }> = [
  { name: "churn", fixture: "churn.ir.json" },
  { name: "injection", fixture: "injection.ir.json" },
  {
    name: "churn-store",
    fixture: "churn.ir.json",
    options: {
      runs_on: "ubuntu-24.04",
      gpu_runs_on: ["self-hosted", "linux", "x64"],
      artifact_store: "s3://ml-artifacts/mlp",
      store_secrets: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
      mlp_image: "ghcr.io/example/mlp:0.1.0",
      branches: ["main"],
      retention_days: 7,
      kubeconfig_secret: "KUBE_CONFIG",
      concurrency: false,
      workflow_file: "churn-training.yaml",
    },
  },
];

describe("github target on the IR fixtures", () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const result = emitIr(loadIr(c.fixture), c.options);

      it("emits files with no errors", () => {
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(result.files.length).toBeGreaterThan(0);
      });

      it("passes actionlint with zero findings", async () => {
        for (const f of result.files) expect(await actionlint(f.contents, f.path), f.path).toEqual([]);
      });

      it("is valid against the SchemaStore workflow schema", () => {
        for (const f of result.files) expect(schemaErrors(f.contents), f.path).toEqual([]);
      });

      it("puts only the paths the compiler makes on the job, and nothing twice", () => {
        for (const f of result.files) {
          const jobs = (parse(f.contents) as { jobs: Record<string, Job> }).jobs;
          for (const [id, job] of Object.entries(jobs)) {
            if (job.env === undefined) continue;
            for (const [k, v] of Object.entries(job.env)) {
              if (k === "MLP_RUN") {
                // A retried step's command script, written once and run by the retry loop.
                expect(job.steps.filter((s) => s.run === 'eval "$MLP_RETRY"'), id).toHaveLength(1);
                continue;
              }
              expect(k, `${id}: ${k}`).toMatch(/^(MLP_(IN|OUT)_[A-Za-z_][A-Za-z0-9_]*|MLP_METRICS)$/);
              expect(v, `${id}: ${k}`).toMatch(/^_mlp\/(artifacts\/[A-Za-z0-9_-]+\/[A-Za-z0-9_]+\/[A-Za-z0-9_]+|metrics\/[A-Za-z0-9_-]+\.json)$/);
            }
            expect(job.env["MLP_METRICS"], id).toBe(`_mlp/metrics/${id}.json`);
            for (const s of job.steps) for (const k of Object.keys(s.env ?? {})) expect(job.env, `${id} / ${s.name}: ${k}`).not.toHaveProperty([k]);
          }
        }
      });

      it("matches its golden file and is deterministic", () => {
        const again = snapshotText(emitIr(loadIr(c.fixture), c.options));
        const { expected, actual } = golden(c.name, snapshotText(result));
        expect(actual).toBe(expected);
        expect(again).toBe(actual);
      });
    });
  }
});

describe("std.* jobs in mlp_image", () => {
  it("run as root in the container, since the runner's workspace is not the image user's", () => {
    const result = emitIr(loadIr("churn.ir.json"), { mlp_image: "ghcr.io/mlp-lang/mlp:0.1.0" });
    const jobs = (parse(result.files[0]!.contents) as { jobs: Record<string, { container?: { image: string; options?: string } }> }).jobs;
    const inImage = Object.entries(jobs).filter(([, j]) => j.container?.image === "ghcr.io/mlp-lang/mlp:0.1.0");
    expect(inImage.length).toBeGreaterThan(0);
    for (const [id, j] of inImage) expect(j.container!.options, id).toBe("--user root");
    // A step's own image keeps its own user.
    for (const [id, j] of Object.entries(jobs)) if (j.container !== undefined && j.container.image !== "ghcr.io/mlp-lang/mlp:0.1.0") expect(j.container.options ?? "", id).not.toContain("--user");
  });
});
