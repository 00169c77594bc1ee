import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IrDocument } from "../../src/ir/ir.js";
import type { ValidIr } from "../../src/ir/validate.js";
import { readValidIr, validIr } from "../helpers/valid-ir.js";
import { emitWithTarget } from "../helpers/emit-with-target.js";
import { irTarget } from "../../src/target/ir-target.js";
import { looksLikePath, resolveTarget } from "../../src/target/registry.js";
import { unsafePathReason } from "../../src/target/safe-path.js";
import type { Target } from "../../src/target/target.js";
import { checkTargetBlocks } from "../../src/target/validate-options.js";
import { targetShapeProblems } from "../../src/target/validate-target-shape.js";
import { BUILTIN_TARGETS } from "../../targets/index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const churn = readValidIr(join(ROOT, "test", "fixtures", "ir", "churn.ir.json"));
const CAPS = { schedule: true, dataTriggers: true, pushTriggers: true, approval: true, gpu: true, retries: true, timeouts: true };

function fake(name: string, emit: Target["emit"], optionsSchema: Record<string, unknown> = { type: "object" }): Target {
  return { name, description: name, optionsSchema, capabilities: CAPS, emit };
}
const codes = (ds: readonly { code: string }[]): string[] => ds.map((d) => d.code);
const withOptions = (name: string, options: Record<string, unknown>): ValidIr =>
  validIr({
    ...churn,
    pipelines: churn.pipelines.map((p) => ({ ...p, targets: { ...p.targets, [name]: { options: options as never, origin: p.origin } } })),
  });

describe("built-in list", () => {
  test("has the three backends and the ir pseudo-target, sorted, each a valid Target", () => {
    expect(BUILTIN_TARGETS.map((t) => t.name)).toEqual(["airflow", "argo", "github", "ir"]);
    for (const t of BUILTIN_TARGETS) expect(targetShapeProblems(t), t.name).toEqual([]);
  });

  test("a target's precompiled options schema, when given, must be `{ schema, build }`", () => {
    const base = BUILTIN_TARGETS[0]!;
    for (const bad of [null, 5, {}, { schema: base.optionsSchema }, { build: () => () => true }, { schema: base.optionsSchema, build: "no" }])
      expect(targetShapeProblems({ ...base, precompiledOptions: bad }), JSON.stringify(bad)).toEqual([
        "`precompiledOptions`, when given, must be `{ schema, build }`: the schema object it was compiled from and a function returning the validator",
      ]);
    const { precompiledOptions: _, ...without } = base;
    expect(targetShapeProblems(without)).toEqual([]);
  });
});

