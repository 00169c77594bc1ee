/**
 * grammar/mlp.tmLanguage.json, tokenized with the engine VS Code uses (vscode-textmate +
 * vscode-oniguruma): concrete scopes for concrete tokens, and every fixture and example file
 * highlighted without an `invalid` scope.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("../../", import.meta.url));
const grammarPath = join(root, "grammar/mlp.tmLanguage.json");

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

let grammar: textmate.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === "source.mlp" ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null,
  });
  const loaded = await registry.loadGrammar("source.mlp");
  if (loaded === null) throw new Error("grammar did not load");
  grammar = loaded;
});

/** Every token of `text`, line by line, with its scopes. */
function tokenize(text: string): Token[][] {
  let state = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scope of the first token whose text is `text` (after `skip` earlier matches). */
function scopeOf(text: string, source: string, skip = 0): string {
  const tokens = tokenize(source).flat().filter((t) => t.text === text);
  const token = tokens[skip];
  if (token === undefined) throw new Error(`no token ${JSON.stringify(text)} in ${JSON.stringify(source)}`);
  return token.scopes[token.scopes.length - 1]!;
}

describe("mlp.tmLanguage.json", () => {
  it("declares the source.mlp scope", () => {
    expect(JSON.parse(readFileSync(grammarPath, "utf8")).scopeName).toBe("source.mlp");
  });

  it.each([
    ["# a comment", "# a comment", "comment.line.number-sign.mlp"],
    ["import", 'import "./c.mlp"', "keyword.control.import.mlp"],
    ["pipeline", "pipeline churn {", "keyword.declaration.pipeline.mlp"],
    ["churn", "pipeline churn {", "entity.name.namespace.pipeline.mlp"],
    ["Customers", "schema Customers {", "entity.name.type.schema.mlp"],
    ["step", "  step train = f(x: 1)", "keyword.other.member.mlp"],
    ["train", "  step train = f(x: 1)", "entity.name.function.member.mlp"],
    ["inputs", "  inputs { model: train.model }", "keyword.other.member.mlp"],
    ["model", "  inputs { model: train.model }", "variable.other.mlp"],
    ["model", "  model train.model", "keyword.other.member.mlp"],
    ["required", "  approval required", "keyword.other.mlp"],
    ["off", "  cache off", "constant.language.cache.mlp"],
    ["change", "  trigger on change(raw)", "keyword.other.mlp"],
    ["float", "  param lr: float = 0.05", "support.type.mlp"],
    ["Table", "  dataset raw: Table<Customers> = \"x\"", "support.type.mlp"],
    ["0.05", "  param lr: float = 0.05", "constant.numeric.mlp"],
    ["5e-2", "  param lr: float = 5e-2", "constant.numeric.mlp"],
    ["2h", "  timeout 2h", "constant.numeric.duration.mlp"],
    ["500ms", "  timeout 500ms", "constant.numeric.duration.mlp"],
    ["4Gi", "  resources { memory: 4Gi }", "constant.numeric.quantity.mlp"],
    ["2G", "  resources { memory: 2G }", "constant.numeric.quantity.mlp"],
    ["5min", "  timeout 5min", "invalid.illegal.numeric.mlp"],
    ["true", "  param x: bool = true", "constant.language.boolean.mlp"],
    ["and", "    a > 1 and not b", "keyword.operator.logical.mlp"],
    ["??", "    (deployed(production).auc ?? 0) - 0.01", "keyword.operator.coalesce.mlp"],
    [">=", "    evaluate.auc >= 0.85", "keyword.operator.comparison.mlp"],
    ["deployed", "    (deployed(production).auc ?? 0)", "support.function.deployed.mlp"],
    ["\\\"", '  description "a \\"quoted\\" word"', "constant.character.escape.mlp"],
    ["\\u{1F680}", '  description "rocket \\u{1F680}"', "constant.character.escape.mlp"],
    ["\\q", '  description "bad \\q"', "invalid.illegal.escape.mlp"],
    ["data", '  run "python a.py --in ${data}"', "variable.other.placeholder.mlp"],
    ["${", '  run "python a.py --in ${data}"', "punctuation.definition.placeholder.begin.mlp"],
    ["$$", '  run "echo $${HOME}"', "constant.character.escape.dollar.mlp"],
    ["${1x}", '  run "echo ${1x}"', "invalid.illegal.placeholder.mlp"],
    ["sweep", "  sweep tune {", "keyword.other.member.mlp"],
    ["tune", "  sweep tune {", "entity.name.function.member.mlp"],
    ["over", "    over lr: [0.01, 0.1]", "keyword.other.member.mlp"],
    ["lr", "    over lr: [0.01, 0.1]", "entity.name.function.member.mlp"],
    ["0.01", "    over lr: [0.01, 0.1]", "constant.numeric.mlp"],
    ["depths", "    over depth: depths", "variable.other.mlp"],
    ["best", "    best max evaluate.f1", "keyword.other.member.mlp"],
    ["max", "    best max evaluate.f1", "keyword.other.mlp"],
    ["min", "    best min evaluate.loss", "keyword.other.mlp"],
    ["f1", "    best max evaluate.f1", "variable.other.mlp"],
    ["collect", "    inputs { reports: collect(tune.evaluate.report) }", "support.function.collect.mlp"],
    ["list", "  param depths: list<int> = [2, 4]", "support.type.mlp"],
    ["int", "  param depths: list<int> = [2, 4]", "support.type.mlp"],
    // contextual: the same words elsewhere are names
    ["over", "    inputs { over: x.over }", "variable.other.mlp"],
    ["best", "    inputs { best: tune.best }", "variable.other.mlp"],
    ["max", "    inputs { max: s.max }", "variable.other.mlp"],
    ["list", "    inputs { list: s.list }", "variable.other.mlp"],
    // control flow (language brief §9.2, §9.3)
    ["assert", "  assert enough_rows {", "keyword.other.member.mlp"],
    ["enough_rows", "  assert enough_rows {", "entity.name.function.member.mlp"],
    ["finally", "  finally notify {", "keyword.other.member.mlp"],
    ["notify", "  finally notify {", "entity.name.function.member.mlp"],
    ["after", "    after not good", "keyword.other.member.mlp"],
    ["not", "    after not good", "keyword.other.mlp"],
    ["good", "    after not good", "variable.other.mlp"],
    ["not", "    a > 1 and not b", "keyword.operator.logical.mlp"],
    ["pull_request", '  trigger on pull_request("control/**")', "keyword.other.mlp"],
    ["from", "    inputs { model: deployed(production, from: flow).model }", "keyword.other.mlp"],
    ["production", "    inputs { model: deployed(production, from: flow).model }", "variable.other.mlp"],
    ["flow", "    inputs { model: deployed(production, from: flow).model }", "variable.other.mlp"],
    ["deployed", "    inputs { model: deployed(production, from: flow).model }", "support.function.deployed.mlp"],
    ["from", "    inputs { from: x.from }", "variable.other.mlp"],
    ["tag", '    inputs { label: "v-${tag}" }', "variable.other.placeholder.mlp"],
    ["train.score", '    inputs { message: "score ${train.score} is below" }', "variable.other.placeholder.mlp"],
    ["tune.evaluate.f1", '    inputs { m: "f1 ${tune.evaluate.f1}" }', "variable.other.placeholder.mlp"],
    ["${", '    to command { command: "ship ${version}" }', "punctuation.definition.placeholder.begin.mlp"],
    ["status", '    run "node notify.mjs ${status} ${tag}"', "variable.language.placeholder.mlp"],
    ["metrics", '    run "train ${metrics}"', "variable.language.placeholder.mlp"],
    ["${a.}", '    inputs { m: "${a.}" }', "invalid.illegal.placeholder.mlp"],
    ["+", '    inputs { name: "model-" + tag }', "keyword.operator.arithmetic.mlp"],
  ])("%s in %s", (text, source, scope) => {
    expect(scopeOf(text, source)).toBe(scope);
  });

  it("scopes strings as strings, triple-quoted ones across lines", () => {
    const lines = tokenize('  run """\n    python a.py \\\n      --x ${x}\n  """\n  image "x"');
    expect(lines[1]!.every((t) => t.scopes.includes("string.quoted.triple.mlp"))).toBe(true);
    const x = lines[2]!.find((t) => t.text === "x")!;
    expect(x.scopes).toContain("string.quoted.triple.mlp");
    expect(x.scopes[x.scopes.length - 1]).toBe("variable.other.placeholder.mlp");
    // the string is closed: the next member is a keyword again
    expect(lines[4]!.find((t) => t.text === "image")!.scopes).toContain("keyword.other.member.mlp");
    expect(scopeOf('"x"'.slice(1, 2), '  image "x"')).toBe("string.quoted.double.mlp");
  });

  const files = [
    ...["test/fixtures", "test/fixtures/sweep", "test/fixtures/control"].flatMap((d) => readdirSync(join(root, d)).map((f) => join(d, f))),
    ...walk("examples"),
  ].filter((f) => f.endsWith(".mlp"));

  it("finds the fixtures and the examples", () => {
    expect(files).toContain("test/fixtures/kitchen-sink.mlp");
    expect(files).toContain("test/fixtures/control/flow.mlp");
    expect(files.some((f) => f.startsWith("examples/"))).toBe(true);
  });

  it.each(files)("highlights %s without invalid scopes", (file) => {
    const lines = tokenize(readFileSync(join(root, file), "utf8"));
    const invalid = lines.flatMap((tokens, i) =>
      tokens.filter((t) => t.scopes.some((s) => s.startsWith("invalid"))).map((t) => `${i + 1}: ${t.text}`),
    );
    expect(invalid).toEqual([]);
    // every full-line comment is a comment, every `pipeline` keyword a declaration keyword
    lines.forEach((tokens) => {
      const first = tokens.find((t) => t.text.trim() !== "");
      if (first?.text.startsWith("#")) expect(first.scopes).toContain("comment.line.number-sign.mlp");
      const pipeline = tokens.find((t) => t.text === "pipeline");
      if (pipeline && !pipeline.scopes.some((s) => s.startsWith("comment"))) {
        expect(pipeline.scopes).toContain("keyword.declaration.pipeline.mlp");
      }
    });
  });

  it("highlights a sweep block: its words, its name, its dimensions and the words after it", () => {
    const lines = tokenize(readFileSync(join(root, "test/fixtures/sweep/tune.mlp"), "utf8"));
    /** The innermost scope of each non-blank token of the line that starts with `start` (trimmed). */
    const line = (start: string) =>
      lines
        .find((ts) => ts.map((t) => t.text).join("").trim().startsWith(start))!
        .filter((t) => t.text.trim() !== "")
        .map((t) => [t.text.trim(), t.scopes[t.scopes.length - 1]!.replace(/\.mlp$/, "")]);
    expect(line("sweep tune")).toEqual([["sweep", "keyword.other.member"], ["tune", "entity.name.function.member"], ["{", "punctuation.section"]]);
    expect(line("over lr")).toEqual([
      ["over", "keyword.other.member"], ["lr", "entity.name.function.member"], [":", "punctuation.separator"], ["[", "punctuation.section"],
      ["0.01", "constant.numeric"], [",", "punctuation.separator"], ["0.1", "constant.numeric"], [",", "punctuation.separator"], ["0.3", "constant.numeric"], ["]", "punctuation.section"],
    ]);
    expect(line("over depth")).toEqual([["over", "keyword.other.member"], ["depth", "entity.name.function.member"], [":", "punctuation.separator"], ["depths", "variable.other"]]);
    expect(line("best max")).toEqual([["best", "keyword.other.member"], ["max", "keyword.other"], ["evaluate", "variable.other"], [".", "punctuation.separator"], ["f1", "variable.other"]]);
    expect(line("param depths")).toEqual([
      ["param", "keyword.other.member"], ["depths", "entity.name.function.member"], [":", "punctuation.separator"], ["list", "support.type"],
      ["<", "keyword.operator.comparison"], ["int", "support.type"], [">", "keyword.operator.comparison"], ["=", "keyword.operator.assignment"],
      ["[", "punctuation.section"], ["2", "constant.numeric"], [",", "punctuation.separator"], ["4", "constant.numeric"], ["]", "punctuation.section"],
    ]);
    expect(line("inputs { reports")).toContainEqual(["collect", "support.function.collect"]);
    // members inside the block are members as anywhere else
    expect(line("step train")).toEqual([["step", "keyword.other.member"], ["train", "entity.name.function.member"], ["{", "punctuation.section"]]);
  });

  it("highlights the control fixture: its words, names, placeholders and `deployed(…, from: …)`", () => {
    const lines = tokenize(readFileSync(join(root, "test/fixtures/control/flow.mlp"), "utf8"));
    const line = (start: string) =>
      lines
        .find((ts) => ts.map((t) => t.text).join("").trim().startsWith(start))!
        .filter((t) => t.text.trim() !== "")
        .map((t) => [t.text.trim(), t.scopes[t.scopes.length - 1]!.replace(/\.mlp$/, "")]);
    expect(line("assert enough_rows")).toEqual([["assert", "keyword.other.member"], ["enough_rows", "entity.name.function.member"], ["{", "punctuation.section"]]);
    expect(line("finally notify")).toEqual([["finally", "keyword.other.member"], ["notify", "entity.name.function.member"], ["{", "punctuation.section"]]);
    expect(line("after not good")).toEqual([["after", "keyword.other.member"], ["not", "keyword.other"], ["good", "variable.other"]]);
    expect(line("trigger on pull_request")).toContainEqual(["pull_request", "keyword.other"]);
    expect(line("inputs { model: deployed")).toEqual(
      expect.arrayContaining([["deployed", "support.function.deployed"], ["production", "variable.other"], ["from", "keyword.other"], ["flow", "variable.other"]]),
    );
    expect(line("run \"node notify.mjs")).toContainEqual(["status", "variable.language.placeholder"]);
    // interpolation outside `run`: in an input and in a deploy option
    expect(line("inputs { message")).toEqual(expect.arrayContaining([["train.score", "variable.other.placeholder"], ["min_score", "variable.other.placeholder"]]));
    expect(line("to command")).toEqual(expect.arrayContaining([["version", "variable.other.placeholder"], ["train.score", "variable.other.placeholder"]]));
  });

  it("highlights the kitchen sink's constructs", () => {
    const tokens = tokenize(readFileSync(join(root, "test/fixtures/kitchen-sink.mlp"), "utf8")).flat();
    const scopesOf = (text: string) => tokens.filter((t) => t.text === text).map((t) => t.scopes[t.scopes.length - 1]);
    expect(scopesOf("512Mi")).toEqual(["constant.numeric.quantity.mlp"]);
    expect(scopesOf("30s")).toEqual(["constant.numeric.duration.mlp"]);
    expect(scopesOf("scores")).toContain("variable.other.placeholder.mlp");
    expect(scopesOf("??")).toEqual(["keyword.operator.coalesce.mlp", "keyword.operator.coalesce.mlp"]);
    expect(scopesOf("deploy")).toEqual(["keyword.other.member.mlp", "keyword.other.member.mlp"]);
  });
});

function walk(dir: string): string[] {
  const abs = join(root, dir);
  return readdirSync(abs).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(root, rel)).isDirectory() ? walk(rel) : [rel];
  });
}
