/**
 * The size of one Kubernetes object. The API server stores every object in etcd, whose default
 * request limit is 1.5 MiB ("By default, the maximum size of any request is 1.5 MiB",
 * https://etcd.io/docs/latest/dev-guide/limit/; `--max-request-bytes`, 1,572,864 bytes). A larger
 * Workflow or WorkflowTemplate is refused when it is created (`etcdserver: request is too large`),
 * so the compiler refuses it first (MLP5230), naming the size. The object is measured as the JSON
 * that `kubectl create` / `argo submit` send, which is also how it is stored; the server adds
 * `metadata.managedFields` and, once running, `status`, so an object just under the limit may
 * still not fit: the figure is a floor.
 */
import type { Span } from "../../src/source/span.js";
import type { Reporter } from "./report.js";

/** etcd's default `--max-request-bytes`: 1.5 MiB. */
export const MAX_OBJECT_BYTES = 1_572_864;

/** `n` bytes in binary units, as etcd states its limit: `812 KiB`, `2.71 MiB`. */
export function mibText(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(2)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/** Reports MLP5230 when `object` is over the limit; true when it fits. */
export function checkObjectSize(kind: string, name: string, object: unknown, span: Span, reporter: Reporter): boolean {
  const bytes = Buffer.byteLength(JSON.stringify(object), "utf8");
  if (bytes <= MAX_OBJECT_BYTES) return true;
  reporter.error("MLP5230", `${kind} \`${name}\` would be ${mibText(bytes)}, over the 1.5 MiB a Kubernetes object may be`, span, {
    label: "this pipeline",
    notes: [
      `${bytes.toLocaleString("en-US")} bytes as JSON; etcd, where the API server stores objects, refuses requests over 1.5 MiB (${MAX_OBJECT_BYTES.toLocaleString("en-US")} bytes) by default`,
    ],
    help: ["split the pipeline into several pipelines (each is its own Workflow), or merge small steps into one"],
  });
  return false;
}
