/**
 * The whole diagnostic catalogue a user can meet: the compiler's own codes
 * (`src/diagnostics/codes.ts`) plus the MLP5xxx codes each built-in target declares
 * (`Target.codes`). `mlp explain` and `npm run gen:docs` read this one list.
 */
import { allCodes, type CodeInfo } from "../diagnostics/codes.js";
import { BUILTIN_TARGETS } from "../../targets/index.js";

let cached: readonly CodeInfo[] | undefined;

export function catalogue(): readonly CodeInfo[] {
  cached ??= [...allCodes(), ...BUILTIN_TARGETS.flatMap((t) => t.codes ?? [])].sort((a, b) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
  );
  return cached;
}

export function catalogueEntry(code: string): CodeInfo | undefined {
  return catalogue().find((c) => c.code === code);
}
