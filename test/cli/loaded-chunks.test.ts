/**
 * What a command loads of the bundled CLI. A run with an empty code-cache directory writes one
 * cache per chunk it loaded (bin/bundle-loader.js), so the cache names list the chunks it ran;
 * each backend and ajv's schema compiler are recognised by a string only their code holds.
 * `mlp check` checks `target` blocks with the options schemas compiled ahead of time
 * (scripts/gen-options-validators.mjs), without loading a backend or ajv.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, mlp, tempDir } from "./run-cli.js";

/** A string only the code of each of these holds, as the bundle keeps it. */
const MARKERS = {
  "ajv's schema compiler": "schema must be object or boolean",
  "the Airflow backend": "airflow.providers.cncf.kubernetes.operators.pod",
  "the Argo backend": "argoproj.io/v1alpha1",
  "the GitHub Actions backend": "actions/checkout",
} as const;
type Part = keyof typeof MARKERS;

const dir = tempDir("mlp-loaded-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `mlp ARGS…` with a fresh code cache; its status, stderr, and which `MARKERS` parts it loaded. */
function run(name: string, args: readonly string[]): { status: number | null; stderr: string; parts: Part[] } {
  const cache = join(dir, `cache-${name}`);
  const r = mlp(args, { cwd: dir, env: { MLP_CODE_CACHE: cache, NO_COLOR: "1" } });
  const chunks = new Set(
    readdirSync(cache, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".v8"))
      .map((f) => f.split(/[\\/]/).pop()!.split(".cjs.")[0] + ".cjs"),
  );
  const texts = [...chunks].map((c) => readFileSync(join(ROOT, "dist", "cli", c.startsWith("mlp.") ? c : join("chunks", c)), "latin1"));
  expect(texts.length).toBeGreaterThan(2);
  const parts = (Object.keys(MARKERS) as Part[]).filter((p) => texts.some((t) => t.includes(MARKERS[p])));
  return { status: r.status, stderr: r.stderr, parts };
}

writeFileSync(
  join(dir, "blocks.mlp"),
  `pipeline p {
  target airflow { artifact_root: "/mnt/a", artifact_volume: "a" }
  target argo { namespce: "ml" }
  target github { runs_on: "ubuntu-latest" }
  target ir { }
  step a {
    run "echo a"
  }
}
`,
);

describe("what a command loads", () => {
  it("each marker is in the bundle once, in one chunk", () => {
    const chunks = readdirSync(join(ROOT, "dist", "cli", "chunks")).map((f) => readFileSync(join(ROOT, "dist", "cli", "chunks", f), "latin1"));
    for (const marker of Object.values(MARKERS)) expect(chunks.filter((t) => t.includes(marker)).length, marker).toBe(1);
  });

  it("`mlp check` of a file naming every target checks their options, loading no backend and no schema compiler", () => {
    const r = run("check", ["check", "blocks.mlp"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[MLP5001]: unknown option `namespce` for target `argo`");
    expect(r.stderr).toContain("did you mean `namespace`?");
    expect(r.parts).toEqual([]);
  });

  it("`mlp compile --target github` loads the GitHub Actions backend alone, and no schema compiler", () => {
    writeFileSync(join(dir, "ok.mlp"), `pipeline p {\n  target github { runs_on: 5 }\n  step a {\n    run "echo a"\n  }\n}\n`);
    const r = run("compile-github", ["compile", "ok.mlp", "--target", "github"]);
    expect(r.stderr).toContain("option `runs_on` of target `github` must be of type string");
    expect(r.parts).toEqual(["the GitHub Actions backend"]);
  });

  it("`mlp compile --target ./plugin.mjs` compiles the plugin's options schema with ajv", () => {
    writeFileSync(
      join(dir, "plugin.mjs"),
      `export const target = {
  name: "mine",
  description: "a plugin",
  optionsSchema: { type: "object", required: ["region"], properties: { region: { type: "string" } } },
  capabilities: { schedule: false, dataTriggers: false, pushTriggers: false, approval: false, gpu: false, retries: false, timeouts: false },
  emit: () => ({ files: [], diagnostics: [] }),
};
`,
    );
    writeFileSync(join(dir, "plain.mlp"), `pipeline p {\n  step a {\n    run "echo a"\n  }\n}\n`);
    const r = run("compile-plugin", ["compile", "plain.mlp", "--target", "./plugin.mjs"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("target `mine` requires option `region`");
    expect(r.parts).toEqual(["ajv's schema compiler"]);
  });
});
