#!/usr/bin/env node
// Entry point for the `mlp` command: runs the bundled CLI, `dist/cli/mlp.cjs` and its chunks
// (built by `npm ci` via the prepare script), through V8's code cache (bundle-loader.js). A
// bundle instead of ~800 modules: resolving and loading that many files was most of a small
// command's start-up time; the code cache saves compiling what remains.
//
// Where the caches live: codeCacheDir in bundle-loader.js (`MLP_CODE_CACHE=DIR` for another
// directory, `MLP_CODE_CACHE=off` for none); `npm run build` empties dist/code-cache.
// CommonJS (bin/package.json): Node starts a CommonJS program without setting up its ES module
// loader, ~9 M instructions and ~140 pages of memory less than an ES module entry.
"use strict";
const { join } = require("node:path");
const { BundleLoader, codeCacheDir } = require("./bundle-loader.js");

const cacheDir = codeCacheDir(process.env, join(__dirname, "..", "dist"));
// The first word of the command line names the subcommand, mostly (a misread only costs speed).
const use = process.argv.slice(2).find((a) => !a.startsWith("-"));
const loader = new BundleLoader(cacheDir, use !== undefined && /^[a-z][a-z-]{0,20}$/.test(use) ? use : "any");
process.once("exit", () => loader.saveCaches());
loader.load(join(__dirname, "..", "dist", "cli", "mlp.cjs"));
