/**
 * The container images a workflow runs: `mlp_image` (for `std.*` jobs) and each step's `image`
 * (the job's `container`). Each must be an image reference Docker can pull, tag and digest
 * optional; a digest (`…@sha256:<64 hex>`) pins it (MLP5119).
 */
import type { IrPipeline } from "../../src/ir/ir.js";
import type { Span } from "../../src/source/span.js";
import { IMAGE_REFERENCE_HELP, isImageReference } from "../../src/target/image-reference.js";
import type { PipelineContext } from "./context.js";

/** Reports MLP5119 for every image of `pipeline` that is not a reference; true when all are. */
export function imagesValid(ctx: PipelineContext, pipeline: IrPipeline, mlpImage: string | undefined, optionsOrigin: Span): boolean {
  let ok = true;
  const bad = (what: string, image: string, origin: Span): void => {
    ok = false;
    ctx.report("MLP5119", "error", `${what} \`${image}\` is not a container image reference`, origin, {
      notes: ["an image reference is `[registry[:port]/]name[:tag][@digest]` with a lower-case name"],
      help: [IMAGE_REFERENCE_HELP],
    });
  };
  if (mlpImage !== undefined && pipeline.steps.some((s) => s.builtin !== undefined) && !isImageReference(mlpImage)) bad("`mlp_image`", mlpImage, optionsOrigin);
  for (const step of pipeline.steps) {
    if (step.builtin === undefined && step.image !== undefined && !isImageReference(step.image)) bad(`the image of step \`${step.name}\``, step.image, step.origin);
  }
  return ok;
}
