/**
 * Container image references as the generated pods name them: `name[:tag][@sha256:<64 hex>]`.
 * A digest pins the exact image; a reference with a malformed digest or two digests would only
 * fail when the kubelet pulls it, so the target refuses it at compile time.
 */

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Why `ref` is not an image reference a pod can pull, or undefined when it is one. */
export function imageRefProblem(ref: string): string | undefined {
  if (ref === "" || /\s/.test(ref)) return "it is empty or contains spaces";
  const parts = ref.split("@");
  if (parts.length > 2) return "it names more than one digest (set either `…@sha256:…` or the `*_digest` option, not both)";
  if (parts[0] === "") return "it has no image name before `@`";
  if (parts.length === 2 && !DIGEST.test(parts[1] ?? "")) return "its digest is not `sha256:` followed by 64 lowercase hex digits";
  return undefined;
}
