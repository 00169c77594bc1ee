/**
 * Names GitHub would refuse at run time, refused at compile time: job ids (letters, digits, `-`,
 * `_`, starting with a letter or `_`; unique ignoring case, because `needs.X` is
 * case-insensitive), secret names, and environment variable names.
 */
import type { IrPipeline, Origin } from "../../src/ir/ir.js";
import type { PipelineContext } from "./context.js";

/** GitHub's job id rule. */
export const JOB_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** GitHub's secret name rule (and a portable environment variable name). */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Identifiers that are pasted into generated shell and JavaScript (step, input, output, metric names). */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reports MLP5101/5113/5114 problems; returns false if the pipeline cannot be emitted. */
export function checkNames(ctx: PipelineContext): boolean {
  const p: IrPipeline = ctx.pipeline;
  let ok = true;
  const seen = new Map<string, { name: string; origin: Origin }>();
  const nodes = [...p.steps, ...p.gates, ...p.deploys].map((n) => ({ name: n.name, origin: n.origin }));
  for (const n of nodes) {
    if (!JOB_ID.test(n.name)) {
      ok = false;
      ctx.report("MLP5101", "error", `\`${n.name}\` is not a valid GitHub job id`, n.origin, {
        help: ["use letters, digits, `_` and `-`, starting with a letter or `_`"],
      });
      continue;
    }
    const key = n.name.toLowerCase();
    const prev = seen.get(key);
    if (prev !== undefined) {
      ok = false;
      ctx.report("MLP5101", "error", `job id \`${n.name}\` clashes with \`${prev.name}\` on GitHub, which ignores case in job ids`, n.origin, {
        labels: [{ span: prev.origin, message: `\`${prev.name}\` is declared here` }],
        help: [`rename \`${n.name}\` so the two names differ by more than case`],
      });
    } else {
      seen.set(key, n);
    }
  }
  for (const s of p.steps) {
    const idents = [...s.inputs.map((i) => i.name), ...s.outputs.map((o) => o.name), ...s.metrics.map((m) => m.name)];
    for (const name of idents) {
      if (!IDENT.test(name)) {
        ok = false;
        ctx.report("MLP5101", "error", `\`${name}\` in step \`${s.name}\` is not an identifier GitHub can use as an output name`, s.origin, {
          help: ["use letters, digits and `_`, starting with a letter or `_`"],
        });
      }
    }
    for (const key of Object.keys(s.env)) {
      if (!SECRET_NAME.test(key) || key.startsWith("GITHUB_") || key.startsWith("MLP_") || key.startsWith("RUNNER_")) {
        ok = false;
        ctx.report("MLP5114", "error", `environment variable \`${key}\` of step \`${s.name}\` cannot be set on GitHub Actions`, s.origin, {
          notes: ["GitHub reserves `GITHUB_*` and `RUNNER_*`, and the generated workflow uses `MLP_*`"],
          help: ["rename the variable: letters, digits and `_`, starting with a letter, without those prefixes"],
        });
      } else if (s.secrets.includes(key)) {
        ok = false;
        ctx.report("MLP5114", "error", `environment variable \`${key}\` of step \`${s.name}\` has the name of one of its secrets`, s.origin, {
          help: ["rename the variable or the secret; the secret is exposed under its own name"],
        });
      }
    }
  }
  for (const param of p.params) {
    if (!IDENT.test(param.name)) {
      ok = false;
      ctx.report("MLP5101", "error", `param \`${param.name}\` is not a name GitHub accepts for a \`workflow_dispatch\` input`, param.origin, {
        help: ["use letters, digits and `_`, starting with a letter or `_`"],
      });
    }
  }
  for (const sec of p.secrets) {
    if (!SECRET_NAME.test(sec.name) || sec.name.toUpperCase().startsWith("GITHUB_")) {
      ok = false;
      ctx.report("MLP5113", "error", `\`${sec.name}\` cannot be a GitHub secret name`, sec.origin, {
        notes: ["GitHub secret names hold letters, digits and `_`, do not start with a digit, and do not start with `GITHUB_`"],
        help: [`rename the secret, e.g. \`${sec.name.replace(/^GITHUB_/i, "").replace(/[^A-Za-z0-9_]/g, "_") || "token"}\``],
      });
    }
  }
  for (const s of ctx.opts.storeSecrets) {
    if (s.toUpperCase().startsWith("GITHUB_")) {
      ok = false;
      const origin = p.targets["github"]?.origin ?? p.origin;
      ctx.report("MLP5113", "error", `\`${s}\` in \`store_secrets\` cannot be a GitHub secret name`, origin, {
        help: ["GitHub secret names may not start with `GITHUB_`"],
      });
    }
  }
  return ok;
}
