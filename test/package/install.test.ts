/**
 * The package as a user gets it: `npm pack` this project, install the tarball into an empty
 * folder, and run the installed `mlp` from that folder (`--version`, `check`, `run`, `compile`
 * to every target). Catches what tests of `dist/` inside the checkout cannot: a file missing
 * from the `files` whitelist, a module the bundle needs at run time that is only a
 * devDependency, a path that only resolves inside this repository.
 *
 * Offline-safe and fast: the tarball is packed from the `dist/` that `npm test` has just built
 * (`--ignore-scripts`, so `prepack` does not build a second time), and installed with
 * `--prefer-offline --ignore-scripts` from the npm cache that `npm ci` filled. Skipping install
 * scripts skips better-sqlite3's addon build (a C compile of SQLite, ~2 min here, or a download
 * from GitHub): the addon this checkout built is copied in instead, for the same better-sqlite3
 * version, pinned in the install. Whether better-sqlite3's own install script works is
 * better-sqlite3's business; everything of ours comes from the tarball.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HAVE_S3_SERVER, requireServerInCi, startS3Server } from "../runtime/object-store/s3-server.js";

const ROOT = resolve(import.meta.dirname, "../..");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
const SQLITE_VERSION = (JSON.parse(readFileSync(join(ROOT, "node_modules/better-sqlite3/package.json"), "utf8")) as { version: string }).version;
const ADDON = join("node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");

/** The small project the installed CLI runs on: a std built-in, a shell step with a metric, a gate. */
const PIPELINE = `schema Row {
  id: int
  x: float
}

pipeline smoke {
  dataset raw: Table<Row> = "data/rows.csv"

  step profile = std.profile(data: raw)

  step count {
    inputs { data: raw }
    outputs { lines: File }
    metrics { rows: int }
    code "steps/count.sh"
    run "sh steps/count.sh \${data} \${lines} \${metrics}"
  }

  # Airflow's step pods pass files through a shared claim (MLP5320 without one).
  target airflow { artifact_root: "/mnt/mlp-artifacts", artifact_volume: "mlp-artifacts" }

  gate enough {
    count.rows >= 2
    profile.schema_ok == true
  }
}
`;
const COUNT_SH = `wc -l < "$1" > "$2"
echo "{\\"rows\\": $(($(wc -l < "$1") - 1))}" > "$3"
`;

let work = "";
let project = "";
let packed: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };

