/**
 * MLP4xxx: the pipeline graph. Reported by the `graph` rules of `src/check/rules/` once names and
 * types are clean. Examples are compiled as the entry file `main.mlp`.
 */
import type { CodeInfo } from "./code-info.js";

export const GRAPH_CODES: CodeInfo[] = [
  {
    code: "MLP4001",
    severity: "error",
    title: "steps, gates and deploys depend on each other in a cycle",
    bad: `pipeline p {\n  step a {\n    after b\n    run "echo a"\n  }\n  step b {\n    after a\n    run "echo b"\n  }\n}\n`,
    fixed: `pipeline p {\n  step a {\n    run "echo a"\n  }\n  step b {\n    after a\n    run "echo b"\n  }\n}\n`,
  },
  {
    code: "MLP4002",
    severity: "error",
    title: "a deploy's `model` is an output that is not a `Model`",
    bad: `pipeline p {\n  step train {\n    outputs { model: File }\n    run "train \${model}"\n  }\n  deploy staging {\n    model train.model\n  }\n}\n`,
    fixed: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "train \${model}"\n  }\n  deploy staging {\n    model train.model\n  }\n}\n`,
  },
  {
    code: "MLP4003",
    severity: "warning",
    title: "a step output is never read while the step's other outputs are",
    bad:
      `pipeline p {\n  step split {\n    outputs { train: File, test: File }\n    run "split \${train} \${test}"\n  }\n` +
      `  step fit {\n    inputs { data: split.train }\n    run "fit \${data}"\n  }\n}\n`,
    fixed:
      `pipeline p {\n  step split {\n    outputs { train: File, test: File }\n    run "split \${train} \${test}"\n  }\n` +
      `  step fit {\n    inputs { data: split.train, holdout: split.test }\n    run "fit \${data} \${holdout}"\n  }\n}\n`,
  },
  {
    code: "MLP4004",
    severity: "error",
    title: "a `finally` step reads a step or waits for one, or a node reads or waits for a `finally` step",
    bad: `pipeline p {\n  step train {\n    metrics { f1: float }\n    run "train \${metrics}"\n  }\n  finally notify {\n    inputs { f1: train.f1 }\n    run "notify \${status} \${f1}"\n  }\n}\n`,
    fixed: `pipeline p {\n  param channel: string = "ml-runs"\n  step train {\n    metrics { f1: float }\n    run "train \${metrics}"\n  }\n  finally notify {\n    inputs { channel: channel }\n    run "notify \${status} \${channel}"\n  }\n}\n`,
  },
];
