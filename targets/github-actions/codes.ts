/**
 * MLP51xx: what the GitHub Actions target refuses or cannot express. The lead merges this array
 * into `src/diagnostics/codes/target.ts`; each entry has a minimal `.mlp` that triggers the code
 * when compiled with `--target github`, and the same file fixed.
 */
import type { CodeInfo } from "../../src/diagnostics/codes/code-info.js";

const T = "github";

export const GITHUB_CODES: CodeInfo[] = [
  {
    code: "MLP5101",
    severity: "error",
    title: "two job ids that differ only in case, which GitHub takes for one (a name that is not an identifier is MLP9110/MLP9111 at the IR boundary)",
    target: T,
    bad: `pipeline p {
  step Train {
    run "echo a"
  }
  step train {
    after Train
    run "echo b"
  }
}
`,
    fixed: `pipeline p {
  step fit {
    run "echo a"
  }
  step train {
    after fit
    run "echo b"
  }
}
`,
  },
  {
    code: "MLP5102",
    severity: "error",
    title: "a schedule GitHub Actions does not accept (not five cron fields of `*`, numbers, ranges, steps and lists)",
    target: T,
    bad: `pipeline p {
  schedule "0 3 * * MON#1"
  step s {
    run "echo hi"
  }
}
`,
    fixed: `pipeline p {
  schedule "0 3 * * MON"
  step s {
    run "echo hi"
  }
}
`,
  },
  {
    code: "MLP5103",
    severity: "error",
    title: "a schedule that runs more often than GitHub's five-minute minimum",
    target: T,
    bad: `pipeline p {
  schedule "* * * * *"
  step s {
    run "echo hi"
  }
}
`,
    fixed: `pipeline p {
  schedule "*/5 * * * *"
  step s {
    run "echo hi"
  }
}
`,
  },
  {
    code: "MLP5104",
    severity: "warning",
    title: "`trigger on change(DATASET)` for a dataset outside the repository (a URI or an absolute path), which GitHub cannot watch",
    target: T,
    bad: `pipeline p {
  trigger on change(raw)
  dataset raw: File = "s3://bucket/raw.csv"
  step s {
    inputs { data: raw }
    run "wc -l \${data}"
  }
}
`,
    fixed: `pipeline p {
  schedule "0 3 * * *"
  dataset raw: File = "s3://bucket/raw.csv"
  step s {
    inputs { data: raw }
    run "wc -l \${data}"
  }
}
`,
  },
  {
    code: "MLP5105",
    severity: "error",
    title: "two pipelines that would write the same workflow file",
    target: T,
    bad: `pipeline a {
  step s {
    run "echo a"
  }
  target github { workflow_file: "ml.yml" }
}
pipeline b {
  step s {
    run "echo b"
  }
  target github { workflow_file: "ml.yml" }
}
`,
    fixed: `pipeline a {
  step s {
    run "echo a"
  }
  target github { workflow_file: "ml-a.yml" }
}
pipeline b {
  step s {
    run "echo b"
  }
  target github { workflow_file: "ml-b.yml" }
}
`,
  },
  {
    code: "MLP5106",
    severity: "error",
    title: "a param without a default in a pipeline that also runs on a schedule or on push",
    target: T,
    bad: `pipeline p {
  schedule "0 3 * * *"
  param rate: float
  step s {
    inputs { r: rate }
    run "echo \${r}"
  }
}
`,
    fixed: `pipeline p {
  schedule "0 3 * * *"
  param rate: float = 0.1
  step s {
    inputs { r: rate }
    run "echo \${r}"
  }
}
`,
  },
  {
    code: "MLP5107",
    severity: "warning",
    title: "more params than `workflow_dispatch` inputs allowed (25, or `dispatch_inputs`): they become one JSON input `params`",
    target: T,
    bad: `pipeline p {
${Array.from({ length: 26 }, (_, i) => `  param p${i}: int = ${i}`).join("\n")}
  step s {
    run "echo hi"
  }
}
`,
    fixed: `pipeline p {
${Array.from({ length: 25 }, (_, i) => `  param p${i}: int = ${i}`).join("\n")}
  step s {
    run "echo hi"
  }
}
`,
  },
  {
    code: "MLP5108",
    severity: "error",
    title: "a deploy kind or option the GitHub target does not support (its table: `targets/github-actions/deploy-support.ts`)",
    target: T,
    bad: `pipeline p {
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to command { command: "./deploy.sh", image: "alpine:3.20" }
  }
}
`,
    fixed: `pipeline p {
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to command { command: "./deploy.sh" }
  }
}
`,
  },
  {
    code: "MLP5109",
    severity: "error",
    title: "a `to kserve { … }` without `namespace`, or with a name or namespace Kubernetes refuses",
    target: T,
    bad: `pipeline p {
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy prod {
    model train.model
    to kserve { namespace: "ML_Prod", name: "churn" }
  }
  target github { artifact_store: "s3://models/mlp" }
}
`,
    fixed: `pipeline p {
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy prod {
    model train.model
    to kserve { namespace: "ml-prod", name: "churn" }
  }
  target github { artifact_store: "s3://models/mlp" }
}
`,
  },
  {
    code: "MLP5110",
    severity: "warning",
    title: "a kserve deploy without `artifact_store`: the model store is read from `vars.MLP_ARTIFACT_STORE` at run time",
    target: T,
    bad: `pipeline p {
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy prod {
    model train.model
    to kserve { namespace: "ml-prod", name: "churn" }
  }
}
`,
    fixed: `pipeline p {
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy prod {
    model train.model
    to kserve { namespace: "ml-prod", name: "churn" }
  }
  target github { artifact_store: "s3://models/mlp" }
}
`,
  },
  {
    code: "MLP5111",
    severity: "warning",
    title: "a step that asks for a GPU while no `gpu_runs_on` runner label is set",
    target: T,
    bad: `pipeline p {
  step train {
    image "python:3.12-slim"
    resources { gpu: 1 }
    run "python -c 'print(1)'"
  }
}
`,
    fixed: `pipeline p {
  step train {
    image "python:3.12-slim"
    resources { gpu: 1 }
    run "python -c 'print(1)'"
  }
  target github { gpu_runs_on: "gpu-runner" }
}
`,
  },
  {
    code: "MLP5112",
    severity: "warning",
    title: "a step that asks for more CPU or memory than `ubuntu-latest` has",
    target: T,
    bad: `pipeline p {
  step train {
    resources { cpu: 16, memory: 64Gi }
    run "echo hi"
  }
}
`,
    fixed: `pipeline p {
  step train {
    resources { cpu: 16, memory: 64Gi }
    run "echo hi"
  }
  target github { runs_on: "ubuntu-latest-16-cores" }
}
`,
  },
  {
    code: "MLP5113",
    severity: "error",
    title: "a secret name GitHub does not allow (`GITHUB_` prefix)",
    target: T,
    bad: `pipeline p {
  secret GITHUB_PAT
  step s {
    secrets [GITHUB_PAT]
    run "echo hi"
  }
}
`,
    fixed: `pipeline p {
  secret REPO_PAT
  step s {
    secrets [REPO_PAT]
    run "echo hi"
  }
}
`,
  },
  {
    code: "MLP5114",
    severity: "error",
    title: "an environment variable name GitHub reserves or the generated workflow uses (`GITHUB_*`, `RUNNER_*`, `MLP_*`)",
    target: T,
    bad: `pipeline p {
  step s {
    env { GITHUB_TOKEN: "x" }
    run "echo hi"
  }
}
`,
    fixed: `pipeline p {
  step s {
    env { API_TOKEN: "x" }
    run "echo hi"
  }
}
`,
  },
  {
    code: "MLP5115",
    severity: "error",
    title: "a path leaves the repository: `source_dir`, a relative dataset path, a step's directory or a push glob leads above the repository root, or the glob is absolute (`mlp compile` finds the root itself, from any directory)",
    target: T,
    bad: `pipeline p {
  step s {
    run "echo hi"
  }
  target github { source_dir: "../elsewhere" }
}
`,
    fixed: `pipeline p {
  step s {
    run "echo hi"
  }
  target github { source_dir: "ml" }
}
`,
  },
  {
    code: "MLP5116",
    severity: "warning",
    title: "a `local` deploy, which GitHub Actions publishes as a workflow artifact of the run",
    target: T,
    bad: `pipeline p {
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to local
  }
}
`,
    fixed: `pipeline p {
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy dev {
    model train.model
    to command { command: "./deploy.sh" }
  }
}
`,
  },
  {
    code: "MLP5117",
    severity: "error",
    title: "a pipeline with no steps, gates or deploys (a GitHub workflow needs at least one job)",
    target: T,
    bad: `pipeline p {
  description "nothing yet"
}
`,
    fixed: `pipeline p {
  description "nothing yet"
  step s {
    run "echo hi"
  }
}
`,
  },
  {
    code: "MLP5118",
    severity: "warning",
    title: "a step whose attempts may outlast the six hours a GitHub-hosted runner allows a job",
    target: T,
    bad: `pipeline p {
  step train {
    retry 2
    timeout 3h
    run "python train.py"
  }
}
`,
    fixed: `pipeline p {
  step train {
    retry 2
    timeout 3h
    run "python train.py"
  }
  target github { runs_on: ["self-hosted", "linux"] }
}
`,
  },
  {
    code: "MLP5119",
    severity: "error",
    title: "`mlp_image` or a step's `image` is not a container image reference (`[registry/]name[:tag][@sha256:…]`)",
    target: T,
    bad: `pipeline p {
  step train {
    image "Python 3.12"
    run "python train.py"
  }
}
`,
    fixed: `pipeline p {
  step train {
    image "python:3.12-slim@sha256:${"0".repeat(64)}"
    run "python train.py"
  }
}
`,
  },
  {
    code: "MLP5130",
    severity: "error",
    title: "a workflow file over the 500 KB GitHub starts runs of (nothing is written)",
    target: T,
    bad: `component scored {
  metrics { ${Array.from({ length: 50 }, (_, i) => `m${i}: float`).join(", ")} }
  run "python score.py --metrics \${metrics}"
}

pipeline p {
${Array.from({ length: 150 }, (_, i) => `  step s${i} = scored()`).join("\n")}
}
`,
    fixed: `component scored {
  metrics { ${Array.from({ length: 50 }, (_, i) => `m${i}: float`).join(", ")} }
  run "python score.py --metrics \${metrics}"
}

pipeline p {
${Array.from({ length: 75 }, (_, i) => `  step s${i} = scored()`).join("\n")}
}

pipeline q {
${Array.from({ length: 75 }, (_, i) => `  step s${i + 75} = scored()`).join("\n")}
}
`,
  },
  {
    code: "MLP5131",
    severity: "error",
    title: "a workflow with more than the 256 jobs GitHub runs in one workflow run (nothing is written)",
    target: T,
    bad: `pipeline p {
${Array.from({ length: 257 }, (_, i) => `  step s${i} { run "echo ${i}" }`).join("\n")}
}
`,
    fixed: `pipeline p {
${Array.from({ length: 128 }, (_, i) => `  step s${i} { run "echo ${i}" }`).join("\n")}
}

pipeline q {
${Array.from({ length: 129 }, (_, i) => `  step s${i + 128} { run "echo ${i + 128}" }`).join("\n")}
}
`,
  },
  {
    code: "MLP5132",
    severity: "error",
    title: "a sweep whose legs, with the pipeline's other jobs, are more than the 256 jobs GitHub runs in one workflow run (nothing is written)",
    target: T,
    bad: `pipeline p {
  sweep tune {
    over a: [${Array.from({ length: 129 }, (_, i) => i + 1).join(", ")}]
    over b: [1, 2]
    step train {
      inputs { a: a, b: b }
      run "echo \${a} \${b}"
    }
  }
}
`,
    fixed: `pipeline p {
  sweep tune {
    over a: [${Array.from({ length: 127 }, (_, i) => i + 1).join(", ")}]
    over b: [1, 2]
    step train {
      inputs { a: a, b: b }
      run "echo \${a} \${b}"
    }
  }
}
`,
  },
  {
    code: "MLP5133",
    severity: "error",
    title: "a sweep over a list param without a default: a GitHub matrix is fixed when the workflow is compiled",
    target: T,
    bad: `pipeline p {
  param depths: list<int>
  sweep tune {
    over depth: depths
    step train {
      inputs { depth: depth }
      run "echo \${depth}"
    }
  }
}
`,
    fixed: `pipeline p {
  param depths: list<int> = [2, 4]
  sweep tune {
    over depth: depths
    step train {
      inputs { depth: depth }
      run "echo \${depth}"
    }
  }
}
`,
  },
  {
    code: "MLP5134",
    severity: "error",
    title: "two dimensions of a sweep whose names differ only in case, which GitHub takes for one matrix key",
    target: T,
    bad: `pipeline p {
  sweep tune {
    over lr: [0.1, 0.3]
    over LR: [1, 2]
    step train {
      inputs { a: lr, b: LR }
      run "echo \${a} \${b}"
    }
  }
}
`,
    fixed: `pipeline p {
  sweep tune {
    over lr: [0.1, 0.3]
    over warmup: [1, 2]
    step train {
      inputs { a: lr, b: warmup }
      run "echo \${a} \${b}"
    }
  }
}
`,
  },
  {
    code: "MLP5140",
    severity: "error",
    title: "a push path filter GitHub refuses: a line break, an empty pattern, `?` or `+` after nothing to repeat, or a broken `[…]` (nothing is written)",
    target: T,
    bad: `pipeline p {
  trigger on push("data/\\n*.csv")
  step s {
    run "echo hi"
  }
}
`,
    fixed: `pipeline p {
  trigger on push("data/*.csv")
  step s {
    run "echo hi"
  }
}
`,
  },
  {
    code: "MLP5141",
    severity: "error",
    title: "a `branches` pattern GitHub refuses (a space, `~`, `^`, `:`, a stray `\\`, a leading `/`, a trailing `/` or `.`, or bad pattern syntax)",
    target: T,
    bad: `pipeline p {
  trigger on push("data/**")
  step s {
    run "echo hi"
  }
  target github { branches: ["release 1.0"] }
}
`,
    fixed: `pipeline p {
  trigger on push("data/**")
  step s {
    run "echo hi"
  }
  target github { branches: ["release-1.0"] }
}
`,
  },
];
