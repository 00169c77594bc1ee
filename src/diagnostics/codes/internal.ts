/**
 * MLP9xxx: problems outside the user's `.mlp` source.
 *
 * 9000-9099 are internal errors: a bug in mlp (a `throw` escaped the core). 9100-9199 are the
 * toolchain's environment: a file it cannot read or write, a command-line value that names
 * nothing. None of them can be triggered from a source file, so none has `bad`/`fixed` examples.
 */
import type { CodeInfo } from "./code-info.js";

export const INTERNAL_CODES: CodeInfo[] = [
  { code: "MLP9001", severity: "error", title: "internal compiler error: a bug in mlp (please report it with the input that caused it)" },
  { code: "MLP9101", severity: "error", title: "an input file cannot be read (missing, a directory, binary, too large, or no permission)" },
  { code: "MLP9102", severity: "error", title: "an output file or directory cannot be written" },
  { code: "MLP9103", severity: "error", title: "`--pipeline` names no pipeline of the compiled file" },
  { code: "MLP9104", severity: "error", title: "`mlp explain` was given something that is not a known diagnostic code" },
  { code: "MLP9105", severity: "error", title: "`mlp compile --check` was given no `--out` directory to compare with" },
  { code: "MLP9106", severity: "error", title: "`mlp runs`, `lineage` or `approve` finds no run store at `--store DIR`, beside `--file FILE`, or at `./.mlp`" },
  { code: "MLP9107", severity: "error", title: "a run, step or artifact named on the command line is not in the store (or an artifact hash prefix matches several)" },
  { code: "MLP9108", severity: "error", title: "`mlp approve RUN ENV` names no deploy of that run that is awaiting approval" },
  { code: "MLP9109", severity: "error", title: "`--root` is not a directory, or does not hold the compiled file" },
  { code: "MLP9110", severity: "error", title: "an IR document (`.ir.json`) does not have the shape of `mlp/v1` (its JSON Schema)" },
  { code: "MLP9111", severity: "error", title: "a name in an IR document is not a plain identifier, or is declared twice" },
  { code: "MLP9112", severity: "error", title: "a reference in an IR document resolves to nothing: a node, input, output, metric, parameter, dataset, secret or schema it names is missing" },
  { code: "MLP9113", severity: "error", title: "an IR document's graph is not a DAG: a cycle, or an `order` that is not a topological order of its nodes" },
  { code: "MLP9115", severity: "error", title: "the compiled output of a file is too large to build as one text (over 512 MB): split the pipeline" },
];
