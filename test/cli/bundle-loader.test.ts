/**
 * bin/bundle-loader.js: the bundled CLI's chunks run through V8's code cache. A cache must
 * never change what runs: a chunk compiled with its cache, without one, or with one V8 refuses
 * behaves the same, and a chunk whose text changed never meets the cache of its old text —
 * whether the hash that names the cache was written by the build or worked out by the loader.
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT, mlp } from "./run-cli.js";

interface Stats {
  hit: number;
  missing: number;
  rejected: number;
}

const LOADER = pathToFileURL(join(ROOT, "bin", "bundle-loader.js")).href;

let dir = "";
let bundle = "";
let cache = "";

/**
 * Two chunks that require each other (as split chunks may), read their URL and a built-in, and
 * import a third chunk and an ES module (as `mlp compile --target ./plugin.mjs` does).
 */
function writeChunks(answer: number): void {
  writeFileSync(
    join(bundle, "main.cjs"),
    `const dep = require("./chunks/dep.cjs");
exports.name = "main";
exports.answer = () => dep.answer;
exports.url = __mlpModuleUrl;
exports.sep = require("node:path").sep;
exports.lazy = async () => (await __mlpImport("./chunks/late.cjs")).late;
exports.plugin = async (url) => (await __mlpImport(url)).plugin;
`,
  );
  writeFileSync(join(dir, "plugin.mjs"), `export const plugin = "an ES module";\n`);
  writeFileSync(join(bundle, "chunks", "dep.cjs"), `const main = require("../main.cjs");\nexports.answer = ${answer};\nexports.mainSeenEarly = main.name;\n`);
  writeFileSync(join(bundle, "chunks", "late.cjs"), `exports.late = "late";\n`);
}

function cacheFiles(): string[] {
  try {
    return readdirSync(cache, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".v8"));
  } catch {
    return [];
  }
}

/**
 * Loads the chunks in a new process, as the CLI does (V8 also keeps compiled scripts in memory,
 * which would hide the code cache from a second load in the same process), and saves the caches.
 */