function npm(args: readonly string[], cwd: string): string {
  return execFileSync("npm", [...args], {
    cwd,
    encoding: "utf8",
    // No audit, fund or update checks: nothing but the registry (and only for cache misses).
    env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Runs the installed `mlp` (the `bin` link npm made) from the project folder. */
function mlp(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(join(project, "node_modules", ".bin", "mlp"), args, {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", MLP_DEBUG: undefined },
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "cli", "mlp.cjs"))) throw new Error("dist/cli/mlp.cjs is missing: run `npm run build` first (`npm test` does)");
  work = mkdtempSync(join(tmpdir(), "mlp-package-"));
  const packDir = join(work, "pack");
  mkdirSync(packDir);
  packed = (JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], ROOT)) as (typeof packed)[])[0]!;

  project = join(work, "project");
  mkdirSync(join(project, "data"), { recursive: true });
  mkdirSync(join(project, "steps"));
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "mlp-install-check", private: true })}\n`);
  writeFileSync(join(project, "smoke.mlp"), PIPELINE);
  writeFileSync(join(project, "steps", "count.sh"), COUNT_SH);
  writeFileSync(join(project, "data", "rows.csv"), "id,x\n1,0.5\n2,0.25\n3,0.125\n");
  npm(["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", join(packDir, packed.filename), `better-sqlite3@${SQLITE_VERSION}`], project);
  mkdirSync(join(project, ADDON, ".."), { recursive: true });
  copyFileSync(join(ROOT, ADDON), join(project, ADDON));
}, 180_000);

afterAll(() => {
  if (work !== "") rmSync(work, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("holds the CLI and nothing else of the repository (no sources, tests or docs)", () => {
    const paths = packed.files.map((f) => f.path).sort();
    expect(paths).toContain("bin/mlp.js");
    expect(paths).toContain("bin/bundle-loader.js");
    expect(paths).toContain("bin/package.json"); // bin/ is CommonJS in a package that is not
    expect(paths).toContain("dist/cli/mlp.cjs");
    expect(paths).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE"]));
    const stray = paths.filter((p) => !/^(bin\/|dist\/cli\/)/.test(p) && !["package.json", "README.md", "LICENSE"].includes(p));
    expect(stray).toEqual([]);
    expect(paths.filter((p) => p.endsWith(".ts") || p.endsWith(".map"))).toEqual([]);
    expect(packed.filename).toBe(`${PKG.name.replace(/^@/, "").replace("/", "-")}-${PKG.version}.tgz`);
  });

  it("declares every package the bundle loads at run time as a dependency", () => {
    // esbuild leaves out what it cannot bundle (a module loaded through `createRequire`, say);
    // such a module must be installed with mlp. Minified names: `require2(…)`, `__require(…)`;
    // better-sqlite3's addon is found with `require.resolve("better-sqlite3/package.json")`.
    const bundle = join(project, "node_modules", PKG.name, "dist", "cli");
    const files = [join(bundle, "mlp.cjs"), ...readdirSync(join(bundle, "chunks")).map((f) => join(bundle, "chunks", f))];
    const loaded = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      // (`Promise.resolve("…")` is a value, not a module: the AWS SDK has `Promise.resolve("legacy")`.)
      for (const m of text.matchAll(/(?:\b\w*require\d*\(|(?<!Promise)\.resolve\(|\bimport\(|\bfrom\s*)"([^"]+)"/g)) loaded.add(m[1]!);
    }
    const packageName = (s: string) => s.split("/").slice(0, s.startsWith("@") ? 2 : 1).join("/");
    const builtins = new Set(builtinModules);
    const external = [...loaded]
      .filter((s) => /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/.test(s) && !builtins.has(s) && !s.startsWith("node:"))
      // ajv's code generator writes `require("ajv/dist/runtime/…")` into text it never loads.
      .filter((s) => !/^ajv(-formats)?\/dist\//.test(s))
      // The AWS SDK (bundled) names its optional CRT signer only inside an error message's text.
      .filter((s) => s !== "@aws-sdk/signature-v4-crt");
    expect(external.length).toBeGreaterThan(0);
    // `bindings` is better-sqlite3's own dependency, loaded by better-sqlite3's bundled JavaScript.
    const installedWith = new Set([...Object.keys(PKG.dependencies), "bindings"]);
    expect(external.filter((s) => !installedWith.has(packageName(s)))).toEqual([]);
    // And nothing is declared that the bundle does not load (it would only slow installs down).
    expect(Object.keys(PKG.dependencies).filter((d) => !external.some((s) => packageName(s) === d))).toEqual([]);
  });
});

describe("the installed mlp, run from an empty project", () => {
  it("prints the package's version", () => {
    const r = mlp("--version");
    expect(r.status, r.out).toBe(0);
    expect(r.out.trim()).toBe(PKG.version);
  });

  it("checks a pipeline", () => {
    const r = mlp("check", "smoke.mlp");
    expect(r.status, r.out).toBe(0);
  });

  it("runs a pipeline (a std built-in, a shell step, a gate) on a store created in that folder", () => {
    const r = mlp("run", "smoke.mlp");
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/run \d+ succeeded/);
    expect(existsSync(join(project, ".mlp", "mlp.db"))).toBe(true);
    const shown = mlp("runs", "show", "latest", "--store", ".mlp");
    expect(shown.status, shown.out).toBe(0);
    expect(shown.out).toContain("smoke");
  });

  it.skipIf(!HAVE_S3_SERVER && process.env.CI !== "true")("reads an s3:// table with the AWS SDK from its own bundle (the SDK is not installed)", async () => {
    requireServerInCi();
    expect(existsSync(join(project, "node_modules", "@aws-sdk"))).toBe(false);
    const s3 = await startS3Server(["data"]);
    try {
      await s3.put("data", "rows.csv", "id,x\n1,0.5\n2,0.25\n");
      // Asynchronously: the server answers from this process.
      const r = await new Promise<{ status: number | null; out: string }>((done) => {
        const p = spawn(join(project, "node_modules", ".bin", "mlp"), ["std", "profile", "--data", "s3://data/rows.csv", "--metrics", join(work, "s3-metrics.json")], {
          cwd: project,
          env: { ...process.env, ...s3.env, NO_COLOR: "1" },
        });
        let out = "";
        p.stdout.on("data", (d) => (out += d));
        p.stderr.on("data", (d) => (out += d));
        p.on("close", (status) => done({ status, out }));
      });
      expect(r.status, r.out).toBe(0);
      expect(r.out).toMatch(/^std\.profile: rows 2,/);
    } finally {
      await s3.close();
    }
  });

  it.each(["github", "argo", "airflow"])("compiles to %s", (target) => {
    const out = join(work, "out", target);
    const r = mlp("compile", "smoke.mlp", "--target", target, "--out", out);
    expect(r.status, r.out).toBe(0);
    expect(readdirSync(out).length).toBeGreaterThan(0);
    // Generated outputs name this package (GitHub) or its image (Argo, Airflow) at this version.
    const text = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
      .join("\n");
    expect(text).toContain(target === "github" ? PKG.name : `ghcr.io/mlp-lang/mlp:${PKG.version}`);
  });
});
