// model.mjs — loads a model written by train.mjs and predicts with it.
import { readFileSync } from "node:fs";
import { RandomForestClassifier } from "ml-random-forest";
import { encode, fail, voteWithShare } from "./lib.mjs";

export function loadModel(path) {
  let saved;
  try {
    saved = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    fail(`${path}: not a model file (${e.message})`);
  }
  if (saved.format !== "mlp-example/random-forest@1") fail(`${path}: not a model written by train.mjs`);
  const forest = RandomForestClassifier.load(saved.forest);
  return {
    ...saved,
    /** Predicted class names and the share of trees that voted for each. */
    predict(rows, where) {
      const X = rows.map((r, i) => encode(saved.encoder, r, `${where}: row ${i + 1}`));
      return voteWithShare(forest, X).map((p) => ({ label: saved.classes[p.label], share: p.share }));
    },
  };
}
