/**
 * MLP5xxx: targets (5000-5099 shared, 5100 github, 5200 argo, 5300 airflow, 5400 plugins).
 *
 * The shared and plugin codes are reported by `src/target` (registry, options validation, the
 * emit wrapper); each built-in target adds its own block. Codes without `bad`/`fixed` examples
 * come from the command line or from a plugin, not from any `.mlp` source.
 */
import type { CodeInfo } from "./code-info.js";

const HELLO = `pipeline demo {
  step hello {
    run "echo hello"
  }
`;

const KSERVE_STEP = `pipeline churn {
  step train {
    image "alpine:3.20"
    outputs { model: Model }
    run "touch \${model}"
  }
`;

/** Shared target codes (5000-5099) and plugin codes (5400-5499). */
const SHARED_TARGET_CODES: CodeInfo[] = [
  {
    code: "MLP5001",
    severity: "error",
    title: "a `target` block sets an option the target does not accept, or a value of the wrong type",
    target: "ir",
    bad: `${HELLO}  target ir { indent: 2 }\n}\n`,
    fixed: `${HELLO}}\n`,
  },
  {
    code: "MLP5002",
    severity: "warning",
    title: "a `target` block names no known target, so nothing reads its options",
    target: "ir",
    bad: `${HELLO}  target githib { runs_on: "ubuntu-latest" }\n}\n`,
    fixed: `${HELLO}}\n`,
  },
  { code: "MLP5003", severity: "error", title: "`--target` names no built-in target, plugin file or installed `mlp-target-<name>` package" },
  { code: "MLP5004", severity: "error", title: "a target emitted a file path outside the output directory (absolute, or with `..`)" },
  { code: "MLP5005", severity: "error", title: "a target emitted the same file path twice" },
  {
    code: "MLP5006",
    severity: "error",
    title: "a `to kserve` deploy's model address is not one KServe can fetch (a local path, or a scheme KServe does not read)",
    target: "argo",
    bad: KSERVE_STEP + `  deploy prod {\n    model train.model\n    to kserve { namespace: "ml", name: "churn", storage_uri: "/models/churn" }\n  }\n}\n`,
    fixed: KSERVE_STEP + `  deploy prod {\n    model train.model\n    to kserve { namespace: "ml", name: "churn", storage_uri: "pvc://models/churn" }\n  }\n}\n`,
  },
  {
    code: "MLP5007",
    severity: "error",
    title: "a `to kserve` deploy names a model format no KServe serving runtime serves",
    target: "argo",
    bad: KSERVE_STEP + `  deploy prod {\n    model train.model\n    to kserve { namespace: "ml", name: "churn", model_format: "javascript" }\n  }\n}\n`,
    fixed: KSERVE_STEP + `  deploy prod {\n    model train.model\n    to kserve { namespace: "ml", name: "churn", model_format: "onnx" }\n  }\n}\n`,
  },
];

const PLUGIN_CODES: CodeInfo[] = [
  {
    code: "MLP5010",
    severity: "error",
    title: "a command, env value, literal, param default, dataset path or deploy option holds a NUL character (`\\u{0}`), which no process can receive",
    target: "github",
    bad: `pipeline demo {
  step hello {
    env { GREETING: "hello\\u{0}world" }
    run "echo $GREETING"
  }
}
`,
    fixed: `pipeline demo {
  step hello {
    env { GREETING: "hello world" }
    run "echo $GREETING"
  }
}
`,
  },
  { code: "MLP5401", severity: "error", title: "a target plugin could not be loaded (missing file, or the module threw while loading)" },
  { code: "MLP5402", severity: "error", title: "a target plugin does not export a valid `Target` object" },
  { code: "MLP5403", severity: "error", title: "a target threw an exception while emitting files" },
  { code: "MLP5404", severity: "error", title: "a target's `optionsSchema` is not a valid JSON Schema (draft-07)" },
  { code: "MLP5405", severity: "error", title: "a target's `emit` returned something other than `{ files, diagnostics }`" },
];

export const TARGET_CODES: CodeInfo[] = [...SHARED_TARGET_CODES, ...PLUGIN_CODES];
