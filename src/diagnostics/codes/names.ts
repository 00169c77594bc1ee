/**
 * MLP2xxx: names, imports, placeholders. Reported by `src/check` (and `loadProgram` for
 * imports). Examples are compiled as the entry file `main.mlp`; `files` sit next to it.
 */
import type { CodeInfo } from "./code-info.js";

export const NAME_CODES: CodeInfo[] = [
  {
    code: "MLP2000",
    severity: "error",
    title: "the entry file cannot be read (missing, a directory, binary or too large)",
  },
  {
    code: "MLP2001",
    severity: "error",
    title: "an imported file cannot be read",
    bad: `import "./shared.mlp"\n\npipeline p {\n  step s = greet()\n}\n`,
    fixed: `import "./common.mlp"\n\npipeline p {\n  step s = greet()\n}\n`,
    files: { "common.mlp": `component greet {\n  run "echo hello"\n}\n` },
  },
  {
    code: "MLP2002",
    severity: "error",
    title: "files import each other in a cycle",
    bad: `import "./a.mlp"\nimport "./common.mlp"\n\npipeline p {\n  step s = greet()\n}\n`,
    fixed: `import "./common.mlp"\n\npipeline p {\n  step s = greet()\n}\n`,
    files: {
      "a.mlp": `import "./b.mlp"\n`,
      "b.mlp": `import "./a.mlp"\n`,
      "common.mlp": `component greet {\n  run "echo hello"\n}\n`,
    },
  },
  {
    code: "MLP2003",
    severity: "error",
    title: "a name is declared twice in the same namespace",
    bad: `pipeline p {\n  param n: int = 1\n  step n {\n    run "echo"\n  }\n}\n`,
    fixed: `pipeline p {\n  param n: int = 1\n  step count {\n    run "echo"\n  }\n}\n`,
  },
  {
    code: "MLP2004",
    severity: "error",
    title: "a reference names nothing declared in the pipeline",
    bad: `pipeline p {\n  step a {\n    run "echo a"\n  }\n  step b {\n    after aa\n    run "echo b"\n  }\n}\n`,
    fixed: `pipeline p {\n  step a {\n    run "echo a"\n  }\n  step b {\n    after a\n    run "echo b"\n  }\n}\n`,
  },
  {
    code: "MLP2005",
    severity: "error",
    title: "a type name is neither built in nor a visible schema",
    bad: `pipeline p {\n  dataset raw: Tabel = "data.csv"\n  step s {\n    inputs { data: raw }\n    run "wc -l \${data}"\n  }\n}\n`,
    fixed: `pipeline p {\n  dataset raw: Table = "data.csv"\n  step s {\n    inputs { data: raw }\n    run "wc -l \${data}"\n  }\n}\n`,
  },
  {
    code: "MLP2006",
    severity: "error",
    title: "a step calls a component that does not exist or is not imported",
    bad: `component greet {\n  run "echo hello"\n}\n\npipeline p {\n  step s = gret()\n}\n`,
    fixed: `component greet {\n  run "echo hello"\n}\n\npipeline p {\n  step s = greet()\n}\n`,
  },
  {
    code: "MLP2007",
    severity: "error",
    title: "`step.x` names neither an output nor a metric of the step",
    bad:
      `pipeline p {\n  step evaluate {\n    metrics { accuracy: float }\n    run "eval --metrics \${metrics}"\n  }\n` +
      `  gate good {\n    evaluate.acuracy > 0.9\n  }\n}\n`,
    fixed:
      `pipeline p {\n  step evaluate {\n    metrics { accuracy: float }\n    run "eval --metrics \${metrics}"\n  }\n` +
      `  gate good {\n    evaluate.accuracy > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP2008",
    severity: "error",
    title: "a `${…}` placeholder names no input, output or built-in of the step",
    bad: `pipeline p {\n  step s {\n    outputs { out: File }\n    run "echo \${HOME} > \${out}"\n  }\n}\n`,
    fixed: `pipeline p {\n  step s {\n    outputs { out: File }\n    run "echo $\${HOME} > \${out}"\n  }\n}\n`,
  },
  {
    code: "MLP2009",
    severity: "error",
    title: "`${metrics}` is used but the step declares no `metrics { … }`",
    bad: `pipeline p {\n  step s {\n    run "train --metrics \${metrics}"\n  }\n}\n`,
    fixed: `pipeline p {\n  step s {\n    metrics { loss: float }\n    run "train --metrics \${metrics}"\n  }\n}\n`,
  },
  {
    code: "MLP2010",
    severity: "error",
    title: "a step declares `metrics { … }` but its `run` never writes `${metrics}`",
    bad: `pipeline p {\n  step s {\n    metrics { loss: float }\n    run "train"\n  }\n}\n`,
    fixed: `pipeline p {\n  step s {\n    metrics { loss: float }\n    run "train --metrics \${metrics}"\n  }\n}\n`,
  },
  {
    code: "MLP2011",
    severity: "error",
    title: "a member, entry, key, argument or listed secret is written twice",
    bad: `pipeline p {\n  step s {\n    run "echo a"\n    run "echo b"\n  }\n}\n`,
    fixed: `pipeline p {\n  step s {\n    run "echo a && echo b"\n  }\n}\n`,
  },
  {
    code: "MLP2013",
    severity: "error",
    title: "a `resources` key is not `cpu`, `memory` or `gpu`",
    bad: `pipeline p {\n  step s {\n    resources { cpus: 2 }\n    run "train"\n  }\n}\n`,
    fixed: `pipeline p {\n  step s {\n    resources { cpu: 2 }\n    run "train"\n  }\n}\n`,
  },
  {
    code: "MLP2014",
    severity: "error",
    title: "a deploy is `to` a kind that does not exist (the kinds are `command`, `kserve`, `local`)",
    bad: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserv { name: "churn" }\n  }\n}\n`,
    fixed: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserve { name: "churn" }\n  }\n}\n`,
  },
  {
    code: "MLP2015",
    severity: "error",
    title: "a `to KIND { … }` option is not one that kind defines",
    bad: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserve { name: "churn", replicas: 2 }\n  }\n}\n`,
    fixed: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserve { name: "churn", min_replicas: 2 }\n  }\n}\n`,
  },
  {
    code: "MLP2016",
    severity: "warning",
    title: "a `to KIND { … }` option is written with its older spelling (`format`, `run`)",
    bad: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserve { name: "churn", format: "onnx" }\n  }\n}\n`,
    fixed: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserve { name: "churn", model_format: "onnx" }\n  }\n}\n`,
  },
  {
    code: "MLP2017",
    severity: "error",
    title: `\`SWEEP.STEP.X\` outside the block, but the sweep has no \`best\` to choose its point`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP2018",
    severity: "error",
    title: `\`best\` is not \`max\` or \`min\` of a metric a step of the sweep reports`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best maximum train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP2019",
    severity: "error",
    title: `a reference crosses a sweep's block: a member read directly from outside, or the sweep read from inside itself`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP2020",
    severity: "error",
    title: `a sweep inside a sweep`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    sweep inner {\n      over depth: [2, 4]\n    }\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    over depth: [2, 4]\n    step train {\n      inputs { lr: lr, depth: depth }\n      metrics { f1: float }\n      run "train --lr \${lr} --depth \${depth} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP2022",
    severity: "error",
    title: `a sweep dimension is declared twice, or has the name of a pipeline member`,
    bad: `pipeline p {\n  param lr: float = 0.1\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  param base_lr: float = 0.1\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP2023",
    severity: "error",
    title: `a sweep has no \`over\` or no step, or two \`best\` lines`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n    best min train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP2024",
    severity: "error",
    title: `\`assert\`, \`finally\` or \`after not\` inside a sweep block`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    gate good {\n      train.f1 > 0.9\n    }\n    step explain {\n      after not good\n      run "explain"\n    }\n    best max train.f1\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n  step explain {\n    after not good\n    run "explain"\n  }\n}\n`,
  },
];
