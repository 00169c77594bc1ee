/**
 * MLP53xx: what the Airflow target reports. The lead merges `AIRFLOW_CODES` into
 * `src/diagnostics/codes/target.ts`; each entry has a minimal `.mlp` file that triggers it
 * under `--target airflow` and the same file fixed.
 */
import type { CodeInfo } from "../../src/diagnostics/codes/code-info.js";

/** Stable code numbers, by what they mean. */
export const AIRFLOW_CODE = {
  badDagId: "MLP5301",
  badTaskId: "MLP5302",
  badCron: "MLP5303",
  dataTrigger: "MLP5304",
  pushTrigger: "MLP5305",
  unsupportedDeploy: "MLP5306",
  badKserve: "MLP5307",
  badName: "MLP5308",
  badQuantity: "MLP5309",
  bashIgnores: "MLP5310",
  badOption: "MLP5311",
  approvalSensor: "MLP5312",
  foreignDeployed: "MLP5313",
  localDeploy: "MLP5314",
  pullRequestTrigger: "MLP5315",
  computedOption: "MLP5316",
  podLocalArtifacts: "MLP5320",
  sweepGrid: "MLP5321",
  sweepArtifactStore: "MLP5322",
} as const;

const STEP = (body: string): string => `pipeline p {
  step s {
${body}
  }
}
`;

