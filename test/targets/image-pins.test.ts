/**
 * Every image a generated Argo Workflow or GitHub workflow runs can be pinned by digest
 * (`NAME[:TAG]@sha256:<64 hex>`): the reference reaches the file unchanged and the file still
 * passes the Argo schema / actionlint. A malformed digest is refused at compile time. The default
 * kubectl image is the Kubernetes project's own (Bitnami withdrew its versioned tags in 2025).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileToIr } from "../../src/compile.js";
import { memoryHost, nodeHost } from "../../src/source/host.js";
import { DEFAULT_KUBECTL_IMAGE } from "../../targets/argo/options.js";
import { actionlint } from "./github-actions/validate.js";
import { emitIr as emitGithub } from "./github-actions/helpers.js";
import { checkFile, runArgo } from "./argo/helpers.js";

const DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
const PENGUINS = compileToIr(join("examples", "penguins", "train.mlp"), nodeHost).ir!;

/** Every `image:` of every container template in `out`. */
function argoImages(out: ReturnType<typeof runArgo>): string[] {
  const docs = out.files.flatMap((f) => checkFile(f));
  const templates = docs.flatMap((d) => (d.spec as { templates?: { container?: { image: string } }[] }).templates ?? []);
  return [...new Set(templates.flatMap((t) => (t.container ? [t.container.image] : [])))].sort();
}

describe("Argo: image pins", () => {
  it("looks `deployed(env)` up with registry.k8s.io/kubectl by default", () => {
    expect(DEFAULT_KUBECTL_IMAGE).toBe("registry.k8s.io/kubectl:v1.34.2");
    const out = runArgo(PENGUINS);
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(argoImages(out)).toContain("registry.k8s.io/kubectl:v1.34.2");
  });

  it("runs mlp_image, default_image and kubectl_image pinned by digest, as written", () => {
    const pins = {
      mlp_image: `ghcr.io/mlp-lang/mlp:0.1.0@${DIGEST}`,
      default_image: `node@${DIGEST}`,
      kubectl_image: `registry.k8s.io/kubectl:v1.34.2@${DIGEST}`,
    };
    const out = runArgo(PENGUINS, pins);
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const images = argoImages(out);
    for (const image of Object.values(pins)) expect(images).toContain(image);
    // The steps that name their own image keep it.
    expect(images).toContain("node:20-bookworm-slim");
  });

  it("refuses a digest of the wrong length (MLP5206) and names the option", () => {
    const out = runArgo(PENGUINS, { kubectl_image: `registry.k8s.io/kubectl@sha256:${"0".repeat(63)}` });
    const found = out.diagnostics.filter((d) => d.code === "MLP5206");
    expect(found.map((d) => d.message)).toEqual([`option \`kubectl_image\` of \`target argo\` is \`registry.k8s.io/kubectl@sha256:${"0".repeat(63)}\`, not a valid container image reference`]);
    expect(found[0]!.help.join(" ")).toContain("@sha256:");
  });
});

describe("GitHub Actions: image pins", () => {
  const source = (image: string): string => `pipeline churn {
  dataset raw: Table = "data/raw.csv"
  step profile = std.profile(data: raw)
  step train {
    image "${image}"
    inputs { data: raw }
    run "python train.py \${data}"
  }
}
`;
  const compile = (image: string) => compileToIr("churn.mlp", memoryHost({ "churn.mlp": source(image) })).ir!;

  it("runs mlp_image and a step image pinned by digest as the jobs' containers, and passes actionlint", async () => {
    const mlpImage = `ghcr.io/mlp-lang/mlp:0.1.0@${DIGEST}`;
    const stepImage = `python:3.12-slim@${DIGEST}`;
    const out = emitGithub(compile(stepImage), { mlp_image: mlpImage });
    expect(out.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const wf = out.files.find((f) => f.path.endsWith(".yml"))!;
    expect(wf.contents).toContain(`image: ${mlpImage}\n`);
    expect(wf.contents).toContain(`image: ${stepImage}\n`);
    expect(await actionlint(wf.contents, wf.path)).toEqual([]);
  });

  it("refuses an image that is not a reference (MLP5119), from a step or from mlp_image", () => {
    const badStep = emitGithub(compile("Python 3.12"), {});
    expect(badStep.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.message])).toEqual([
      ["MLP5119", "the image of step `train` `Python 3.12` is not a container image reference"],
    ]);
    expect(badStep.files).toEqual([]);
    const badMlp = emitGithub(compile("python:3.12-slim"), { mlp_image: `ghcr.io/mlp-lang/mlp@sha256:${"0".repeat(10)}` });
    expect(badMlp.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["MLP5119"]);
  });
});
