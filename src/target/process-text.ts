/**
 * MLP5010, shared by every built-in target: text that becomes a process's argument or
 * environment cannot hold a NUL character. No operating system can pass one (`execve` takes
 * NUL-terminated strings): GitHub's runner, the kubelet and Python's `subprocess` (Airflow) all
 * refuse to start such a process, and `mlp run` fails the step with "embedded null byte". The
 * front end accepts `\u{0}` in strings, so the targets refuse it, on the value's span, before
 * writing anything.
 */
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrPipeline, IrValue, Origin } from "../ir/ir.js";

function hasNul(v: IrValue | undefined): boolean {
  if (v === undefined) return false;
  if (typeof v === "string") return v.includes("\0");
  if (Array.isArray(v)) return v.some(hasNul);
  return false;
}

/** MLP5010 errors for every command, env value, literal, param default, dataset path and deploy option of `p` with a NUL. */
export function processTextDiagnostics(p: IrPipeline, targetName: string): Diagnostic[] {
  const found: { what: string; origin: Origin }[] = [];
  for (const param of p.params) if (hasNul(param.default)) found.push({ what: `the default of param \`${param.name}\``, origin: param.origin });
  for (const d of p.datasets) if (hasNul(d.uri)) found.push({ what: `the path of dataset \`${d.name}\``, origin: d.origin });
  for (const s of p.steps) {
    if ((s.run?.parts ?? []).some((part) => part.kind === "text" && part.text.includes("\0"))) found.push({ what: `the command of step \`${s.name}\``, origin: s.origin });
    for (const [key, value] of Object.entries(s.env)) {
      if (hasNul(key) || hasNul(value)) found.push({ what: `env \`${key.replace(/\0/g, "\\0")}\` of step \`${s.name}\``, origin: s.origin });
    }
    for (const input of s.inputs) {
      if (input.binding.kind === "literal" && hasNul(input.binding.value)) found.push({ what: `input \`${input.name}\` of step \`${s.name}\``, origin: s.origin });
    }
  }
  for (const d of p.deploys) {
    for (const [key, value] of Object.entries(d.to.options)) {
      if (hasNul(value)) found.push({ what: `option \`${key}\` of deploy \`${d.name}\``, origin: d.origin });
    }
  }
  return found.map((f) =>
    diagnostic("MLP5010", "error", `${f.what} holds a NUL character, which no process can receive`, f.origin, {
      notes: [`on ${targetName}, as with \`mlp run\`, the process would not start: arguments and environment variables are NUL-terminated strings`],
      help: ["remove the `\\u{0}`; to hand a process binary data, put it in a file or a dataset and pass its path"],
    }),
  );
}
