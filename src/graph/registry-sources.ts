/**
 * The registry records a pipeline reads (`deployed(ENV[, from: PIPELINE])`) as source nodes of
 * its drawing: one per environment and recording pipeline, made when first read, so that a
 * second pipeline taking what a first one shipped shows the dependency (`production (from flow)`).
 */
import type { GraphNode } from "./model.js";

export class RegistrySources {
  private readonly byKey = new Map<string, GraphNode>();

  /** `pipeline`: the pipeline being drawn, whose own records a `deployed(ENV)` without `from` reads. */
  constructor(private readonly pipeline: string) {}

  /** The id of the node of `env` as recorded by `from` (this pipeline when omitted). */
  id(env: string, from: string | undefined): string {
    const recorder = from ?? this.pipeline;
    const key = `${recorder}\u0000${env}`;
    let node = this.byKey.get(key);
    if (node === undefined) {
      // Numbered in order of first read: names joined with `_` could collide (`a_b`+`c`, `a`+`b_c`).
      node = { id: `registry_${this.byKey.size}`, kind: "registry", name: `${env} (from ${recorder})`, detail: "deployed model" };
      this.byKey.set(key, node);
    }
    return node.id;
  }

  /** Whether `from` names another pipeline than the one drawn. */
  isOtherPipeline(from: string | undefined): boolean {
    return from !== undefined && from !== this.pipeline;
  }

  /** The nodes, in order of first read. */
  get nodes(): readonly GraphNode[] {
    return [...this.byKey.values()];
  }
}