describe("resolveTarget", () => {
  const opts = { builtins: BUILTIN_TARGETS, cwd: ROOT };
  test("a built-in by name", async () => {
    const r = await resolveTarget("argo", opts);
    expect(r.ok && r.resolved.target.name).toBe("argo");
  });
  test("a path, relative to cwd", async () => {
    const r = await resolveTarget("./test/fixtures/plugins/demo/index.js", opts);
    expect(r.ok && r.resolved.target.name).toBe("demo");
    expect(r.ok && r.resolved.origin.kind).toBe("path");
  });
  test("an unknown name: MLP5003 with a suggestion", async () => {
    const r = await resolveTarget("githib", opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(codes(r.diagnostics)).toEqual(["MLP5003"]);
    expect(r.diagnostics[0]!.help[0]).toBe("did you mean `github`?");
  });
  test("which specs are paths", () => {
    for (const p of ["./x.js", "../x.mjs", "/abs/x", "x.js", "dir/x", "C:\\x.js"]) expect(looksLikePath(p), p).toBe(true);
    for (const n of ["github", "demo", "mlp-target-demo", "@acme/mlp-target-x"]) expect(looksLikePath(n), n).toBe(false);
  });
});

describe("emitted paths must stay inside --out", () => {
  test.each([
    ["a.yml", undefined],
    ["dir/sub/a.yml", undefined],
    ["", "empty"],
    ["/etc/passwd", "absolute"],
    ["../x", "`..`"],
    ["a/../../x", "`..`"],
    ["a\\b", "backslash"],
    ["C:x", "drive letter"],
    ["a//b", "empty or `.` segment"],
    ["./a", "empty or `.` segment"],
    ["a\0b", "NUL"],
  ])("%j", (path, why) => {
    const r = unsafePathReason(path);
    if (why === undefined) expect(r).toBeUndefined();
    else expect(r).toContain(why);
  });
});

describe("emitWithTarget", () => {
  const opts = { knownTargets: BUILTIN_TARGETS.map((t) => t.name), mlpVersion: "9.9.9" };

  test("the ir target returns the IR as <entry>.ir.json", () => {
    const r = emitWithTarget(churn, irTarget, opts);
    expect(r.diagnostics).toEqual([]);
    expect(r.files.map((f) => f.path)).toEqual(["churn.ir.json"]);
    expect(JSON.parse(r.files[0]!.contents)).toEqual(churn);
  });

  test("the ir file's streamed bytes are its contents, which is JSON.stringify(ir, null, 2) and a newline", () => {
    const f = emitWithTarget(churn, irTarget, opts).files[0]!;
    const pieces: Buffer[] = [];
    f.stream!((bytes, length) => pieces.push(Buffer.from(bytes.subarray(0, length))));
    expect(Buffer.concat(pieces).toString("utf8")).toBe(`${JSON.stringify(churn, null, 2)}\n`);
    expect(f.contents).toBe(`${JSON.stringify(churn, null, 2)}\n`);
  });

  test("a file with a stream is accepted without reading its contents; a stream that is not a function is malformed", () => {
    let read = 0;
    const lazy = fake("lazy", () => ({
      files: [{ path: "a.txt", get contents() { read++; return "x"; }, stream: (sink: (b: Uint8Array, n: number) => void) => sink(new Uint8Array([120]), 1) }],
      diagnostics: [],
    }));
    expect(emitWithTarget(churn, lazy, opts).diagnostics).toEqual([]);
    expect(read).toBe(0);
    const bad = fake("bad-stream", () => ({ files: [{ path: "a.txt", contents: "x", stream: 1 }], diagnostics: [] }) as never);
    expect(codes(emitWithTarget(churn, bad, opts).diagnostics)).toEqual(["MLP5405"]);
  });

  test("passes validated options and the version through the context", () => {
    let seen: unknown[] = [];
    const t = fake("opt", (ir, ctx) => {
      seen = ir.pipelines.map((p) => [ctx.optionsFor(p), ctx.mlpVersion]);
      return { files: [], diagnostics: [] };
    });
    emitWithTarget(withOptions("opt", { a: 1 }), t, opts);
    expect(seen).toEqual([[{ a: 1 }, "9.9.9"]]);
  });

  test("options errors (all of them) stop emit: unknown, wrong type, enum, required", () => {
    let called = false;
    const schema = {
      type: "object",
      additionalProperties: false,
      required: ["namespace"],
      properties: { namespace: { type: "string" }, mode: { enum: ["a", "b"] }, retries: { type: "integer" } },
    };
    const t = fake("k8s", () => ((called = true), { files: [], diagnostics: [] }), schema);
    const r = emitWithTarget(withOptions("k8s", { namepsace: "x", mode: "c", retries: "2" }), t, opts);
    expect(called).toBe(false);
    const messages = r.diagnostics.map((d) => `${d.code} ${d.message}`).sort();
    expect(messages).toEqual([
      "MLP5001 option `mode` of target `k8s` must be one of `\"a\"`, `\"b\"`",
      "MLP5001 option `retries` of target `k8s` must be of type integer",
      "MLP5001 target `k8s` requires option `namespace`",
      "MLP5001 unknown option `namepsace` for target `k8s`",
    ]);
    const unknown = r.diagnostics.find((d) => d.message.startsWith("unknown option"))!;
    expect(unknown.help[0]).toBe("did you mean `namespace`?");
    expect(unknown.span).toEqual(churn.pipelines[0]!.origin);
  });

  test("a target with an invalid options schema: MLP5404", () => {
    const t = fake("broken", () => ({ files: [], diagnostics: [] }), { type: "no-such-type" });
    expect(codes(emitWithTarget(churn, t, opts).diagnostics)).toEqual(["MLP5404"]);
  });

  test("unknown `target` blocks warn (MLP5002) but still emit", () => {
    const r = emitWithTarget(withOptions("gihtub", {}), irTarget, opts);
    expect(codes(r.diagnostics)).toEqual(["MLP5002"]);
    expect(r.diagnostics[0]!.severity).toBe("warning");
    expect(r.diagnostics[0]!.help[0]).toBe("did you mean `github`?");
    expect(r.files).toHaveLength(1);
  });

  test("a throwing emit: MLP5403 without the stack", () => {
    const r = emitWithTarget(churn, fake("boom", () => { throw new Error("kaput\n    at somewhere (x.js:1:1)"); }), opts);
    expect(codes(r.diagnostics)).toEqual(["MLP5403"]);
    expect(r.diagnostics[0]!.message).toBe("target `boom` failed while emitting: kaput");
  });

  test("an output over V8's string limit: MLP9115 naming the input file, not a bug in the target (issue #13)", () => {
    // What `JSON.stringify` throws past 2^29 - 24 characters (the IR of 1M steps did).
    const r = emitWithTarget(churn, fake("big", () => { throw new RangeError("Invalid string length"); }), opts);
    expect(codes(r.diagnostics)).toEqual(["MLP9115"]);
    expect(r.diagnostics[0]!.message).toBe(`\`${churn.source}\` compiles to more than 512 MB of \`big\` output, more than mlp can build as one text`);
    expect(r.diagnostics[0]!.notes[0]).toMatch(/^it has \d+ steps? in 1 pipeline;/);
    expect(r.files).toEqual([]);
    // any other RangeError is still the target's bug
    const other = emitWithTarget(churn, fake("oops", () => { throw new RangeError("Maximum call stack size exceeded"); }), opts);
    expect(codes(other.diagnostics)).toEqual(["MLP5403"]);
  });

  test("a malformed result: MLP5405 naming what is wrong", () => {
    const bad = fake("bad", () => ({ files: [{ path: 1 }], diagnostics: [{ code: "E1" }] }) as never);
    const r = emitWithTarget(churn, bad, opts);
    expect(codes(r.diagnostics)).toEqual(["MLP5405"]);
    expect(r.diagnostics[0]!.notes).toEqual([
      "`files[0]` must be `{ path: string, contents: string }`",
      "`diagnostics[0]` is not a diagnostic (code `MLPnnnn`, severity, message, span, labels, notes, help)",
    ]);
    expect(codes(emitWithTarget(churn, fake("nul", () => null as never), opts).diagnostics)).toEqual(["MLP5405"]);
  });

  test("unsafe and duplicate paths: MLP5004 and MLP5005, no files returned", () => {
    const t = fake("dup", () => ({
      files: [
        { path: "a.txt", contents: "" },
        { path: "a.txt", contents: "" },
        { path: "/tmp/x", contents: "" },
      ],
      diagnostics: [],
    }));
    const r = emitWithTarget(churn, t, opts);
    expect(codes(r.diagnostics).sort()).toEqual(["MLP5004", "MLP5005"]);
    expect(r.files).toEqual([]);
  });
});

describe("checkTargetBlocks (mlp check)", () => {
  test("validates blocks of built-in targets it finds and warns on unknown names", () => {
    const base = withOptions("ir", { x: 1 });
    const ir: IrDocument = { ...base, pipelines: base.pipelines.map((p) => ({ ...p, targets: { ...p.targets, nosuch: { options: {}, origin: p.origin } } })) };
    const ds = checkTargetBlocks(ir, [irTarget], ["airflow", "argo", "github", "ir"]);
    expect(codes(ds).sort()).toEqual(["MLP5001", "MLP5002"]);
  });
});
