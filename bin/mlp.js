#!/usr/bin/env node
// Entry point for the `mlp` command: runs the compiled CLI (built by `npm ci` via the prepare script).
import "../dist/src/cli/main.js";
