/**
 * Expands command-line paths for `mlp lint` and `mlp fmt`: files stay as given, directories are
 * searched recursively for `*.mlp` (skipping node_modules, dot-directories and the `.mlp` store).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SKIP = new Set(["node_modules", "dist"]);

export function findMlpFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith(".") || SKIP.has(name)) continue;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (name.endsWith(".mlp")) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.push(p); // reported as unreadable by the caller
      continue;
    }
    if (st.isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}
