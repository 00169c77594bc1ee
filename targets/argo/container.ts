/**
 * Builds the `container` of a template from a shell script and environment, applying the rule of
 * `safe-text.ts`: when the assembled script would contain `{{`, it is shipped base64-encoded in
 * `MLP_SCRIPT` and decoded by the container's own shell, so Argo never sees the user's text.
 * Every `$` of `args` and of literal `env` values is doubled, so the kubelet's `$(VAR)`
 * expansion leaves the text as written (see `kubeLiteral`).
 */
import { base64, decodeAndEval, hasArgoTag, kubeLiteral } from "./safe-text.js";

/** One `env` entry of a Kubernetes container. */
export type EnvVar =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } } };

/** Environment variable that carries an encoded script. */
export const SCRIPT_ENV = "MLP_SCRIPT";

/** What a container runs. `script` is POSIX shell; `env` values never contain user `{{`. */
export interface ContainerSpec {
  readonly image: string;
  readonly script: string;
  readonly env: readonly EnvVar[];
  readonly workingDir?: string;
  readonly resources?: Record<string, unknown>;
}

/** The Kubernetes container object for `spec`. */
export function buildContainer(spec: ContainerSpec): Record<string, unknown> {
  const encoded = hasArgoTag(spec.script);
  const env: EnvVar[] = spec.env.map((e) => ("value" in e ? { name: e.name, value: kubeLiteral(e.value) } : e));
  if (encoded) env.push({ name: SCRIPT_ENV, value: base64(spec.script) });
  return {
    image: spec.image,
    command: ["sh", "-c"],
    args: [kubeLiteral(encoded ? decodeAndEval(SCRIPT_ENV) : spec.script)],
    ...(spec.workingDir !== undefined ? { workingDir: spec.workingDir } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(spec.resources !== undefined ? { resources: spec.resources } : {}),
  };
}
