#!/usr/bin/env node
// Entry point for the `mlp` command: runs the bundled CLI, `dist/cli/mlp.js` (built by `npm ci`
// via the prepare script). One file instead of ~800 modules: resolving and loading that many
// files was most of a small command's start-up time.
import "../dist/cli/mlp.js";
