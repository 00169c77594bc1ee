// Loads the bundled CLI (dist/cli/mlp.cjs and its chunks, CommonJS scripts made by
// scripts/bundle.mjs) through V8's code cache: compiling the CLI's JavaScript (~0.6 MB for
// `mlp check`) was a seventh of a small command's time, and Node 20 has no compile cache of its
// own (`module.enableCompileCache` came in Node 22.1).
//
// Each chunk is compiled with the cache made for its exact text, if there is one; when there is
// none, or V8 rejects it (another Node or V8, other V8 flags, a damaged file), the chunk is
// compiled from its text as without a cache, and the cache is written when the process exits:
// then it also holds the functions the command compiled while it ran. A cache is named by a
// hash of the chunk's text, so a chunk that changed never meets the cache of its old text (V8
// itself compares only the text's length). scripts/bundle.mjs writes that hash on each chunk's
// last line, so a process need not load node:crypto to work it out (a tenth of `mlp check`'s own
// instructions on a small file); the file's size and modification time are part of the name too,
// so a chunk edited by hand never meets the cache of its old text either.
//
// CommonJS (bin/package.json), as is bin/mlp.js: Node starts a CommonJS program without setting
// up its ES module loader.
"use strict";
const { isAscii } = require("node:buffer");
const { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { homedir } = require("node:os");
const { createRequire } = require("node:module");
const { basename, dirname, join, resolve } = require("node:path");
const { pathToFileURL } = require("node:url");
const { Script } = require("node:vm");

/**
 * Before a chunk's text: the wrapper Node's own CommonJS loader uses, plus the chunk's URL for
 * what was `import.meta.url` and a function for what was `import()` (scripts/bundle.mjs). On the
 * text's first line, so line numbers in stack traces stay right.
 */
const WRAPPER_START = "(function (exports, require, module, __filename, __dirname, __mlpModuleUrl, __mlpImport) {";
const WRAPPER_END = "\n})";

/**
 * The directory for the caches: `MLP_CODE_CACHE` (`off` for none); else `code-cache` in the
 * package's `dist` when this process may write there (a local install, a clone); else the user's
 * cache folder (a global install owned by root, the runtime image's non-root user). Never a
 * folder other users can write, such as /tmp: a cache there could be planted to run other code.
 * @param {Record<string, string | undefined>} env
 * @param {string} distDir
 * @param {(dir: string) => boolean} writable
 * @returns {string | undefined}
 */
function codeCacheDir(env, distDir, writable = isWritable) {
  const setting = env.MLP_CODE_CACHE;
  if (setting === "off") return undefined;
  if (setting) return setting;
  if (writable(distDir)) return join(distDir, "code-cache");
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "mlp", "code-cache");
}

function isWritable(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

class BundleLoader {
  /**
   * @param {string | undefined} cacheDir where the code caches live; `undefined` for none.
   *   Nothing is written when it cannot be created or written: the CLI then runs as without it.
   * @param {string} use what the process does (the subcommand): each use keeps caches of its own,
   *   as a cache holds the functions of the run that wrote it, and chunks are shared between
   *   commands (`mlp graph` would otherwise leave `mlp check` a parser cache without the parse).
   */
  constructor(cacheDir, use = "any") {
    this.cacheDir = cacheDir === undefined ? undefined : join(cacheDir, `node-${process.version}-${process.arch}`, use);
    /** @type {Map<string, { exports: unknown }>} every chunk loaded, by absolute path */
    this.modules = new Map();
    /** @type {{ script: Script, cacheFile: string }[]} chunks whose cache is to be written */
    this.unsaved = [];
    /** How each chunk was compiled (for tests): with its cache, without one, or with one V8 refused. */
    this.stats = { hit: 0, missing: 0, rejected: 0 };
  }

  /** Runs the chunk at `file` (once) and returns its exports. */
  load(file) {
    const path = resolve(file);
    const known = this.modules.get(path);
    if (known !== undefined) return known.exports;
    const module = { exports: {} };
    // Before running it: chunks may require each other in a cycle, as ES modules may import.
    this.modules.set(path, module);
    const bytes = readFileSync(path);
    // esbuild writes ASCII (`\u` escapes) but for the odd regular expression; an ASCII text
    // is read as Latin-1, a copy, instead of being decoded as UTF-8.
    const text = isAscii(bytes) ? bytes.latin1Slice() : bytes.utf8Slice();
    const cacheFile = this.cacheDir === undefined ? undefined : join(this.cacheDir, `${basename(path)}.${contentHash(bytes)}.${bytes.length}.${Math.floor(statSync(path).mtimeMs)}.v8`);
    const cachedData = cacheFile === undefined ? undefined : readIfPresent(cacheFile);
    const script = new Script(WRAPPER_START + text + WRAPPER_END, { filename: path, cachedData });
    if (cacheFile !== undefined) {
      if (cachedData !== undefined && !script.cachedDataRejected) this.stats.hit++;
      else {
        this.stats[cachedData === undefined ? "missing" : "rejected"]++;
        this.unsaved.push({ script, cacheFile });
      }
    }
    const url = pathToFileURL(path).href;
    const isChunk = (specifier) => specifier.startsWith("./") || specifier.startsWith("../");
    const requireNear = createRequire(path);
    const require = (specifier) => (isChunk(specifier) ? this.load(join(dirname(path), specifier)) : requireNear(specifier));
    require.resolve = requireNear.resolve;
    // Other chunks are scripts too; anything else (a target plugin, a Node built-in) is imported
    // from here, an ES module, as the chunk would have.
    const importNear = (specifier) => (isChunk(specifier) ? Promise.resolve().then(() => require(specifier)) : import(specifier));
    script.runInThisContext()(module.exports, require, module, path, dirname(path), url, importNear);
    return module.exports;
  }

  /**
   * Writes the caches of the chunks compiled without one (each through a temporary file and a
   * rename, as processes run side by side). A cache that cannot be written is left out.
   */
  saveCaches() {
    if (this.unsaved.length === 0 || this.cacheDir === undefined) return;
    try {
      mkdirSync(this.cacheDir, { recursive: true });
    } catch {
      return;
    }
    for (const { script, cacheFile } of this.unsaved.splice(0)) {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        try {
          rmSync(temporary, { force: true });
        } catch {
          /* nothing more to do */
        }
      }
    }
  }
}

/** The marker scripts/bundle.mjs ends each chunk with: `//# mlp-content-hash=` and 32 hex digits. */
const HASH_LINE = /\/\/# mlp-content-hash=([0-9a-f]{32})\n$/;

/**
 * The SHA-256 of a chunk's text (its first 32 hex digits): read from the chunk's last line when
 * the build wrote it there, else worked out.
 * @param {Buffer} bytes
 */
function contentHash(bytes) {
  const written = HASH_LINE.exec(bytes.latin1Slice(Math.max(0, bytes.length - 64)));
  if (written !== null) return written[1];
  return require("node:crypto").createHash("sha256").update(bytes).digest("hex").slice(0, 32);
}

function readIfPresent(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

module.exports = { BundleLoader, codeCacheDir, contentHash };
