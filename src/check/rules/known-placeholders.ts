/**
 * `${…}` placeholders in `run` strings name the step's own inputs or outputs, or one of the
 * built-ins `metrics`, `run_id`, `workdir` (and `status` in a `finally` step; language reference, "Placeholders"). `${metrics}`
 * needs a `metrics { … }` block, and a declared `metrics { … }` block needs `${metrics}` in
 * `run` (it is the only way a step reports metrics).
 */
import type { StepMember } from "../../syntax/ast.js";
import type { CheckContext } from "../context.js";
import type { PipelineScope } from "../program.js";
import { suggestionHelp } from "../suggest.js";
import type { CheckRule } from "../rule.js";

export const knownPlaceholders: CheckRule = {
  name: "known-placeholders",
  phase: "names",
  codes: ["MLP2008", "MLP2009", "MLP2010"],
  check: (ctx) => checkPlaceholders(ctx),
};

export const BUILTIN_PLACEHOLDERS: readonly string[] = ["metrics", "run_id", "workdir"];
/** `${status}`: the run's status, in `finally` steps only. */
export const STATUS_PLACEHOLDER = "status";

export function checkPlaceholders(ctx: CheckContext): void {
  for (const file of ctx.files()) {
    for (const decl of file.ast.declarations) {
      if (decl.kind === "Component") checkRun(ctx, decl.members, "component", decl.name.name, undefined, false);
    }
  }
  for (const scope of ctx.scopes()) {
    const members = scope.flat;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m.kind === "Step" && m.call === undefined) checkRun(ctx, m.members ?? NO_MEMBERS, "step", m.name.name, scope, m.finally === true);
    }
  }
}

const NO_MEMBERS: readonly StepMember[] = [];

/** Above this many inputs and outputs, names are looked up in sets rather than by scanning the members. */
const SCAN_LIMIT = 16;

/**
 * Checks the placeholders of the `run` of a step body or component (`owner` and `ownerName`
 * name it in messages). Runs for every step, so it allocates nothing on the common path: the
 * name sets are built only for a large step or for a report.
 */
function checkRun(ctx: CheckContext, members: readonly StepMember[], owner: "step" | "component", ownerName: string, scope: PipelineScope | undefined, final: boolean): void {
  let metricsBlock: StepMember | undefined;
  let run: Extract<StepMember, { kind: "Run" }> | undefined;
  let entries = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.kind === "Inputs" || m.kind === "Outputs") entries += m.entries.length;
    if (m.kind === "Metrics") metricsBlock ??= m;
    if (m.kind === "Run") run ??= m;
  }
  if (run === undefined) return;
  let sets = entries > SCAN_LIMIT ? portNames(members) : undefined;
  const parts = run.command.parts;
  let usesMetrics = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.kind !== "placeholder") continue;
    const name = part.name;
    if (name === "run_id" || name === "workdir") continue;
    if (name === STATUS_PLACEHOLDER && final) continue;
    if (sets !== undefined ? sets.inputs.has(name) || sets.outputs.has(name) : declaresPort(members, name)) continue;
    if (name === "metrics") {
      usesMetrics = true;
      if (metricsBlock === undefined) {
        ctx.error("MLP2009", `\`\${metrics}\` is used but ${owner} \`${ownerName}\` declares no metrics`, part.span, {
          notes: ["`${metrics}` is the path of the JSON file in which the step reports its declared metrics"],
          help: ["declare them, for example `metrics { accuracy: float }`, or remove `${metrics}`"],
        });
      }
      continue;
    }
    sets ??= portNames(members);
    const help = suggestionHelp(name, [...sets.inputs, ...sets.outputs, ...BUILTIN_PLACEHOLDERS]);
    const pipelineSym = scope?.members.get(name);
    if (pipelineSym !== undefined && (pipelineSym.kind === "param" || pipelineSym.kind === "dataset")) {
      help.push(`\`${name}\` is a pipeline ${pipelineSym.kind}; bind it as an input: \`inputs { ${name}: ${name} }\``);
    } else if (pipelineSym?.kind === "secret") {
      help.push(`secrets reach a step as environment variables: add \`secrets [${name}]\` and write \`$$${name}\``);
    }
    if (name === STATUS_PLACEHOLDER) help.push(`only a \`finally\` step has \`\${status}\`: declare this one \`finally ${ownerName} { … }\` to run it at the end of every run`);
    help.push(`for a literal \`\${${name}}\` (a shell variable), write \`$\${${name}}\``);
    ctx.error("MLP2008", `unknown placeholder \`\${${name}}\` in ${owner} \`${ownerName}\``, part.span, {
      label: "not an input, output or built-in of this step",
      notes: ["a placeholder names one of the step's inputs or outputs, or `metrics`, `run_id`, `workdir`"],
      help,
    });
  }
  if (metricsBlock !== undefined && !usesMetrics) {
    ctx.error("MLP2010", `${owner} \`${ownerName}\` declares metrics but its \`run\` never writes \`\${metrics}\``, keyword(metricsBlock.span), {
      notes: ["a step reports its metrics by writing a JSON object to the path `${metrics}` stands for"],
      help: ["pass `${metrics}` to the command, for example `--metrics ${metrics}`"],
    });
  }
}

/** The names declared in `inputs { … }` and `outputs { … }`, in order. */
function portNames(members: readonly StepMember[]): { inputs: Set<string>; outputs: Set<string> } {
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  for (const m of members) {
    if (m.kind === "Inputs") for (const e of m.entries) inputs.add(e.name.name);
    if (m.kind === "Outputs") for (const e of m.entries) outputs.add(e.name.name);
  }
  return { inputs, outputs };
}

/** Whether an `inputs { … }` or `outputs { … }` entry of `members` is named `name`. */
function declaresPort(members: readonly StepMember[], name: string): boolean {
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.kind !== "Inputs" && m.kind !== "Outputs") continue;
    const entries = m.entries;
    for (let j = 0; j < entries.length; j++) if (entries[j]!.name.name === name) return true;
  }
  return false;
}

function keyword(span: import("../../source/span.js").Span): import("../../source/span.js").Span {
  return { file: span.file, start: span.start, end: { offset: span.start.offset + 7, line: span.start.line, column: span.start.column + 7 } };
}