/** Catalogue entries for every MLP53xx code. */
export const AIRFLOW_CODES: CodeInfo[] = [
  {
    code: AIRFLOW_CODE.badDagId,
    severity: "error",
    target: "airflow",
    title: "the DAG id is not one Airflow accepts (ASCII letters, digits, `_`, `.`, `-`; at most 250 characters)",
    bad: `pipeline p {
  target airflow { dag_id: "churn daily" }
  step s { run "true" }
}
`,
    fixed: `pipeline p {
  target airflow { dag_id: "churn_daily" }
  step s { run "true" }
}
`,
  },
  {
    code: AIRFLOW_CODE.badTaskId,
    severity: "error",
    target: "airflow",
    title: "a step, gate or deploy name makes a task id longer than Airflow's 250 characters",
    bad: `pipeline p {
  step ${"s".repeat(251)} { run "true" }
}
`,
    fixed: `pipeline p {
  step s { run "true" }
}
`,
  },
  {
    code: AIRFLOW_CODE.badCron,
    severity: "error",
    target: "airflow",
    title: "the schedule is not a cron expression Airflow accepts",
    bad: `pipeline p {
  schedule "0 25 * * *"
  step s { run "true" }
}
`,
    fixed: `pipeline p {
  schedule "0 23 * * *"
  step s { run "true" }
}
`,
  },
  {
    code: AIRFLOW_CODE.dataTrigger,
    severity: "warning",
    target: "airflow",
    title: "`trigger on change(…)` is not generated: the dataset is a local path, Airflow refuses its URI, or the pipeline also has a cron `schedule`",
    bad: `pipeline p {
  dataset raw: File = "data/raw.csv"
  trigger on change(raw)
  step s {
    inputs { f: raw }
    run "cat \${f}"
  }
}
`,
    fixed: `pipeline p {
  dataset raw: File = "s3://bucket/raw.csv"
  trigger on change(raw)
  step s {
    inputs { f: raw }
    run "cat \${f}"
  }
}
`,
  },
  {
    code: AIRFLOW_CODE.pushTrigger,
    severity: "warning",
    target: "airflow",
    title: "`trigger on push(…)` has no Airflow equivalent",
    bad: `pipeline p {
  trigger on push("src/**")
  step s { run "true" }
}
`,
    fixed: `pipeline p {
  step s { run "true" }
}
`,
  },
  {
    code: AIRFLOW_CODE.unsupportedDeploy,
    severity: "error",
    target: "airflow",
    title: "a deploy kind or option the Airflow target does not support (its table: `targets/airflow/deploy-support.ts`)",
    bad: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy staging {
    model train.model
    to kserve { namespace: "ml", name: "churn", min_replicas: 1 }
  }
}
`,
    fixed: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy staging {
    model train.model
    to kserve { namespace: "ml-staging", name: "churn" }
  }
}
`,
  },
  {
    code: AIRFLOW_CODE.badKserve,
    severity: "error",
    target: "airflow",
    title: "a kserve deploy needs `name` and `namespace` that are valid Kubernetes names",
    bad: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy staging {
    model train.model
    to kserve { namespace: "ml-staging", name: "Churn_Model" }
  }
}
`,
    fixed: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy staging {
    model train.model
    to kserve { namespace: "ml-staging", name: "churn-model" }
  }
}
`,
  },
  {
    code: AIRFLOW_CODE.badName,
    severity: "error",
    target: "airflow",
    title: "a name the generated DAG reserves: an environment variable or secret named `_MLP_…`, or a variable that shadows a secret of the step (a name that is not an identifier is MLP9110/MLP9111 at the IR boundary)",
    bad: STEP(`    env { _MLP_IN_x: "1" }
    run "true"`),
    fixed: STEP(`    env { MY_X: "1" }
    run "true"`),
  },
  {
    code: AIRFLOW_CODE.badQuantity,
    severity: "error",
    target: "airflow",
    title: "memory that is not a Kubernetes quantity (the IR allows `K`, which Kubernetes spells `k`)",
    bad: STEP(`    resources { cpu: 2, memory: 512K }
    run "true"`),
    fixed: STEP(`    resources { cpu: 2, memory: 512Ki }
    run "true"`),
  },
  {
    code: AIRFLOW_CODE.bashIgnores,
    severity: "warning",
    target: "airflow",
    title: "with `operator: \"bash\"`, step images and resources are not applied",
    bad: `pipeline p {
  target airflow { operator: "bash" }
  step s {
    image "python:3.12-slim"
    run "true"
  }
}
`,
    fixed: `pipeline p {
  target airflow { operator: "kubernetes" }
  step s {
    image "python:3.12-slim"
    run "true"
  }
}
`,
  },
  {
    code: AIRFLOW_CODE.badOption,
    severity: "error",
    target: "airflow",
    title: "a `target airflow` option has a value Airflow or Kubernetes would refuse",
    bad: `pipeline p {
  target airflow { namespace: "ML_Team" }
  step s { run "true" }
}
`,
    fixed: `pipeline p {
  target airflow { namespace: "ml-team" }
  step s { run "true" }
}
`,
  },
  {
    code: AIRFLOW_CODE.approvalSensor,
    severity: "info",
    target: "airflow",
    title: "an approval becomes a sensor task that a person marks success (approve) or failed (reject)",
    bad: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy production {
    model train.model
    approval required
    to kserve { namespace: "ml-prod", name: "churn" }
  }
}
`,
    fixed: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy production {
    model train.model
    to kserve { namespace: "ml-prod", name: "churn" }
  }
}
`,
  },
  {
    code: AIRFLOW_CODE.foreignDeployed,
    severity: "warning",
    target: "airflow",
    title: "`deployed(env)` names an environment this pipeline never deploys to, so the lookup always finds nothing",
    // No `bad` example: the checker already rejects `deployed(env)` of an unknown environment
    // (MLP2004); only IR from elsewhere (a plugin, a hand-written file) can reach this.
  },
  {
    code: AIRFLOW_CODE.localDeploy,
    severity: "info",
    target: "airflow",
    title: "a `to local` deploy only records the model (URI and metrics) for `deployed(env)`; nothing is served",
    bad: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy staging {
    model train.model
    to local
  }
}
`,
    fixed: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy staging {
    model train.model
    to kserve { namespace: "ml-staging", name: "churn" }
  }
}
`,
  },
  {
    code: AIRFLOW_CODE.pullRequestTrigger,
    severity: "warning",
    target: "airflow",
    title: "`trigger on pull_request(…)` has no Airflow equivalent: run model CI with `mlp run` or the GitHub target",
    bad: `pipeline p {
  trigger on pull_request("models/**")
  step s { run "true" }
}
`,
    fixed: `pipeline p {
  step s { run "true" }
}
`,
  },
  {
    code: AIRFLOW_CODE.computedOption,
    severity: "error",
    target: "airflow",
    title: "a deploy option computed at run time (`${…}`) other than `to command`'s `command`: Airflow builds the rest when it parses the DAG",
    bad: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  param team: string = "ml"
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy staging {
    model train.model
    to kserve { namespace: "\${team}-staging", name: "churn" }
  }
}
`,
    fixed: `pipeline p {
  target airflow { artifact_root: "s3://ml-artifacts/p" }
  param team: string = "ml"
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
  deploy staging {
    model train.model
    to kserve { namespace: "ml-staging", name: "churn" }
  }
}
`,
  },
  {
    code: AIRFLOW_CODE.podLocalArtifacts,
    severity: "error",
    target: "airflow",
    title:
      "with `operator: \"kubernetes\"`, `artifact_root` is a path but no `artifact_volume` is mounted there, so outputs stay in the pod that wrote them",
    bad: `pipeline p {
  target airflow { artifact_root: "/tmp/mlp-artifacts" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
}
`,
    fixed: `pipeline p {
  target airflow { artifact_root: "/mnt/mlp-artifacts", artifact_volume: "mlp-artifacts" }
  step train {
    outputs { model: Model }
    run "touch \${model}"
  }
}
`,
  },
  {
    code: AIRFLOW_CODE.sweepGrid,
    severity: "error",
    target: "airflow",
    title:
      "a sweep's grid has more points than `max_map_length` (1024 by default), or takes a list param without a default, so Airflow could not map it",
    bad: `pipeline p {
  target airflow { operator: "bash" }
  sweep tune {
    over seed: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]
    over fold: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]
    step train {
      inputs { seed: seed, fold: fold }
      run "echo \${seed} \${fold}"
    }
  }
}
`,
    fixed: `pipeline p {
  target airflow { operator: "bash", max_map_length: 2048 }
  sweep tune {
    over seed: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]
    over fold: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]
    step train {
      inputs { seed: seed, fold: fold }
      run "echo \${seed} \${fold}"
    }
  }
}
`,
  },
  {
    code: AIRFLOW_CODE.sweepArtifactStore,
    severity: "error",
    target: "airflow",
    title: "a pipeline with a sweep needs `artifact_root` to be a path (a shared volume): the fan-in task reads every point's files from it",
    bad: `pipeline p {
  target airflow { operator: "bash", artifact_root: "s3://ml-artifacts/p" }
  sweep tune {
    over lr: [0.1, 0.3]
    step train {
      inputs { lr: lr }
      run "echo \${lr}"
    }
  }
}
`,
    fixed: `pipeline p {
  target airflow { operator: "bash", artifact_root: "/srv/mlp-artifacts" }
  sweep tune {
    over lr: [0.1, 0.3]
    step train {
      inputs { lr: lr }
      run "echo \${lr}"
    }
  }
}
`,
  },
];
