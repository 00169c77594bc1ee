/**
 * Names GitHub would refuse at run time, refused at compile time. The IR boundary
 * (`src/ir/validate.ts`) already guarantees every name is an mlp identifier, and an identifier is
 * always a valid job id, output name, `workflow_dispatch` input and secret name; what is left are
 * GitHub's own rules: job ids unique ignoring case (`needs.X` is case-insensitive), the
 * `GITHUB_` prefix it reserves for secrets, and the environment prefixes it and the generated
 * workflow use.
 */
import type { Origin } from "../../src/ir/ir.js";
import type { PipelineContext } from "./context.js";
import { nodeOrigin } from "../../src/ir/view.js";

/** Environment variable prefixes a step may not set: GitHub's, the runner's and the workflow's own. */
const RESERVED_ENV_PREFIXES = ["GITHUB_", "RUNNER_", "MLP_"] as const;

/** Reports MLP5101/5113/5114 problems; returns false if the pipeline cannot be emitted. */
export function checkNames(ctx: PipelineContext): boolean {
  const p = ctx.pipeline;
  let ok = true;
  const seen = new Map<string, { name: string; origin: Origin }>();
  for (const n of ctx.view.nodes) {
    const origin = nodeOrigin(n);
    const key = n.name.toLowerCase();
    const prev = seen.get(key);
    if (prev !== undefined) {
      ok = false;
      ctx.report("MLP5101", "error", `job id \`${n.name}\` clashes with \`${prev.name}\` on GitHub, which ignores case in job ids`, origin, {
        labels: [{ span: prev.origin, message: `\`${prev.name}\` is declared here` }],
        help: [`rename \`${n.name}\` so the two names differ by more than case`],
      });
    } else {
      seen.set(key, { name: n.name, origin });
    }
  }
  for (const sweep of ctx.view.sweeps) {
    // Each dimension is a matrix key, read as `matrix.<name>`, and GitHub's contexts ignore case.
    const dims = new Map<string, { name: string; origin: Origin }>();
    for (const d of sweep.over) {
      const prev = dims.get(d.name.toLowerCase());
      if (prev === undefined) {
        dims.set(d.name.toLowerCase(), d);
        continue;
      }
      ok = false;
      ctx.report("MLP5134", "error", `dimensions \`${prev.name}\` and \`${d.name}\` of sweep \`${sweep.name}\` differ only in case, and GitHub's matrix keys ignore case`, d.origin, {
        labels: [{ span: prev.origin, message: `\`${prev.name}\` is declared here` }],
        help: [`rename \`${d.name}\` so the two names differ by more than case`],
      });
    }
  }
  for (const s of p.steps) {
    for (const key of Object.keys(s.env)) {
      if (RESERVED_ENV_PREFIXES.some((prefix) => key.startsWith(prefix))) {
        ok = false;
        ctx.report("MLP5114", "error", `environment variable \`${key}\` of step \`${s.name}\` cannot be set on GitHub Actions`, s.origin, {
          notes: ["GitHub reserves `GITHUB_*` and `RUNNER_*`, and the generated workflow uses `MLP_*`"],
          help: ["rename the variable without those prefixes"],
        });
      } else if (s.secrets.includes(key)) {
        ok = false;
        ctx.report("MLP5114", "error", `environment variable \`${key}\` of step \`${s.name}\` has the name of one of its secrets`, s.origin, {
          help: ["rename the variable or the secret; the secret is exposed under its own name"],
        });
      }
    }
  }
  for (const sec of p.secrets) {
    if (sec.name.toUpperCase().startsWith("GITHUB_")) {
      ok = false;
      ctx.report("MLP5113", "error", `\`${sec.name}\` cannot be a GitHub secret name`, sec.origin, {
        notes: ["GitHub secret names do not start with `GITHUB_`"],
        help: [`rename the secret, e.g. \`${sec.name.replace(/^GITHUB_/i, "") || "token"}\``],
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
