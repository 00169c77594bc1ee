#!/usr/bin/env node
// Part of `npm run build` (`npm run bundle`): bundles dist/src/cli/main.js into dist/cli/mlp.cjs
// plus one chunk per subcommand and shared chunks in dist/cli/chunks/, as CommonJS scripts.
//
// Why CommonJS: bin/mlp.js loads them through `vm.Script` with V8's code cache
// (bin/bundle-loader.js), which Node 20 offers for scripts only, not for ES modules. esbuild
// splits code into chunks only for ES modules, so the bundle is made in two steps: split as ES
// modules (in memory), then each chunk turned into a CommonJS script. A dynamic `import()` of a
// chunk still loads it only when the command needs it.
// Usage: node scripts/bundle.mjs (after `tsc`, from the repository root).
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build, transform } from "esbuild";

const OUT = "dist/cli";
/** The name each chunk's wrapper gives the chunk's own file URL (bin/bundle-loader.js). */
const MODULE_URL = "__mlpModuleUrl";

rmSync(OUT, { recursive: true, force: true });
// Code caches of an earlier build: keyed by content, so never used again, only in the way.
rmSync("dist/code-cache", { recursive: true, force: true });

const split = await build({
  entryPoints: ["dist/src/cli/main.js"],
  bundle: true,
  splitting: true,
  platform: "node",
  target: "node20",
  format: "esm",
  outdir: OUT,
  entryNames: "mlp",
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".cjs" },
  external: ["bindings"],
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  write: false,
});

/** The name each chunk's wrapper gives the loader's `import()` (bin/bundle-loader.js). */
const IMPORT = "__mlpImport";

/** One ES module chunk as a CommonJS script. */
async function asScript(text, supportsDynamicImport) {
  const { code } = await transform(text, {
    format: "cjs",
    platform: "node",
    target: "node20",
    // `import.meta` has no meaning in a script: the loader passes each chunk its own URL.
    define: { "import.meta.url": MODULE_URL },
    supported: { "dynamic-import": supportsDynamicImport },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
  });
  return code;
}

const count = (text, part) => text.split(part).length - 1;

for (const file of split.outputFiles) {
  // A script cannot `import()` (Node 20 allows it in `vm.Script` only behind a flag or with a
  // warning), so every `import(` becomes a call of the loader's: a chunk is then required, and
  // anything else (a target plugin, a Node built-in) imported by the loader, an ES module.
  // Rewriting text is safe only when each `import(` in it is an import: esbuild, told that
  // scripts have no `import()`, turns each one into a `Promise.resolve().then(…)`; as many of
  // those more as there are `import(` in the text, or the build stops.
  const script = await asScript(file.text, true);
  const imports = count(await asScript(file.text, false), "Promise.resolve().then(") - count(script, "Promise.resolve().then(");
  const written = count(script, "import(");
  if (written !== imports) {
    console.error(`${file.path}: ${written} \`import(\` in the text but ${imports} dynamic imports; cannot tell them apart`);
    process.exit(1);
  }
  mkdirSync(dirname(file.path), { recursive: true });
  const text = script.replaceAll("import(", `${IMPORT}(`);
  // The text's hash on the last line: bin/bundle-loader.js names the chunk's code cache by it
  // without hashing the text in every process.
  writeFileSync(file.path, `${text}//# mlp-content-hash=${createHash("sha256").update(text).digest("hex").slice(0, 32)}\n`);
}
console.log(`bundled ${split.outputFiles.length} files into ${join(OUT, "mlp.cjs")} and ${join(OUT, "chunks")}/`);
