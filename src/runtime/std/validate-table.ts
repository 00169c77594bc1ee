/**
 * The run-time type check of a `Table<Schema>` artifact: the executor calls it on declared table
 * inputs and outputs so that types hold at run time, not only in the checker.
 */
import type { IrSchema } from "../../ir/ir.js";
import { BuiltinError } from "./builtin-error.js";
import { profileTable } from "./table-profile.js";

/** Errors listed before the rest are summarised as "… and N more". */
const MAX_LISTED = 50;

/**
 * Checks that the CSV (or JSON-lines) file at `path` is well-formed and, given a schema, has each
 * of the schema's columns with every non-empty value parsing as the column's type. Streams the
 * file (bounded memory). Never throws on bad data: problems come back in `errors`, each naming the
 * file, line, row and column.
 */
export async function validateTable(
  path: string,
  schema: IrSchema | undefined,
): Promise<{ ok: boolean; errors: string[]; rows: number }> {
  try {
    const profile = await profileTable(path, schema, MAX_LISTED);
    const errors = [...profile.errors];
    if (profile.errorCount > errors.length) errors.push(`${path}: … and ${profile.errorCount - errors.length} more`);
    return { ok: profile.errorCount === 0, errors, rows: profile.rows };
  } catch (e) {
    if (e instanceof BuiltinError) return { ok: false, errors: [e.message], rows: 0 };
    throw e;
  }
}
