/**
 * Container image references as Kubernetes and Docker read them, shared by the targets that put
 * an image in a generated file: `[host[:port]/]path[:tag][@digest]`, after the grammar of
 * github.com/distribution/reference (regexp.go; IPv6 hosts left out). A digest pins the image:
 * `ghcr.io/mlp-lang/mlp@sha256:<64 hex>`, with or without a tag before it.
 */

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const IMAGE_REFERENCE = new RegExp(`^${NAME}(?::${TAG})?(?:@(${DIGEST}))?$`);

/** Hex length of the digest algorithms the OCI image spec registers (opencontainers/go-digest). */
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha512: 128 };

/** True when `image` is a valid container image reference, tag and digest optional. */
export function isImageReference(image: string): boolean {
  if (image.length > 512) return false;
  const m = IMAGE_REFERENCE.exec(image);
  if (m === null) return false;
  const digest = m[1];
  if (digest === undefined) return true;
  const [algorithm = "", hex = ""] = digest.split(":");
  const length = DIGEST_HEX_LENGTH[algorithm];
  return length === undefined || hex.length === length;
}

/** The help line for an image that is not a reference. */
export const IMAGE_REFERENCE_HELP = "write it like `python:3.12-slim` or `ghcr.io/org/tool:1.2`, or pin it by digest: `ghcr.io/org/tool:1.2@sha256:<64 hex digits>`";