function run(cacheDir: string | undefined, use = "test"): { answer: unknown; url: unknown; late: unknown; stats: Stats } {
  const script = `
    import { BundleLoader } from ${JSON.stringify(LOADER)};
    const loader = new BundleLoader(${cacheDir === undefined ? "undefined" : JSON.stringify(cacheDir)}, ${JSON.stringify(use)});
    const main = loader.load(${JSON.stringify(join(bundle, "main.cjs"))});
    const late = await main.lazy();
    const plugin = await main.plugin(${JSON.stringify(pathToFileURL(join(dir, "plugin.mjs")).href)});
    loader.saveCaches();
    console.log(JSON.stringify({ answer: main.answer(), url: main.url, sep: main.sep, late, plugin, stats: loader.stats }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  const out = JSON.parse(r.stdout) as { answer: unknown; url: unknown; sep: unknown; late: unknown; plugin: unknown; stats: Stats };
  expect(out.sep).toBe(sep);
  expect(out.plugin).toBe("an ES module");
  return out;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mlp-bundle-loader-"));
  bundle = join(dir, "cli");
  cache = join(dir, "code-cache");
  mkdirSync(join(bundle, "chunks"), { recursive: true });
  writeChunks(1);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("BundleLoader", () => {
  it("runs the chunks the same without a cache and with the one it wrote", () => {
    const first = run(cache);
    expect(first.stats).toEqual({ hit: 0, missing: 3, rejected: 0 });
    expect(cacheFiles()).toHaveLength(3);
    const second = run(cache);
    expect(second.stats).toEqual({ hit: 3, missing: 0, rejected: 0 });
    for (const r of [first, second]) {
      expect(r.answer).toBe(1);
      expect(r.url).toBe(pathToFileURL(join(bundle, "main.cjs")).href);
      expect(r.late).toBe("late");
    }
  });

  it("keeps the caches of each use apart", () => {
    run(cache, "check");
    expect(run(cache, "graph").stats).toEqual({ hit: 0, missing: 3, rejected: 0 });
    expect(run(cache, "check").stats).toEqual({ hit: 3, missing: 0, rejected: 0 });
    expect(cacheFiles()).toHaveLength(6);
  });

  it("runs a chunk that changed, not the cache of its old text, even at the same length", () => {
    // Every chunk at the same whole second, before and after the edit, so only the text can tell
    // the changed chunk apart (a time read back and written again may not round-trip exactly).
    const files = ["main.cjs", join("chunks", "dep.cjs"), join("chunks", "late.cjs")].map((f) => join(bundle, f));
    const sameTime = (): void => files.forEach((f) => utimesSync(f, 1_700_000_000, 1_700_000_000));
    sameTime();
    run(cache);
    writeChunks(2); // one character different: V8 alone would take the old cache
    sameTime();
    const changed = run(cache);
    expect(changed.answer).toBe(2);
    expect(changed.stats).toEqual({ hit: 2, missing: 1, rejected: 0 });
  });

  it("names a cache by the hash the build wrote on the chunk's last line, and by the file's size and time", () => {
    const marked = (text: string, hash: string): string => `${text}//# mlp-content-hash=${hash}\n`;
    const late = join(bundle, "chunks", "late.cjs");
    writeFileSync(late, marked(`exports.late = "late";\n`, "0123456789abcdef0123456789abcdef"));
    run(cache);
    expect(cacheFiles().filter((f) => f.includes("late.cjs.0123456789abcdef0123456789abcdef."))).toHaveLength(1);
    // Edited by hand at the same length, the build's hash left as it was: the file's time tells.
    writeFileSync(late, marked(`exports.late = "LATE";\n`, "0123456789abcdef0123456789abcdef"));
    const future = new Date(Date.now() + 60_000);
    utimesSync(late, future, future);
    const edited = run(cache);
    expect(edited.late).toBe("LATE");
    expect(edited.stats).toEqual({ hit: 2, missing: 1, rejected: 0 });
  });

  it("works out the same hash the build writes", async () => {
    const { contentHash } = (await import(LOADER)) as { contentHash(bytes: Buffer): string };
    const text = Buffer.from(`exports.x = 1;\n`);
    const hash = createHash("sha256").update(text).digest("hex").slice(0, 32);
    expect(contentHash(text)).toBe(hash);
    expect(contentHash(Buffer.from(`${text}//# mlp-content-hash=${"f".repeat(32)}\n`))).toBe("f".repeat(32));
  });

  it("compiles a chunk whose cache V8 refuses from its text, and replaces that cache", () => {
    run(cache);
    for (const f of cacheFiles()) writeFileSync(join(cache, f), "not a code cache");
    const damaged = run(cache);
    expect(damaged.answer).toBe(1);
    expect(damaged.stats).toEqual({ hit: 0, missing: 0, rejected: 3 });
    expect((run(cache)).stats).toEqual({ hit: 3, missing: 0, rejected: 0 });
  });

  it("runs without writing anything when the cache directory cannot be made, or there is none", () => {
    writeFileSync(cache, "a file where the directory would go");
    expect((run(cache)).answer).toBe(1);
    expect((run(cache)).stats).toEqual({ hit: 0, missing: 3, rejected: 0 });
    rmSync(cache);
    expect((run(undefined)).stats).toEqual({ hit: 0, missing: 0, rejected: 0 });
    expect(cacheFiles()).toEqual([]);
  });
});

