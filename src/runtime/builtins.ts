/**
 * The executor's view of the `std.*` built-ins (`src/runtime/std/`): running a built-in step and
 * checking a table against its schema. The executor only talks to this interface, so tests can
 * pass a fake and the built-ins are loaded once, on first use.
 */
import type { IrSchema, IrType } from "../ir/ir.js";

/** Arguments of one built-in call: value inputs and input paths, output paths, the metrics file. */
export interface BuiltinArgs {
  readonly inputs: Record<string, string | number | boolean>;
  readonly outputs: Record<string, string>;
  readonly metricsPath: string;
  readonly schemas?: Record<string, IrSchema>;
  readonly inputTypes?: Record<string, IrType>;
}

/** Result of checking one table file against a schema. */
export interface TableCheck {
  readonly ok: boolean;
  readonly errors: string[];
  readonly rows: number;
}

/** What the executor needs from the built-ins. */
export interface Builtins {
  runBuiltin(name: string, args: BuiltinArgs): Promise<void>;
  validateTable(path: string, schema: IrSchema | undefined): Promise<TableCheck>;
}

let loaded: Promise<Builtins | undefined> | undefined;

/** Loads `src/runtime/std/index.js`; `undefined` when it is not built (then built-in steps fail). */
export function loadBuiltins(): Promise<Builtins | undefined> {
  loaded ??= (async () => {
    try {
      // A literal specifier, so the CLI bundle includes the built-ins (loaded on first use).
      const mod = (await import("./std/index.js")) as unknown as Partial<Builtins>;
      if (typeof mod.runBuiltin === "function" && typeof mod.validateTable === "function") {
        return { runBuiltin: mod.runBuiltin, validateTable: mod.validateTable };
      }
    } catch {
      /* not available */
    }
    return undefined;
  })();
  return loaded;
}
