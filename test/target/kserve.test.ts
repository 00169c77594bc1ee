/**
 * What KServe accepts, as the shared checks read it: storage URIs its storage initializer fetches
 * and model formats its built-in serving runtimes serve (src/target/kserve.ts cites the sources).
 */
import { describe, expect, it } from "vitest";
import { KSERVE_MODEL_FORMATS, kserveModelFormatProblem, kserveProblems, kserveStorageUriProblem } from "../../src/target/kserve.js";

describe("kserveStorageUriProblem", () => {
  it.each([
    "s3://ml-artifacts/churn/model.joblib",
    "s3://ml-artifacts",
    "gs://ml_artifacts.example/churn",
    "pvc://models-claim/churn/v1",
    "pvc://models-claim",
    "https://models.example.com/churn.tar.gz",
    "https://acct.blob.core.windows.net/models/churn",
    "hdfs://namenode:8020/models/churn",
    "webhdfs://namenode/models/churn",
    "hf://org/model",
    "oci://ghcr.io/org/churn-model:1.0",
  ])("accepts %s", (uri) => {
    expect(kserveStorageUriProblem(uri)).toBeUndefined();
  });

  it.each([
    ["/tmp/mlp-artifacts", /local path/],
    ["./models/churn", /local path/],
    ["models/churn", /no `scheme:\/\/`/],
    ["file:///tmp/model", /local file/],
    ["ftp://host/model", /does not fetch `ftp:\/\/`/],
    ["s3://b/p", /not a bucket name/],
    ["s3://Upper/p", /not a bucket name/],
    ["pvc://Bad_Claim/churn", /not a PersistentVolumeClaim name/],
    ["pvc://claim/../etc", /out of the claim/],
    ["https://models.example.com", /with a path/],
    ["oci://", /needs a location/],
    ["s3://bucket/with space", /white space/],
    ["", /empty/],
  ])("refuses %s", (uri, why) => {
    expect(kserveStorageUriProblem(uri)).toMatch(why);
  });
});

describe("kserveModelFormatProblem", () => {
  it("accepts every format a built-in ClusterServingRuntime serves", () => {
    for (const f of ["sklearn", "xgboost", "lightgbm", "tensorflow", "pytorch", "onnx", "triton", "tensorrt", "pmml", "paddle", "huggingface", "mlflow"]) {
      expect(kserveModelFormatProblem(f, undefined), f).toBeUndefined();
    }
    expect([...KSERVE_MODEL_FORMATS].sort()).toEqual(KSERVE_MODEL_FORMATS);
  });

  it("refuses a format no built-in runtime serves, unless a runtime is named", () => {
    expect(kserveModelFormatProblem("javascript", undefined)).toMatch(/no serving runtime KServe installs serves `javascript`/);
    expect(kserveModelFormatProblem("javascript", "my-node-runtime")).toBeUndefined();
    expect(kserveModelFormatProblem("Java Script", "my-node-runtime")).toMatch(/not a model format name/);
  });
});

describe("kserveProblems", () => {
  it("reports MLP5007 and MLP5006 with the option that set the URI and the target's help", () => {
    const found = kserveProblems("prod", "javascript", undefined, { uri: "/tmp/mlp-artifacts", option: "artifact_root", help: "set artifact_root" });
    expect(found.map((p) => p.code)).toEqual(["MLP5007", "MLP5006"]);
    expect(found[1]!.message).toBe("KServe cannot fetch the model of deploy `prod` from `artifact_root` `/tmp/mlp-artifacts`: it is a local path, which the predictor pod cannot read");
    expect(found[1]!.help[0]).toBe("set artifact_root");
    expect(kserveProblems("prod", "sklearn", undefined, { uri: "s3://ml-artifacts/x", option: "artifact_root", help: "" })).toEqual([]);
    expect(kserveProblems("prod", "sklearn", undefined, undefined)).toEqual([]);
  });
});
