/** MLP7xxx: run time (parameters, data, steps) */
import type { CodeInfo } from "./code-info.js";

// Run-time codes are raised by `mlp run` from parameter values, data files and step results, never
// by compiling a source, so none has a `bad`/`fixed` source example.
export const RUNTIME_CODES: CodeInfo[] = [
  { code: "MLP7001", severity: "error", title: "a `-p` parameter value does not parse as the parameter's declared type" },
  { code: "MLP7002", severity: "error", title: "`-p` names a parameter the pipeline does not declare" },
  { code: "MLP7003", severity: "error", title: "a parameter without a default was given no value" },
  { code: "MLP7004", severity: "error", title: "`-p` is not of the form `name=value`" },
  { code: "MLP7005", severity: "error", title: "`--pipeline` names no pipeline of the file, or the file has several and none was chosen" },
  { code: "MLP7006", severity: "error", title: "`--from` or `--approve` names no step or deploy of the pipeline" },
  { code: "MLP7010", severity: "error", title: "a step's command exited with a non-zero status" },
  { code: "MLP7011", severity: "error", title: "a step ran longer than its `timeout`" },
  { code: "MLP7012", severity: "error", title: "a step did not write one of its declared outputs, or wrote the wrong kind of file" },
  { code: "MLP7013", severity: "error", title: "a step's metrics file is missing, not JSON, or does not match its `metrics { … }` declaration" },
  { code: "MLP7014", severity: "error", title: "a `Table<Schema>` input or output does not conform to its schema" },
  { code: "MLP7015", severity: "error", title: "a dataset's file does not exist or cannot be read" },
  { code: "MLP7016", severity: "error", title: "an output or input name is not a plain identifier and would escape the step's directory" },
  { code: "MLP7017", severity: "error", title: "a secret a step or deploy lists in `secrets [..]` is not set in the environment" },
  { code: "MLP7018", severity: "error", title: "a `code` file that keys the cache does not exist" },
  { code: "MLP7019", severity: "error", title: "a built-in `std.*` step failed or the built-ins are unavailable" },
  { code: "MLP7020", severity: "warning", title: "a gate's condition does not hold; everything downstream is skipped" },
  { code: "MLP7021", severity: "error", title: "a deploy failed (its command exited non-zero or the model is missing)" },
  { code: "MLP7022", severity: "error", title: "the run's store cannot be opened or written" },
  { code: "MLP7023", severity: "error", title: "a gate condition cannot be evaluated (a metric it reads was not reported)" },
  { code: "MLP7024", severity: "error", title: "the step could not be started (command missing, working directory missing)" },
  { code: "MLP7025", severity: "warning", title: "a step's metrics file holds values that are neither numbers nor booleans (strings, arrays, null); they are not recorded" },
  { code: "MLP7026", severity: "error", title: "an `s3://` or `gs://` dataset cannot be read: no such bucket or object, no credentials, access denied, or the endpoint cannot be reached" },
  { code: "MLP7030", severity: "warning", title: "a cached output's object in the store no longer holds the bytes its hash names; it is moved aside and its step runs again" },
  { code: "MLP7031", severity: "error", title: "an artifact's bytes in the store do not hash to its name (found by `mlp store verify`; `mlp approve` refuses such a model)" },
  { code: "MLP7032", severity: "error", title: "`mlp store verify`: the store's database fails SQLite's integrity check" },
  { code: "MLP7033", severity: "error", title: "an artifact the cache or the model registry records is missing from the store (`mlp store verify`, `mlp approve`)" },
  { code: "MLP7034", severity: "warning", title: "`mlp store verify`: an entry under `objects/` that is not an object mlp wrote" },
];
