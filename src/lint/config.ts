/**
 * The project configuration file `mlp.config.json`, found in the linted file's directory or
 * the nearest parent. Validated with ajv against `CONFIG_SCHEMA` (config-schema.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import type { RuleLevel } from "./rule.js";
import { CONFIG_SCHEMA } from "./config-schema.js";


export const CONFIG_FILE = "mlp.config.json";

export interface LintConfig {
  /** Levels by rule name or code. */
  readonly rules: Readonly<Record<string, RuleLevel>>;
  readonly maxWarnings?: number;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: LintConfig; readonly path?: string }
  | { readonly ok: false; readonly path: string; readonly errors: string[] };

let validate: ReturnType<InstanceType<typeof Ajv>["compile"]> | undefined;

/** Validates a parsed configuration object. */
export function parseConfig(value: unknown, path: string): ConfigResult {
  validate ??= new Ajv({ allErrors: true, strict: true }).compile(CONFIG_SCHEMA);
  if (!validate(value)) {
    const errors = (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
    return { ok: false, path, errors };
  }
  const v = value as { lint?: { rules?: Record<string, RuleLevel>; maxWarnings?: number } };
  return {
    ok: true,
    path,
    config: { rules: v.lint?.rules ?? {}, ...(v.lint?.maxWarnings !== undefined ? { maxWarnings: v.lint.maxWarnings } : {}) },
  };
}

/** Finds and loads `mlp.config.json` from `startDir` upward; an empty config when there is none. */
export function loadConfig(startDir: string): ConfigResult {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(candidate, "utf8"));
      } catch (e) {
        return { ok: false, path: candidate, errors: [`not valid JSON: ${(e as Error).message}`] };
      }
      return parseConfig(parsed, candidate);
    }
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, ".git"))) return { ok: true, config: { rules: {} } };
    dir = parent;
  }
}
