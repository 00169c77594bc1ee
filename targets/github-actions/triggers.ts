/**
 * The `on:` block: `workflow_dispatch` with typed inputs (always, so a run can be started by
 * hand), `schedule` from `schedule "CRON"`, and `push.paths` from `trigger on push(…)` and from
 * `trigger on change(DATASET)` when the dataset is a file in the repository.
 */
import type { IrParam, IrType } from "../../src/ir/ir.js";
import { dispatchParams, valueText, type PipelineContext } from "./context.js";
import { checkCron, MIN_INTERVAL_MINUTES } from "./cron.js";
import { checkFilterPatterns, type PathFilter } from "./filter-checks.js";
import { isAbsolutePath, isUri, literalPathFilter, protectFilter, repoPath } from "./paths.js";

import { PARAMS_INPUT, paramsInput } from "./params-job.js";

function inputType(t: IrType): "number" | "boolean" | "string" {
  switch (t.kind) {
    case "int":
    case "float":
    case "duration":
      return "number";
    case "bool":
      return "boolean";
    default:
      return "string";
  }
}

function dispatchInput(p: IrParam): Record<string, unknown> {
  const kind = p.type.kind === "duration" ? "duration in seconds" : p.type.kind;
  return {
    description: `param \`${p.name}\` (${kind})`,
    type: inputType(p.type),
    required: p.default === undefined && !("optional" in p.type && p.type.optional === true),
    ...(p.default !== undefined
      ? { default: typeof p.default === "number" || typeof p.default === "boolean" ? p.default : valueText(p.default) }
      : {}),
  };
}

/** Builds `on:`; reports MLP5102-5104, 5106, 5107, 5140, 5141. */
export function buildTriggers(ctx: PipelineContext): Record<string, unknown> {
  const p = ctx.pipeline;
  const on: Record<string, unknown> = {};
  const filters: PathFilter[] = [];
  for (const t of p.triggers) {
    if (t.kind === "push" || t.kind === "pull_request") {
      // Joined to the `.mlp` file's directory, as GitHub reads them from the repository root.
      for (const glob of t.paths) {
        const negated = glob.startsWith("!");
        const body = negated ? glob.slice(1) : glob;
        const filter = protectFilter((negated ? "!" : "") + repoPath(ctx.base, body));
        filters.push(t.kind === "push" ? { filter, written: glob, origin: t.origin } : { filter, written: glob, origin: t.origin, pullRequest: true });
      }
    } else if (t.kind === "change") {
      const ds = ctx.view.dataset(t.dataset);
      if (ds === undefined) continue;
      if (isUri(ds.uri) || isAbsolutePath(ds.uri)) {
        ctx.report("MLP5104", "warning", `\`trigger on change(${t.dataset})\` cannot be expressed on GitHub Actions`, t.origin, {
          notes: [`\`${t.dataset}\` lives at \`${ds.uri}\`, outside the repository; GitHub can only watch pushes to repository paths`],
          help: [
            "keep the `schedule`, or have the storage event start the workflow (`gh workflow run` or the `workflow_dispatch` REST endpoint)",
          ],
        });
      } else {
        filters.push({ filter: literalPathFilter(repoPath(ctx.base, ds.uri)), written: ds.uri, dataset: t.dataset, origin: t.origin });
      }
    }
  }
  const valid = checkFilterPatterns(ctx, filters);
  const paths = valid ? filters.filter((f) => f.pullRequest !== true).map((f) => f.filter) : [];
  const prPaths = valid ? filters.filter((f) => f.pullRequest === true).map((f) => f.filter) : [];
  if (paths.length > 0) {
    // Always a branch filter: without one, GitHub runs the workflow on every tag push too,
    // because path filters are not evaluated for tags.
    on["push"] = { branches: ctx.opts.branches !== undefined ? [...ctx.opts.branches] : ["**"], paths: [...new Set(paths)] };
  }
  if (valid && p.triggers.some((t) => t.kind === "pull_request")) {
    // `branches` filters the pull request's base branch; deploys never run on one (deploy-job.ts).
    // Without globs, every pull request.
    const pr = { ...(ctx.opts.branches !== undefined ? { branches: [...ctx.opts.branches] } : {}), ...(prPaths.length > 0 ? { paths: [...new Set(prPaths)] } : {}) };
    on["pull_request"] = Object.keys(pr).length > 0 ? pr : null;
  }
  if (p.schedule !== undefined) {
    const check = checkCron(p.schedule.cron);
    if (!check.ok && check.reason === "syntax") {
      ctx.report("MLP5102", "error", `GitHub Actions does not accept the schedule \`${p.schedule.cron}\``, p.schedule.origin, {
        notes: [check.message],
        help: ["write five fields, `minute hour day-of-month month day-of-week`, with `*`, numbers, `a-b`, `/n` and `,`"],
      });
    } else if (!check.ok) {
      ctx.report("MLP5103", "error", `schedule \`${p.schedule.cron}\` runs every ${check.minIntervalMinutes} minute${check.minIntervalMinutes === 1 ? "" : "s"}`, p.schedule.origin, {
        notes: [`GitHub Actions runs scheduled workflows at most once every ${MIN_INTERVAL_MINUTES} minutes`],
        help: [`space the runs at least ${MIN_INTERVAL_MINUTES} minutes apart, e.g. \`*/${MIN_INTERVAL_MINUTES} * * * *\``],
      });
    } else {
      // One space between fields: the check split on any whitespace, line breaks included.
      on["schedule"] = [{ cron: p.schedule.cron.trim().split(/\s+/).join(" ") }];
    }
  }
  const automatic = p.schedule !== undefined || filters.length > 0 || p.triggers.some((t) => t.kind === "pull_request");
  if (automatic) {
    for (const param of dispatchParams(p)) {
      if (param.default === undefined && !("optional" in param.type && param.type.optional === true)) {
        ctx.report("MLP5106", "error", `param \`${param.name}\` has no default, so scheduled and push-triggered runs have no value for it`, param.origin, {
          notes: ["only runs started by hand (`workflow_dispatch`) can ask for a value"],
          help: [`give \`${param.name}\` a default: \`param ${param.name}: ${param.type.kind} = …\``],
        });
      }
    }
  }
  const inputs: Record<string, unknown> = {};
  if (ctx.paramsAsJson) {
    const max = ctx.opts.dispatchInputs;
    const params = dispatchParams(p);
    ctx.report("MLP5107", "warning", `pipeline \`${p.name}\` has ${params.length} params, more than the ${max} \`workflow_dispatch\` inputs allowed: they are one JSON input, \`${PARAMS_INPUT}\``, params[max]!.origin, {
      notes: [`a run started by hand takes them as \`gh workflow run ${ctx.opts.workflowFile} -f ${PARAMS_INPUT}='{"${params[0]!.name}": …}'\`; the job \`mlp-params\` checks names and types before any step starts`],
      help: [max < 25 ? "GitHub accepts up to 25 inputs since December 2025: raise `dispatch_inputs` in `target github { … }` if your GitHub and actionlint do" : "to keep one form field per param, fold related params together or turn some into step literals"],
    });
    inputs[PARAMS_INPUT] = paramsInput(ctx);
  } else {
    for (const param of dispatchParams(p)) inputs[param.name] = dispatchInput(param);
  }
  on["workflow_dispatch"] = Object.keys(inputs).length > 0 ? { inputs } : null;
  return on;
}
