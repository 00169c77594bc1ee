import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every `.mlp` file under a directory, sorted. */
export function mlpFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return mlpFiles(p);
      return p.endsWith(".mlp") ? [p] : [];
    });
}
