/**
 * `${…}` placeholders in `run` strings name the step's own inputs or outputs, or one of the
 * built-ins `metrics`, `run_id`, `workdir` (language reference, "Placeholders"). `${metrics}`
 * needs a `metrics { … }` block, and a declared `metrics { … }` block needs `${metrics}` in
 * `run` (it is the only way a step reports metrics).
 */
import type { StepMember } from "../../syntax/ast.js";
import type { CheckContext } from "../context.js";
import type { PipelineScope } from "../program.js";
import { suggestionHelp } from "../suggest.js";

export const BUILTIN_PLACEHOLDERS: readonly string[] = ["metrics", "run_id", "workdir"];

export function checkPlaceholders(ctx: CheckContext): void {
  for (const file of ctx.files()) {
    for (const decl of file.ast.declarations) {
      if (decl.kind === "Component") checkRun(ctx, decl.members, `component \`${decl.name.name}\``, undefined);
    }
  }
  for (const scope of ctx.scopes()) {
    for (const m of scope.decl.members) {
      if (m.kind === "Step" && m.call === undefined) checkRun(ctx, m.members ?? [], `step \`${m.name.name}\``, scope);
    }
  }
}

function checkRun(ctx: CheckContext, members: readonly StepMember[], owner: string, scope: PipelineScope | undefined): void {
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  let metricsBlock: StepMember | undefined;
  let run: Extract<StepMember, { kind: "Run" }> | undefined;
  for (const m of members) {
    if (m.kind === "Inputs") for (const e of m.entries) inputs.add(e.name.name);
    if (m.kind === "Outputs") for (const e of m.entries) outputs.add(e.name.name);
    if (m.kind === "Metrics") metricsBlock ??= m;
    if (m.kind === "Run") run ??= m;
  }
  if (run === undefined) return;
  let usesMetrics = false;
  for (const part of run.command.parts) {
    if (part.kind !== "placeholder") continue;
    const name = part.name;
    if (inputs.has(name) || outputs.has(name) || name === "run_id" || name === "workdir") continue;
    if (name === "metrics") {
      usesMetrics = true;
      if (metricsBlock === undefined) {
        ctx.error("MLP2009", `\`\${metrics}\` is used but ${owner} declares no metrics`, part.span, {
          notes: ["`${metrics}` is the path of the JSON file in which the step reports its declared metrics"],
          help: ["declare them, for example `metrics { accuracy: float }`, or remove `${metrics}`"],
        });
      }
      continue;
    }
    const help = suggestionHelp(name, [...inputs, ...outputs, ...BUILTIN_PLACEHOLDERS]);
    const pipelineSym = scope?.members.get(name);
    if (pipelineSym !== undefined && (pipelineSym.kind === "param" || pipelineSym.kind === "dataset")) {
      help.push(`\`${name}\` is a pipeline ${pipelineSym.kind}; bind it as an input: \`inputs { ${name}: ${name} }\``);
    } else if (pipelineSym?.kind === "secret") {
      help.push(`secrets reach a step as environment variables: add \`secrets [${name}]\` and write \`$$${name}\``);
    }
    help.push(`for a literal \`\${${name}}\` (a shell variable), write \`$\${${name}}\``);
    ctx.error("MLP2008", `unknown placeholder \`\${${name}}\` in ${owner}`, part.span, {
      label: "not an input, output or built-in of this step",
      notes: ["a placeholder names one of the step's inputs or outputs, or `metrics`, `run_id`, `workdir`"],
      help,
    });
  }
  if (metricsBlock !== undefined && !usesMetrics) {
    ctx.error("MLP2010", `${owner} declares metrics but its \`run\` never writes \`\${metrics}\``, keyword(metricsBlock.span), {
      notes: ["a step reports its metrics by writing a JSON object to the path `${metrics}` stands for"],
      help: ["pass `${metrics}` to the command, for example `--metrics ${metrics}`"],
    });
  }
}

function keyword(span: import("../../source/span.js").Span): import("../../source/span.js").Span {
  return { file: span.file, start: span.start, end: { offset: span.start.offset + 7, line: span.start.line, column: span.start.column + 7 } };
}
