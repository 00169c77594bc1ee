/**
 * MLP3xxx: types, arguments, optional values. Reported by `src/check`. Examples are compiled
 * as the entry file `main.mlp`.
 */
import type { CodeInfo } from "./code-info.js";

export const TYPE_CODES: CodeInfo[] = [
  {
    code: "MLP3001",
    severity: "error",
    title: "a value has the wrong type (argument, default, gate condition, member value)",
    bad:
      `schema Row {\n  id: string\n  score: float\n}\n\ncomponent rank {\n  inputs { data: Table<Row> }\n  run "rank \${data}"\n}\n\n` +
      `pipeline p {\n  dataset raw: Table = "raw.csv"\n  step s = rank(data: raw)\n}\n`,
    fixed:
      `schema Row {\n  id: string\n  score: float\n}\n\ncomponent rank {\n  inputs { data: Table<Row> }\n  run "rank \${data}"\n}\n\n` +
      `pipeline p {\n  dataset raw: Table<Row> = "raw.csv"\n  step s = rank(data: raw)\n}\n`,
  },
  {
    code: "MLP3002",
    severity: "error",
    title: "an optional value (`T?`) is used without `??`",
    bad:
      `pipeline p {\n  step eval {\n    outputs { model: Model }\n    metrics { auc: float }\n    run "eval \${model} \${metrics}"\n  }\n` +
      `  gate better {\n    eval.auc >= deployed(production).auc\n  }\n` +
      `  deploy production {\n    model eval.model\n    after better\n  }\n}\n`,
    fixed:
      `pipeline p {\n  step eval {\n    outputs { model: Model }\n    metrics { auc: float }\n    run "eval \${model} \${metrics}"\n  }\n` +
      `  gate better {\n    eval.auc >= (deployed(production).auc ?? 0)\n  }\n` +
      `  deploy production {\n    model eval.model\n    after better\n  }\n}\n`,
  },
  {
    code: "MLP3003",
    severity: "error",
    title: "an operator is applied to operands of the wrong types",
    bad:
      `pipeline p {\n  param name: string = "a"\n  step s {\n    metrics { n: int }\n    run "count \${metrics}"\n  }\n` +
      `  gate g {\n    s.n > name\n  }\n}\n`,
    fixed:
      `pipeline p {\n  param limit: int = 3\n  step s {\n    metrics { n: int }\n    run "count \${metrics}"\n  }\n` +
      `  gate g {\n    s.n > limit\n  }\n}\n`,
  },
  {
    code: "MLP3004",
    severity: "error",
    title: "a component call leaves out an input that has no default",
    bad: `component greet {\n  inputs { who: string }\n  run "echo \${who}"\n}\n\npipeline p {\n  step s = greet()\n}\n`,
    fixed: `component greet {\n  inputs { who: string }\n  run "echo \${who}"\n}\n\npipeline p {\n  step s = greet(who: "world")\n}\n`,
  },
  {
    code: "MLP3005",
    severity: "error",
    title: "a component call passes an argument the component does not declare",
    bad: `component greet {\n  inputs { who: string }\n  run "echo \${who}"\n}\n\npipeline p {\n  step s = greet(who: "a", loud: true)\n}\n`,
    fixed: `component greet {\n  inputs { who: string }\n  run "echo \${who}"\n}\n\npipeline p {\n  step s = greet(who: "a")\n}\n`,
  },
  {
    code: "MLP3006",
    severity: "error",
    title: "a name of the wrong kind (a param in `after`, a dataset in `secrets`, a step used as a value)",
    bad: `pipeline p {\n  dataset raw: File = "raw.txt"\n  trigger on change(p2)\n  param p2: int = 1\n  step s {\n    run "true"\n  }\n}\n`,
    fixed: `pipeline p {\n  dataset raw: File = "raw.txt"\n  trigger on change(raw)\n  param p2: int = 1\n  step s {\n    run "true"\n  }\n}\n`,
  },
  {
    code: "MLP3007",
    severity: "error",
    title: "a type is not allowed where it is written (an artifact param, a value output, `Table<int>`)",
    bad: `pipeline p {\n  step s {\n    outputs { count: int }\n    run "wc -l > \${count}"\n  }\n}\n`,
    fixed: `pipeline p {\n  step s {\n    outputs { count: File }\n    run "wc -l > \${count}"\n  }\n}\n`,
  },
  {
    code: "MLP3008",
    severity: "error",
    title: "a value is out of range (negative `retry`, zero `timeout`, a malformed cron)",
    bad: `pipeline p {\n  step s {\n    retry -1\n    run "flaky"\n  }\n}\n`,
    fixed: `pipeline p {\n  step s {\n    retry 1\n    run "flaky"\n  }\n}\n`,
  },
  {
    code: "MLP3009",
    severity: "error",
    title: "a literal is required (defaults, `retry`, `timeout`, `resources`, `env`, options)",
    bad: `pipeline p {\n  param a: int = 1\n  param b: int = a\n  step s {\n    run "true"\n  }\n}\n`,
    fixed: `pipeline p {\n  param a: int = 1\n  param b: int = 1\n  step s {\n    run "true"\n  }\n}\n`,
  },
  {
    code: "MLP3010",
    severity: "error",
    title: "a required member is missing (a step's `run`, a deploy's `model`)",
    bad: `pipeline p {\n  step s {\n    image "alpine:3.20"\n  }\n}\n`,
    fixed: `pipeline p {\n  step s {\n    image "alpine:3.20"\n    run "true"\n  }\n}\n`,
  },
  {
    code: "MLP3012",
    severity: "error",
    title: "a component call is used inside an expression",
    bad:
      `component greet {\n  outputs { out: File }\n  run "echo hi > \${out}"\n}\n\n` +
      `pipeline p {\n  step s {\n    inputs { f: greet() }\n    run "cat \${f}"\n  }\n}\n`,
    fixed:
      `component greet {\n  outputs { out: File }\n  run "echo hi > \${out}"\n}\n\n` +
      `pipeline p {\n  step g = greet()\n  step s {\n    inputs { f: g.out }\n    run "cat \${f}"\n  }\n}\n`,
  },
  {
    code: "MLP3013",
    severity: "error",
    title: "an expression nests operators more than 200 levels deep",
    bad:
      `pipeline p {\n  step t {\n    metrics { a: float }\n    run "x \${metrics}"\n  }\n` +
      `  gate g {\n    t.a${" + 1".repeat(200)} > 0\n  }\n}\n`,
    fixed:
      `pipeline p {\n  step t {\n    metrics { a: float }\n    run "x \${metrics}"\n  }\n` +
      `  gate g {\n    t.a + 200 > 0\n  }\n}\n`,
  },
  {
    code: "MLP3014",
    severity: "error",
    title: "a `to KIND { … }` block leaves out an option that kind requires",
    bad: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserve { namespace: "ml" }\n  }\n}\n`,
    fixed: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserve { namespace: "ml", name: "churn" }\n  }\n}\n`,
  },
  {
    code: "MLP3015",
    severity: "error",
    title: "a `to KIND { … }` option has a value of the wrong type",
    bad: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserve { name: "churn", min_replicas: "2" }\n  }\n}\n`,
    fixed: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    to kserve { name: "churn", min_replicas: 2 }\n  }\n}\n`,
  },
  {
    code: "MLP3016",
    severity: "error",
    title: `a sweep goes \`over\` an empty list of values`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: []\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP3017",
    severity: "error",
    title: `a sweep's \`over\` lists the same value twice`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3, 0.1]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP3018",
    severity: "error",
    title: `\`over\` values are not a list literal of one value type or a \`list<…>\` param`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, "fast"]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP3019",
    severity: "error",
    title: `\`best\` ranks points by a metric that is not a number`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float, converged: bool }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.converged\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      metrics { f1: float, converged: bool }\n      run "train --lr \${lr} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  gate good {\n    tune.train.f1 > 0.9\n  }\n}\n`,
  },
  {
    code: "MLP3021",
    severity: "error",
    title: `\`collect(…)\` is not of a sweep step's output`,
    bad: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      outputs { model: Model }\n      metrics { f1: float }\n      run "train --lr \${lr} --model \${model} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  step report {\n    inputs { scores: collect(tune.train.f1) }\n    run "report \${scores}"\n  }\n}\n`,
    fixed: `pipeline p {\n  sweep tune {\n    over lr: [0.1, 0.3]\n    step train {\n      inputs { lr: lr }\n      outputs { model: Model }\n      metrics { f1: float }\n      run "train --lr \${lr} --model \${model} --metrics \${metrics}"\n    }\n    best max train.f1\n  }\n  step report {\n    inputs { models: collect(tune.train.model) }\n    run "report \${models}"\n  }\n}\n`,
  },
  {
    code: "MLP3022",
    severity: "error",
    title: `a string interpolates something that is not a value (\`\${…}\` takes params and metrics)`,
    bad: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "train \${model}"\n  }\n  step report {\n    inputs { title: "model at \${train.model}" }\n    run "report \${title}"\n  }\n}\n`,
    fixed: `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "train \${model}"\n  }\n  step report {\n    inputs { model: train.model }\n    run "report \${model}"\n  }\n}\n`,
  },
];
