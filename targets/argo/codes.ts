/**
 * MLP52xx: what the Argo Workflows target reports. The lead merges this list into
 * `src/diagnostics/codes/target.ts`; each entry's `bad` example makes `mlp compile --target argo`
 * report the code and its `fixed` example does not.
 */
import type { CodeInfo } from "../../src/diagnostics/codes/code-info.js";

const step = `  step hello {
    image "alpine:3.20"
    run "echo hello"
  }`;

/** Every code the Argo target can report. */
export const ARGO_CODES: CodeInfo[] = [
  {
    code: "MLP5201",
    severity: "error",
    title: "a name cannot become a Kubernetes or Argo name",
    target: "argo",
    bad: `pipeline nightly {
  step _scratch {
    image "alpine:3.20"
    run "echo hello"
  }
}
`,
    fixed: `pipeline nightly {
  step scratch {
    image "alpine:3.20"
    run "echo hello"
  }
}
`,
  },
  {
    code: "MLP5202",
    severity: "error",
    title: "two names become the same Argo name",
    target: "argo",
    bad: `pipeline nightly {
  step Train {
    image "alpine:3.20"
    run "echo one"
  }
  step train {
    image "alpine:3.20"
    run "echo two"
  }
}
`,
    fixed: `pipeline nightly {
  step train_first {
    image "alpine:3.20"
    run "echo one"
  }
  step train {
    image "alpine:3.20"
    run "echo two"
  }
}
`,
  },
  {
    code: "MLP5203",
    severity: "error",
    title: "a name is longer than Argo or Kubernetes allows",
    target: "argo",
    bad: `pipeline retrain_the_customer_churn_model_every_night_with_fresh_data {
  schedule "0 3 * * *"
${step}
}
`,
    fixed: `pipeline retrain_churn_nightly {
  schedule "0 3 * * *"
${step}
}
`,
  },
  {
    code: "MLP5204",
    severity: "error",
    title: "the schedule is not a cron expression a CronWorkflow accepts",
    target: "argo",
    bad: `pipeline nightly {
  schedule "0 3 * * 7"
${step}
}
`,
    fixed: `pipeline nightly {
  schedule "0 3 * * 0"
${step}
}
`,
  },
  {
    code: "MLP5205",
    severity: "info",
    title: "a data or push trigger needs Argo Events",
    target: "argo",
    bad: `pipeline nightly {
  dataset raw: File = "data/raw.csv"
  trigger on change(raw)
  step hello {
    image "alpine:3.20"
    inputs { src: raw }
    run "cat \${src}"
  }
}
`,
    fixed: `pipeline nightly {
  dataset raw: File = "data/raw.csv"
  schedule "0 3 * * *"
  step hello {
    image "alpine:3.20"
    inputs { src: raw }
    run "cat \${src}"
  }
}
`,
  },
  {
    code: "MLP5206",
    severity: "error",
    title: "an option of `target argo` has a value Kubernetes or Argo refuses",
    target: "argo",
    bad: `pipeline nightly {
${step}
  target argo { namespace: "ML_Team" }
}
`,
    fixed: `pipeline nightly {
${step}
  target argo { namespace: "ml-team" }
}
`,
  },
  {
    code: "MLP5207",
    severity: "error",
    title: "a deploy kind or option the Argo target does not support (its table: `targets/argo/deploy-support.ts`)",
    target: "argo",
    bad: `pipeline nightly {
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to kserve { namespace: "ml-dev", name: "nightly", min_replicas: 1 }
  }
}
`,
    fixed: `pipeline nightly {
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to kserve { namespace: "ml-dev", name: "nightly" }
  }
}
`,
  },
  {
    code: "MLP5208",
    severity: "error",
    title: "a value cannot be placed in the Workflow without Argo reading it as a template tag",
    target: "argo",
    bad: `pipeline nightly {
  dataset raw: File = "s3://ml-data/{{date}}/raw.csv"
  step hello {
    image "alpine:3.20"
    inputs { src: raw }
    run "cat \${src}"
  }
}
`,
    fixed: `pipeline nightly {
  dataset raw: File = "s3://ml-data/latest/raw.csv"
  step hello {
    image "alpine:3.20"
    inputs { src: raw }
    run "cat \${src}"
  }
}
`,
  },
  {
    code: "MLP5209",
    severity: "warning",
    title: "an option of `to kserve` that the Argo target ignores",
    target: "argo",
    retired:
      "options are checked against the deploy-kind definition before any target runs: an unknown one is MLP2015 (with did you mean), and one the Argo target does not support is MLP5207",
  },
  {
    code: "MLP5210",
    severity: "error",
    title: "a `to kserve` option is not a valid Kubernetes name (InferenceService name, namespace, runtime, service account) or holds `{{`",
    target: "argo",
    bad: `pipeline nightly {
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to kserve { namespace: "ml-dev", name: "Nightly Model" }
  }
}
`,
    fixed: `pipeline nightly {
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to kserve { namespace: "ml-dev", name: "nightly-model" }
  }
}
`,
  },
  {
    code: "MLP5211",
    severity: "error",
    title: "an environment variable or secret name a container cannot use here (`MLP_*`, reserved for mlp; a Secret key over 253 characters)",
    target: "argo",
    bad: `pipeline nightly {
  step hello {
    image "alpine:3.20"
    env { MLP_SCRIPT: "x" }
    run "echo hello"
  }
}
`,
    fixed: `pipeline nightly {
  step hello {
    image "alpine:3.20"
    env { GREETING: "x" }
    run "echo hello"
  }
}
`,
  },
  {
    code: "MLP5212",
    severity: "warning",
    title: "the pipeline name is cut short in the names of its workflows",
    target: "argo",
    bad: `pipeline retrain_the_customer_churn_model_every_night_with_fresh_data {
${step}
}
`,
    fixed: `pipeline retrain_churn_nightly {
${step}
}
`,
  },
  {
    code: "MLP5213",
    severity: "error",
    title: "an image is not a valid container image reference",
    target: "argo",
    bad: `pipeline nightly {
  step hello {
    image "Python 3.12"
    run "echo hello"
  }
}
`,
    fixed: `pipeline nightly {
  step hello {
    image "python:3.12-slim"
    run "echo hello"
  }
}
`,
  },
  {
    code: "MLP5214",
    severity: "error",
    title: "`deployed(env)` names an environment the Argo target keeps no record of",
    target: "argo",
  },
  {
    code: "MLP5215",
    severity: "error",
    title: "a dataset URI scheme Argo artifacts cannot read",
    target: "argo",
    bad: `pipeline nightly {
  dataset raw: File = "ftp://data.example.com/raw.csv"
  step hello {
    image "alpine:3.20"
    inputs { src: raw }
    run "cat \${src}"
  }
}
`,
    fixed: `pipeline nightly {
  dataset raw: File = "https://data.example.com/raw.csv"
  step hello {
    image "alpine:3.20"
    inputs { src: raw }
    run "cat \${src}"
  }
}
`,
  },
  {
    code: "MLP5216",
    severity: "info",
    title: "a `to local` deploy only records the model (URI and metrics) in a ConfigMap; nothing is served",
    target: "argo",
    bad: `pipeline nightly {
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to local
  }
}
`,
    fixed: `pipeline nightly {
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to kserve { namespace: "ml-dev", name: "nightly" }
  }
}
`,
  },
  {
    code: "MLP5217",
    severity: "warning",
    title: "a `to kserve` or `to local` deploy lists secrets, but on Argo no container of it could receive them",
    target: "argo",
    bad: `pipeline nightly {
  secret registry_token
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    secrets [registry_token]
    to command "true"
  }
  deploy prod {
    model train.model
    secrets [registry_token]
    to local
  }
}
`,
    fixed: `pipeline nightly {
  secret registry_token
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    secrets [registry_token]
    to command "true"
  }
  deploy prod {
    model train.model
    to local
  }
}
`,
    },
  {
    code: "MLP5218",
    severity: "error",
    title: "a deploy option other than a `to command`'s `command` interpolates values, which Argo cannot compute at run time there",
    target: "argo",
    bad: `pipeline nightly {
  param version: string = "1"
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy prod {
    model train.model
    to kserve { namespace: "ml", name: "nightly-\${version}" }
  }
}
`,
    fixed: `pipeline nightly {
  param version: string = "1"
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy prod {
    model train.model
    to kserve { namespace: "ml", name: "nightly" }
  }
}
`,
  },
  {
    code: "MLP5219",
    severity: "error",
    title: "a step inside a sweep reads `deployed(…).model`, which Argo reads only in the pipeline's main DAG",
    target: "argo",
    bad: `pipeline nightly {
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy prod {
    model train.model
    to local
  }
  sweep tune {
    over lr: [0.1, 0.2]
    step score {
      image "alpine:3.20"
      inputs { model: deployed(prod).model, lr: lr }
      run "ls \${model} \${lr}"
    }
  }
}
`,
    fixed: `pipeline nightly {
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy prod {
    model train.model
    to local
  }
  step score {
    image "alpine:3.20"
    inputs { model: deployed(prod).model }
    run "ls \${model}"
  }
}
`,
  },
  {
    code: "MLP5230",
    severity: "error",
    title: "a Workflow or WorkflowTemplate over the 1.5 MiB a Kubernetes object may be (etcd's request limit; nothing is written)",
    target: "argo",
    bad: `component scored {
  image "python:3.12-slim"
  run "python score.py --note ${"0123456789".repeat(600)}"
}

pipeline p {
${Array.from({ length: 300 }, (_, i) => `  step s${i} = scored()`).join("\n")}
}
`,
    fixed: `component scored {
  image "python:3.12-slim"
  run "python score.py --note ${"0123456789".repeat(600)}"
}

pipeline p {
${Array.from({ length: 150 }, (_, i) => `  step s${i} = scored()`).join("\n")}
}

pipeline q {
${Array.from({ length: 150 }, (_, i) => `  step s${i + 150} = scored()`).join("\n")}
}
`,
  },
  {
    code: "MLP5240",
    severity: "error",
    title: "a deploy's environment name cannot be the Kubernetes label value (or ConfigMap name) that records it: over 63 characters, or not starting and ending with a letter or digit",
    target: "argo",
    bad: `pipeline p {
  step train {
    outputs { model: Model }
    run "python train.py --out \${model}"
  }
  deploy prod_ {
    model train.model
    to command { command: "./ship.sh" }
  }
}
`,
    fixed: `pipeline p {
  step train {
    outputs { model: Model }
    run "python train.py --out \${model}"
  }
  deploy prod {
    model train.model
    to command { command: "./ship.sh" }
  }
}
`,
  },
];
