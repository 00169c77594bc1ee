/**
 * `to KIND { … }` checked against the deploy-kind definition (src/check/rules/valid-deploy-targets.ts):
 * exact code, span and message of each finding, and what lowering makes of older spellings.
 */
import { describe, expect, it } from "vitest";
import { compile, only, summary } from "./helpers.js";

/** A pipeline whose one deploy ships `train.model` with `to`. */
const deploying = (to: string): string =>
  `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy staging {\n    model train.model\n    ${to}\n  }\n}\n`;

describe("deploy kinds", () => {
  it("`to kserv` is MLP2014 at the kind, with did you mean `kserve`", () => {
    const d = only(deploying(`to kserv { name: "churn" }`));
    expect(summary([d])).toEqual(["MLP2014 main.mlp 8:8+5"]);
    expect(d.severity).toBe("error");
    expect(d.message).toBe("unknown deploy kind `kserv`");
    expect(d.notes).toEqual(["the deploy kinds are `command`, `kserve`, `local`"]);
    expect(d.help).toEqual(["did you mean `kserve`?"]);
  });

  it("a kind nothing is close to gets no suggestion, and its options are not checked", () => {
    const d = only(deploying(`to sagemaker { endpoint: 3 }`));
    expect(d.code).toBe("MLP2014");
    expect(d.help).toEqual([]);
  });

  it("every kind and shape the definition allows compiles without a finding", () => {
    for (const to of [
      "to local",
      `to command "./ship.sh"`,
      `to command { command: "./ship.sh", image: "alpine:3.20" }`,
      `to kserve { name: "churn", namespace: "ml", model_format: "onnx", model_format_version: "1", runtime: "rt", protocol_version: "v2", service_account: "sa", storage_uri: "s3://b/m", min_replicas: 0, max_replicas: 3 }`,
    ]) {
      expect(summary(compile(deploying(to)).diagnostics), to).toEqual([]);
    }
  });
});

describe("deploy options", () => {
  it("an unknown option is MLP2015 at its key, with did you mean", () => {
    const d = only(deploying(`to kserve { name: "churn", min_replica: 2 }`));
    expect(summary([d])).toEqual(["MLP2015 main.mlp 8:32+11"]);
    expect(d.message).toBe("`to kserve` has no option `min_replica`");
    expect(d.help).toEqual(["did you mean `min_replicas`?"]);
    expect(d.notes[0]).toMatch(/^the options of `to kserve` are `name`, `namespace`, `model_format`, /);
  });

  it("`to local` takes no options", () => {
    const d = only(deploying(`to local { path: "/srv" }`));
    expect(d.code).toBe("MLP2015");
    expect(d.notes).toEqual(["`to local` takes no options"]);
  });

  it("a missing required option is MLP3014 at the kind", () => {
    const d = only(deploying(`to kserve { namespace: "ml" }`));
    expect(summary([d])).toEqual(["MLP3014 main.mlp 8:8+6"]);
    expect(d.message).toBe("`to kserve` needs the option `name`");
    expect(d.help).toEqual(['add `name: "…"` to `to kserve { … }`']);
    expect(only(deploying(`to command { image: "alpine:3.20" }`)).message).toBe("`to command` needs the option `command`");
  });

  it("a value of the wrong type is MLP3015 at the value", () => {
    const d = only(deploying(`to kserve { name: "churn", min_replicas: "2" }`));
    expect(summary([d])).toEqual(["MLP3015 main.mlp 8:46+3"]);
    expect(d.message).toBe("the option `min_replicas` of `to kserve` takes an `int`, found `string`");
    expect(d.help).toEqual(["write `min_replicas: 0`"]);
    expect(only(deploying(`to kserve { name: 7 }`)).message).toBe("the option `name` of `to kserve` takes a `string`, found `int`");
    expect(only(deploying(`to kserve { name: "churn", max_replicas: 1.5 }`)).message).toBe("the option `max_replicas` of `to kserve` takes an `int`, found `float`");
  });

  it("a value below the minimum is MLP3008", () => {
    const d = only(deploying(`to kserve { name: "churn", min_replicas: -1 }`));
    expect(d.code).toBe("MLP3008");
    expect(d.message).toBe("the option `min_replicas` of `to kserve` must be 0 or more");
  });

  it("an older spelling warns (MLP2016, did you mean the new name) and lowers to the new name", () => {
    const r = compile(deploying(`to kserve { name: "churn", format: "onnx" }`));
    expect(summary(r.diagnostics)).toEqual(["MLP2016 main.mlp 8:32+6"]);
    expect(r.diagnostics[0]!.severity).toBe("warning");
    expect(r.diagnostics[0]!.message).toBe("`format` is the older spelling of the option `model_format` of `to kserve`");
    expect(r.diagnostics[0]!.help).toEqual(["did you mean `model_format`?"]);
    expect(r.ir!.pipelines[0]!.deploys[0]!.to).toEqual({ kind: "kserve", options: { name: "churn", model_format: "onnx" } });
    const run = compile(deploying(`to command { run: "./ship.sh" }`));
    expect(run.diagnostics.map((d) => d.code)).toEqual(["MLP2016"]);
    expect(run.ir!.pipelines[0]!.deploys[0]!.to).toEqual({ kind: "command", options: { command: "./ship.sh" } });
  });

  it("an older spelling next to the new name is a duplicate (MLP2011)", () => {
    const d = only(deploying(`to kserve { name: "churn", model_format: "onnx", format: "onnx" }`));
    expect(d.code).toBe("MLP2011");
    expect(d.message).toBe("duplicate option `model_format`: `format` is its older spelling");
  });

  it("a value under an older spelling is checked as the option it stands for", () => {
    const ds = compile(deploying(`to command { run: 3 }`)).diagnostics;
    expect(ds.map((d) => d.code)).toEqual(["MLP2016", "MLP3015"]);
    expect(ds[1]!.message).toBe("the option `command` of `to command` takes a `string`, found `int`");
  });
});
