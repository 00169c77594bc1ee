// model.mjs — loads a model written by train.mjs and predicts with it.
import { readFileSync } from "node:fs";
import { RandomForestClassifier } from "ml-random-forest";
import { encodeOrThrow, fail, voteWithShare } from "./lib.mjs";

/** The model at `path`; exits with a message if it is not one train.mjs wrote. */
export function loadModel(path) {
  let model;
  try {
    model = readModel(path);
  } catch (e) {
    fail(e.message);
  }
  return {
    ...model,
    predict(rows, where) {
      try {
        return model.predict(rows, where);
      } catch (e) {
        fail(e.message);
      }
    },
  };
}

/** The model at `path`; throws if it is not one train.mjs wrote (the model server keeps running). */
export function readModel(path) {
  let saved;
  try {
    saved = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`${path}: not a model file (${e.message})`);
  }
  if (saved === null || saved.format !== "mlp-example/random-forest@1") throw new Error(`${path}: not a model written by train.mjs`);
  const forest = RandomForestClassifier.load(saved.forest);
  return {
    ...saved,
    /** Predicted class names and the share of trees that voted for each; throws on a bad row. */
    predict(rows, where) {
      const X = rows.map((r, i) => encodeOrThrow(saved.encoder, r, `${where}: row ${i + 1}`));
      return voteWithShare(forest, X).map((p) => ({ label: saved.classes[p.label], share: p.share }));
    },
  };
}
