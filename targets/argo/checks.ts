/**
 * Value checks the Argo target runs before placing a `.mlp` or option value into a document:
 * container image references, resource quantities, artifact-store URIs, extended resource names.
 */

// Image references are shared with the other targets.
export { isImageReference } from "../../src/target/image-reference.js";

/** True when `q` is a Kubernetes resource quantity (`4Gi`, `500m`, `1.5`, `2e3`). */
export function isQuantity(q: string): boolean {
  return /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.test(q);
}

/** True when `name` is a qualified extended-resource name such as `nvidia.com/gpu`. */
export function isExtendedResourceName(name: string): boolean {
  return /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name) && name.length <= 253;
}

/** The parts of an `s3://bucket/prefix` or `gs://bucket/prefix` URI, or undefined. */
export function parseStoreUri(uri: string): { scheme: "s3" | "gs"; bucket: string; prefix: string } | undefined {
  const m = /^(s3|gs):\/\/([a-z0-9][-a-z0-9._]{1,61}[a-z0-9])(\/[-A-Za-z0-9._~/]*)?$/.exec(uri);
  if (m === null) return undefined;
  const prefix = (m[3] ?? "").split("/").filter((s) => s.length > 0).join("/");
  return { scheme: m[1] as "s3" | "gs", bucket: m[2]!, prefix };
}

/** True when `p` is an absolute POSIX path made of ordinary characters. */
export function isPlainAbsolutePath(p: string): boolean {
  return /^\/[-A-Za-z0-9._~/]*$/.test(p) && !p.split("/").includes("..");
}

/** Joins POSIX path segments, dropping `.` segments and empty parts. */
export function posixJoin(...parts: string[]): string {
  const abs = parts[0]?.startsWith("/") ?? false;
  const segs: string[] = [];
  for (const part of parts) for (const s of part.split("/")) if (s !== "" && s !== ".") segs.push(s);
  return (abs ? "/" : "") + segs.join("/");
}
