/**
 * `deployed(ENV[, from: P]).model [?? FALLBACK]` inputs: the model live in ENV for pipeline P,
 * read from the local registry when the step is planned; the fallback when nothing is deployed;
 * and the deployed artifact's hash in the step's cache key. (The CLI scenario on the flow fixture
 * is in control-flow.test.ts.)
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { IrInput } from "../../src/ir/ir.js";
import { lineageOfStep } from "../../src/runtime/tracking.js";
import { deployNode, irDoc, out, step } from "./ir-builder.js";
import { project, runs } from "./harness.js";

const { go, closeAll } = runs({ oneAtATime: true });
afterEach(closeAll);

/** Pipeline `p`: `make` writes a model naming `v`, deployed locally to `production`. */
const producer = (v: string) =>
  irDoc({
    name: "p",
    steps: [step({ name: "make", outputs: [out("model", "Model")], run: `echo model-${v} > \${model}` })],
    deploys: [deployNode("production", { step: "make", output: "model" }, { kind: "local", options: {} }, [])],
  });

/** Pipeline `q`: `use` copies the model `p` deployed (or, with `fallback`, the seed file when none is). */
const consumer = (fallback: boolean) => {
  const model: IrInput = {
    name: "model",
    type: { kind: "Model" },
    binding: { kind: "deployed", env: "production", pipeline: "p", ...(fallback ? { fallback: { kind: "dataset", dataset: "seed" } } : {}) },
  };
  return irDoc({ name: "q", datasets: [{ name: "seed", uri: "seed.txt" }], steps: [step({ name: "use", inputs: [model], outputs: [out("copy")], run: "cat ${model} > ${copy}" })] });
};

const copied = (r: Awaited<ReturnType<typeof go>>): string => {
  const hash = r.store.db.prepare<[number], { hash: string }>("SELECT hash FROM run_artifacts WHERE run_id = ? AND step = 'use' AND direction = 'out'").get(r.runId!)!.hash;
  return readFileSync(r.store.objectPath(hash), "utf8");
};

describe("deployed(…).model inputs", () => {
  it("take the fallback while nothing is deployed, then the deployed model; a new deployment runs the step again", async () => {
    const p = project({ "seed.txt": "seed\n" });
    const first = await go(p.dir, consumer(true));
    expect(first.status).toBe("success");
    expect(copied(first)).toBe("seed\n");
    expect((await go(p.dir, producer("a"))).status_["production"]).toBe("deployed");
    const second = await go(p.dir, consumer(true));
    expect(second.executed).toEqual(["use"]);
    expect(copied(second)).toBe("model-a\n");
    // Lineage goes through the registry to the run that made the model.
    const lineage = lineageOfStep(second.store, second.runId!, "use")!;
    expect(lineage.inputs[0]).toMatchObject({ name: "model", kind: "output", from: "deployed(production, from: p)", producer: { run: 2, step: "make" } });
    expect((await go(p.dir, consumer(true))).cached).toEqual(["use"]);
    await go(p.dir, producer("b"));
    const fourth = await go(p.dir, consumer(true));
    expect(fourth.executed).toEqual(["use"]);
    expect(copied(fourth)).toBe("model-b\n");
  });

  it("without a fallback, fail the step naming the environment and the pipeline (MLP7028)", async () => {
    const p = project({ "seed.txt": "seed\n" });
    const r = await go(p.dir, consumer(false));
    expect(r.status).toBe("failed");
    expect(r.status_["use"]).toBe("failed");
    const d = r.diagnostics.find((x) => x.code === "MLP7028")!;
    expect(d.message).toBe("input `model` of step `use`: nothing is deployed to production by pipeline p: run it first, or give a fallback with ??");
    expect(d.help[0]).toBe("run pipeline `p` until it deploys to `production`, or write `deployed(production, from: p).model ?? OTHER`");
  });
});
