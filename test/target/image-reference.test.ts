/** Image references as Docker and Kubernetes read them, pinned by digest or not. */
import { describe, expect, it } from "vitest";
import { isImageReference } from "../../src/target/image-reference.js";

const SHA = "a".repeat(64);

describe("isImageReference", () => {
  it.each([
    "python:3.12-slim",
    "registry.k8s.io/kubectl:v1.34.2",
    `registry.k8s.io/kubectl:v1.34.2@sha256:${SHA}`,
    `ghcr.io/mlp-lang/mlp@sha256:${SHA}`,
    `localhost:5000/team/tool@sha512:${"b".repeat(128)}`,
    "alpine",
  ])("accepts %s", (image) => {
    expect(isImageReference(image)).toBe(true);
  });

  it.each([
    "Python:3.12",
    "python 3.12",
    `ghcr.io/mlp-lang/mlp@sha256:${"a".repeat(63)}`,
    `ghcr.io/mlp-lang/mlp@sha256:${"a".repeat(65)}`,
    "ghcr.io/mlp-lang/mlp@sha256:",
    "ghcr.io/mlp-lang/mlp:",
    "",
  ])("refuses %s", (image) => {
    expect(isImageReference(image)).toBe(false);
  });
});
