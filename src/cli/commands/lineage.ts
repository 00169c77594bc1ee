/**
 * `mlp lineage ARTIFACT` / `mlp lineage RUN STEP`: where an artifact came from — the step that
 * produced it, that step's code and arguments, and each input back to dataset hashes.
 */
import type { Command } from "commander";
import { findArtifacts, lineageOfStep, producerOf, resolveRunId, type LineageNode } from "../../runtime/tracking.js";
import { EXIT } from "../exit-codes.js";
import { notInStore, openExistingStore, reportProblem, reportStoreFault, wantsJson } from "../store-access.js";

/** Registers `mlp lineage`. */
export function registerLineage(program: Command): void {
  program
    .command("lineage")
    .description("trace an artifact (hash prefix) or a run's step back to its datasets")
    .argument("<artifact-or-run>", "an artifact hash (at least 6 hex digits) or a run id")
    .argument("[step]", "with a run id: the step to trace")
    .option("--store <dir>", "the store directory (default: ./.mlp)")
    .option("--file <file>", "use the store beside this pipeline file")
    .action((first: string, stepName: string | undefined, flags: { store?: string; file?: string }, cmd: Command) => {
      const json = wantsJson(cmd);
      const opened = openExistingStore(flags);
      if ("problem" in opened) {
        reportProblem(opened.problem, cmd);
        process.exitCode = EXIT.usage;
        return;
      }
      const store = opened.store;
      try {
        let node: LineageNode | undefined;
        let focus: string | undefined;
        if (stepName !== undefined) {
          const run = resolveRunId(store, first);
          if (run === undefined) {
            reportProblem(notInStore(`no run \`${first}\` in this store`, ["`mlp runs` lists the recorded runs"]), cmd);
            process.exitCode = EXIT.usage;
            return;
          }
          node = lineageOfStep(store, run, stepName);
          if (!node) {
            reportProblem(notInStore(`run ${run} has no step \`${stepName}\``, ["`mlp runs show " + run + "` lists its steps"]), cmd);
            process.exitCode = EXIT.usage;
            return;
          }
        } else {
          const hashes = findArtifacts(store, first.toLowerCase());
          if (hashes.length !== 1) {
            reportProblem(
              hashes.length === 0
                ? notInStore(`no artifact with hash \`${first}\` in this store`, ["give at least 6 hex digits, or `mlp lineage RUN STEP`"])
                : notInStore(`\`${first}\` matches several artifacts: ${hashes.map((h) => h.slice(0, 16)).join(", ")}`, ["give more hex digits"]),
              cmd,
            );
            process.exitCode = EXIT.usage;
            return;
          }
          focus = hashes[0]!;
          const p = producerOf(store, focus);
          node = p ? lineageOfStep(store, p.run, p.step) : undefined;
          if (!node) {
            process.stdout.write(json ? JSON.stringify({ artifact: focus, producer: null }, null, 2) + "\n" : `artifact ${focus}: an input dataset (no step produced it)\n`);
            process.exitCode = EXIT.ok;
            return;
          }
        }
        if (json) process.stdout.write(JSON.stringify(focus ? { artifact: focus, producer: node } : node, null, 2) + "\n");
        else process.stdout.write((focus ? `artifact ${focus}\n` : "") + render(node, "", focus));
        process.exitCode = EXIT.ok;
      } catch (e) {
        process.exitCode = reportStoreFault(e, store.dir, cmd);
      } finally {
        store.close();
      }
    });
}

function render(n: LineageNode, indent: string, focus?: string): string {
  const outs = n.outputs.map((o) => `${o.name}=${o.hash.slice(0, 12)}${o.hash === focus ? " ◀" : ""}`).join(", ");
  let s = `${indent}step ${n.step} (run ${n.run}, ${n.status}${n.status === "cached" && n.reason ? `: ${n.reason}` : ""}) -> ${outs || "no outputs"}\n`;
  const pad = `${indent}    `;
  for (const [k, v] of Object.entries(n.args)) s += `${pad}${k} = ${JSON.stringify(v)}\n`;
  for (const [k, v] of Object.entries(n.code)) s += `${pad}code ${k} @ ${v.slice(0, 12)}\n`;
  for (const i of n.inputs) {
    if (i.kind === "dataset") s += `${pad}${i.name} <- dataset ${i.dataset} (${i.uri}) @ ${i.hash.slice(0, 12)}\n`;
    else {
      s += `${pad}${i.name} <- ${i.from} @ ${i.hash.slice(0, 12)}${i.shownAbove ? " (traced above)" : ""}\n`;
      if (i.producer) s += render(i.producer, `${pad}    `);
    }
  }
  return s;
}
