/**
 * A new store's `mlp.db` is created atomically (store-create.ts): processes that open the same
 * new store at the same moment all succeed, and none finds the file empty (which a store
 * refuses, MLP7022).
 */
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "../cli/run-cli.js";
import { project } from "./harness.js";

beforeAll(() => ensureBuilt());

const STORE = pathToFileURL(join(ROOT, "dist", "src", "runtime", "store.js")).href;

function open(dir: string): Promise<string> {
  const script = `import(${JSON.stringify(STORE)}).then((m) => { m.openStore(${JSON.stringify(dir)}).close(); console.log("ok"); }, (e) => console.log(e.message))`;
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    c.stdout.on("data", (d: Buffer) => (out += d.toString()));
    c.once("exit", () => resolve(out.trim()));
  });
}

describe("creating a store", () => {
  it("three processes opening one new store at once all succeed", async () => {
    for (let round = 0; round < 3; round++) {
      const dir = join(project().dir, ".mlp");
      expect(await Promise.all([open(dir), open(dir), open(dir)])).toEqual(["ok", "ok", "ok"]);
      expect(statSync(join(dir, "mlp.db")).size).toBeGreaterThan(0);
      expect(readdirSync(dir).filter((f) => f.includes(".new-"))).toEqual([]);
    }
  }, 60_000);
});
