/**
 * Lowering of `to KIND { … }`: options written with an older spelling (`format`, `run`) get the
 * name the deploy-kind definition gives them, so targets and the runtime read one name only.
 */
import { isDeployKind, optionForAlias } from "../deploy/kinds.js";
import type { IrDeployTo, IrValue } from "./ir.js";

/** `written` as `mlp check` let it through (rule `valid-deploy-targets`): a known kind with its options. */
export function lowerDeployTo(kind: string, written: Readonly<Record<string, IrValue>>): IrDeployTo {
  const options: Record<string, IrValue> = {};
  for (const [key, value] of Object.entries(written)) options[(isDeployKind(kind) ? optionForAlias(kind, key) : undefined) ?? key] = value;
  return { kind, options } as IrDeployTo;
}
