/**
 * Runs IR documents with the executor inside a temporary project directory, for tests.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { IrDocument } from "../../src/ir/ir.js";
import { validateIrDocument } from "../../src/ir/validate-document.js";
import type { Builtins } from "../../src/runtime/builtins.js";
import type { RunEvent, RunResult } from "../../src/runtime/run-events.js";
import { runPipeline, type RunRequest } from "../../src/runtime/run-pipeline.js";
import { openStore, type Store } from "../../src/runtime/store.js";

/** A scratch project: files written relative to `dir`, a store at `dir/.mlp`. */
export function project(files: Record<string, string> = {}): { dir: string; write(path: string, text: string): void } {
  const dir = mkdtempSync(join(tmpdir(), "mlp-rt-"));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [p, t] of Object.entries(files)) write(p, t);
  return { dir, write };
}

export interface Ran extends RunResult {
  events: RunEvent[];
  executed: string[];
  cached: string[];
  status_: Record<string, string>;
  store: Store;
}

/**
 * Runs the only pipeline of `ir` rooted at `dir`; the store stays open for inspection. The
 * document crosses the IR boundary first, as `mlp run x.ir.json` does: an invalid one ends
 * `failed` with the boundary's diagnostics, and nothing runs.
 */
export async function run(
  dir: string,
  ir: IrDocument,
  opts: Partial<Omit<RunRequest, "ir" | "root" | "pipeline" | "store">> & { storeDir?: string; store?: Store } = {},
): Promise<Ran> {
  const store = opts.store ?? openStore(opts.storeDir ?? join(dir, ".mlp"));
  const events: RunEvent[] = [];
  const fake: Builtins | undefined = undefined;
  const valid = validateIrDocument(ir, "p.ir.json");
  if (valid.ir === undefined) {
    return { runId: null, status: "failed", outcomes: [], diagnostics: valid.diagnostics, durationMs: 0, events, executed: [], cached: [], status_: {}, store };
  }
  const r = await runPipeline({
    ir: valid.ir,
    root: dir,
    pipeline: valid.ir.pipelines[0]!,
    params: opts.params ?? Object.fromEntries(ir.pipelines[0]!.params.map((p) => [p.name, p.default!])),
    store,
    jobs: opts.jobs ?? 2,
    fileHash: "test",
    argv: ["run", "p.mlp"],
    signal: opts.signal ?? new AbortController().signal,
    builtins: opts.builtins ?? (async () => fake),
    onEvent: (e) => events.push(e),
    ...opts,
  });
  const executed = r.outcomes.filter((o) => o.kind === "step" && o.status === "done").map((o) => o.name);
  const cached = r.outcomes.filter((o) => o.kind === "step" && o.status === "cached").map((o) => o.name);
  const status_ = Object.fromEntries(r.outcomes.map((o) => [o.name, o.status]));
  return { ...r, events, executed, cached, status_, store };
}

/**
 * `run` for a test file: every store a run opens is closed by `closeAll` (call it in `afterEach`),
 * and with `oneAtATime`, before the next run, as separate `mlp run` processes would.
 */
export function runs(options: { oneAtATime?: boolean } = {}): { go: (...a: Parameters<typeof run>) => Promise<Ran>; closeAll: () => void } {
  const opened: Ran[] = [];
  const closeAll = (): void => {
    for (const r of opened.splice(0)) r.store.close();
  };
  return {
    closeAll,
    go: async (...a) => {
      if (options.oneAtATime) closeAll();
      const r = await run(...a);
      opened.push(r);
      return r;
    },
  };
}
