// install.mjs — the production deploy: checks that the model loads and predicts, then installs
// it where serve.mjs serves it from. It never starts a server itself, so `mlp run` ends.
// Run by mlp as a `to command` deploy, with the model in $MLP_MODEL and the environment's name in
// $MLP_ENVIRONMENT. The serving directory is $PENGUINS_SERVING_DIR, or `.serving` in this folder.
//   node steps/install.mjs
import { copyFileSync, mkdirSync, renameSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fail } from "./lib.mjs";
import { loadModel } from "./model.mjs";

const modelPath = process.env.MLP_MODEL;
const env = process.env.MLP_ENVIRONMENT;
if (!modelPath) fail("MLP_MODEL is not set: run this as a `to command` deploy");
if (!env || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(env)) fail(`MLP_ENVIRONMENT \`${env ?? ""}\` is not an environment name`);

// A model that cannot predict one ordinary penguin must not replace the one being served.
const model = loadModel(modelPath);
const probe = { island: "Biscoe", bill_length_mm: "45", bill_depth_mm: "15", flipper_length_mm: "215", body_mass_g: "5000", sex: "male" };
const [first] = model.predict([probe], "smoke test");
if (!model.classes.includes(first.label)) fail(`smoke test: the model predicted an unknown class \`${first.label}\``);

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = resolve(process.env.PENGUINS_SERVING_DIR || join(here, ".serving"));
mkdirSync(dir, { recursive: true });
const target = join(dir, `${env}.json`);
const tmp = `${target}.${process.pid}.tmp`;
copyFileSync(modelPath, tmp);
renameSync(tmp, target); // atomic: a running server reads the old model or the new one, never half
console.log(`installed the ${env} model at ${target}`);
console.log(`serve it with: node ${join(here, "serve.mjs")} --dir ${dir}  (then POST /v1/models/${env}:predict)`);