describe("where the caches live (codeCacheDir)", () => {
  const dist = join(sep, "pkg", "dist");
  const load = async () => (await import(LOADER)) as { codeCacheDir(env: Record<string, string | undefined>, dist: string, writable: (d: string) => boolean): string | undefined };

  it("is MLP_CODE_CACHE when set, and nowhere when it is off", async () => {
    const { codeCacheDir } = await load();
    expect(codeCacheDir({ MLP_CODE_CACHE: "/x/y" }, dist, () => true)).toBe("/x/y");
    expect(codeCacheDir({ MLP_CODE_CACHE: "off" }, dist, () => true)).toBeUndefined();
  });

  it("is beside the bundle when the package may be written, else the user's cache folder, never a shared one", async () => {
    const { codeCacheDir } = await load();
    expect(codeCacheDir({}, dist, (d) => d === dist)).toBe(join(dist, "code-cache"));
    expect(codeCacheDir({ XDG_CACHE_HOME: "/home/u/.xdg" }, dist, () => false)).toBe(join("/home/u/.xdg", "mlp", "code-cache"));
    const fallback = codeCacheDir({}, dist, () => false)!;
    expect(fallback.startsWith(join((await import("node:os")).homedir(), ".cache"))).toBe(true);
    expect(fallback.startsWith(tmpdir())).toBe(false);
  });
});

describe("the built bundle (scripts/bundle.mjs)", () => {
  const built = join(ROOT, "dist", "cli");
  const chunks = (): string[] => [join(built, "mlp.cjs"), ...readdirSync(join(built, "chunks")).map((f) => join(built, "chunks", f))];

  it("is CommonJS scripts whose every import() goes through the loader", () => {
    const files = chunks();
    expect(files.length).toBeGreaterThan(10);
    let viaLoader = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expect(text.includes("import("), f).toBe(false);
      viaLoader += text.split("__mlpImport(").length - 1;
    }
    // One per subcommand in mlp.cjs alone.
    expect(viaLoader).toBeGreaterThan(13);
  });

  it("ends each chunk with the hash of the text before it, which names its code cache", () => {
    for (const f of chunks()) {
      const text = readFileSync(f, "latin1");
      const m = /\/\/# mlp-content-hash=([0-9a-f]{32})\n$/.exec(text);
      expect(m, f).not.toBeNull();
      expect(createHash("sha256").update(text.slice(0, m!.index), "latin1").digest("hex").slice(0, 32), f).toBe(m![1]);
    }
  });

  it("runs `mlp check` without loading node:crypto (the hashes are written, not worked out)", () => {
    const dir = mkdtempSync(join(tmpdir(), "mlp-no-crypto-"));
    try {
      const probe = join(dir, "probe.cjs");
      writeFileSync(probe, `process.on("exit", () => process.stderr.write("\\nloaded: " + process.moduleLoadList.filter((m) => /^NativeModule (crypto|internal\\/crypto)/.test(m)).join(" ") + "\\n"));\n`);
      writeFileSync(join(dir, "ok.mlp"), `pipeline p {\n  step a {\n    run "echo a"\n  }\n}\n`);
      const r = spawnSync(process.execPath, ["--require", probe, join(ROOT, "bin", "mlp.js"), "check", join(dir, "ok.mlp")], { encoding: "utf8", env: { ...process.env, MLP_CODE_CACHE: join(dir, "cache") } });
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/\nloaded: \n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is ASCII, so each chunk's text is a one-byte string in memory (read as Latin-1), not a two-byte one", () => {
    const notAscii = chunks().filter((f) => !isAscii(readFileSync(f)));
    expect(notAscii).toEqual([]);
  });
});

describe("mlp with its code cache", () => {
  it("reports the same with a cache missing, present, damaged or turned off", () => {
    const env = { MLP_CODE_CACHE: cache, NO_COLOR: "1" };
    const file = join(dir, "broken.mlp");
    writeFileSync(file, `pipeline p {\n  step a {\n    run: "echo \${undefined_name}"\n  }\n}\n`);
    const results = [mlp(["check", file], { env })];
    const written = cacheFiles();
    expect(written.length).toBeGreaterThan(3);
    results.push(mlp(["check", file], { env }));
    expect(cacheFiles()).toEqual(written);
    for (const f of written) writeFileSync(join(cache, f), readFileSync(join(cache, f)).subarray(0, 100));
    results.push(mlp(["check", file], { env }));
    results.push(mlp(["check", file], { env: { ...env, MLP_CODE_CACHE: "off" } }));
    expect(results[0]!.status).toBe(1);
    expect(results[0]!.stderr).toMatch(/MLP\d{4}/);
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });
});
