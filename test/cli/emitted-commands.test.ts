/**
 * Every `mlp …` command a target writes into generated files exists in the CLI, with the flags
 * it passes, and runs this project's own package or image at the compiler's version.
 *
 * Compiles every example and `.mlp` test fixture (and the IR fixtures) to GitHub Actions, Argo
 * and Airflow, with the option variants that change how `mlp` is invoked (GitHub `mlp_image`,
 * Airflow's bash and Kubernetes operators), then pulls each invocation out of the parsed output:
 * GitHub `run:` scripts (`npx … "$MLP_PACKAGE@$MLP_VERSION" std …` with the step's env filled
 * in), Argo container `command`/`args` (including scripts carried base64-encoded), Airflow
 * `bash_command` and KubernetesPodOperator `cmds`/`arguments` (read with Python's `ast`).
 * Each invocation is parsed by the real commander program (the commands' own `register*`
 * functions), and `mlp std <builtin>` by the built-in's signature, which is what `mlp std` parses.
 */
import type { ValidIr } from "../../src/ir/validate.js";
import { validIr } from "../helpers/valid-ir.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { Command, CommanderError } from "commander";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { addOutputOptions } from "../../src/cli/output-settings.js";
import { compileToIr } from "../../src/compile.js";
import type { IrDocument, IrPipeline } from "../../src/ir/ir.js";
import { nodeHost } from "../../src/source/host.js";
import { STD_BUILTINS } from "../../src/std/signatures.js";
import { emitWithTarget } from "../helpers/emit-with-target.js";
import { MLP_VERSION } from "../../src/version.js";
import { BUILTIN_TARGETS, builtinTarget } from "../../targets/index.js";
import { mlpFiles } from "../helpers/mlp-files.js";

const ROOT = resolve(import.meta.dirname, "../..");
const PACKAGE_SPEC = `@mlp-lang/mlp@${MLP_VERSION}`;
const IMAGE = `ghcr.io/mlp-lang/mlp:${MLP_VERSION}`;

// ---------------------------------------------------------------------------------------------
// The real CLI, as src/cli/main.ts wires it.

/** The `mlp` commander program with every subcommand registered (no action runs here). */
async function cliProgram(): Promise<Command> {
  const program = new Command().name("mlp").exitOverride();
  addOutputOptions(program);
  const dir = join(ROOT, "src", "cli", "commands");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
    const mod = (await import(join(dir, file))) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(mod)) {
      if (/^register[A-Z]/.test(name) && typeof fn === "function") (fn as (p: Command) => void)(program);
    }
  }
  program.enablePositionalOptions();
  for (const cmd of program.commands) {
    if (!cmd.options.some((o) => o.long === "--format")) addOutputOptions(cmd);
  }
  const quiet = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    cmd.commands.forEach(quiet);
  };
  quiet(program);
  return program;
}

/** Problems with `mlp std <builtin> ARGS` against the built-in's signature (what `mlp std` checks). */
function stdProblems(argv: readonly string[]): string[] {
  const [builtin, ...rest] = argv;
  const sig = builtin === undefined ? undefined : STD_BUILTINS[builtin];
  if (sig === undefined) return [`\`mlp std ${builtin ?? ""}\`: no such built-in`];
  const known = new Set([...sig.inputs.map((p) => p.name), ...sig.outputs.map((o) => o.name), "metrics", "schema"]);
  const given = new Set<string>();
  const problems: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith("--")) {
      problems.push(`\`mlp std ${sig.name}\`: unexpected argument \`${arg}\``);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)).replace(/-/g, "_");
    if (eq < 0) i++; // its value
    if (!known.has(name)) problems.push(`\`mlp std ${sig.name}\` has no flag \`--${name}\``);
    given.add(name);
  }
  for (const p of sig.inputs) if (p.default === undefined && !given.has(p.name)) problems.push(`\`mlp std ${sig.name}\` needs \`--${p.name}\``);
  if (!given.has("metrics")) problems.push(`\`mlp std ${sig.name}\` needs \`--metrics\``);
  return problems;
}

/** Problems with `mlp ARGV…`: an unknown subcommand, flag or choice, a missing value or argument. */
function invocationProblems(program: Command, argv: readonly string[]): string[] {
  const [name, ...rest] = argv;
  let cmd = program.commands.find((c) => c.name() === name || c.aliases().includes(name ?? ""));
  if (cmd === undefined) return [`\`mlp ${name ?? ""}\`: no such command`];
  if (cmd.name() === "std") return stdProblems(rest);
  let args = [...rest];
  while (cmd.commands.length > 0 && args.length > 0) {
    const sub: Command | undefined = cmd.commands.find((c) => c.name() === args[0] || c.aliases().includes(args[0]!));
    if (sub === undefined) break;
    cmd = sub;
    args = args.slice(1);
  }
  try {
    const { operands, unknown } = cmd.parseOptions(args);
    if (unknown.length > 0) return [`\`mlp ${argv.join(" ")}\`: unknown option \`${unknown[0]}\``];
    const required = cmd.registeredArguments.filter((a) => a.required).length;
    if (operands.length < required) return [`\`mlp ${argv.join(" ")}\`: needs ${required} argument(s), got ${operands.length}`];
    return [];
  } catch (e) {
    if (e instanceof CommanderError) return [`\`mlp ${argv.join(" ")}\`: ${e.message}`];
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Pulling invocations out of shell text.

/** Shell words per simple command (`;`, `&&`, `||`, `|`, newlines split commands); quotes removed. */
function shellCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (c === "'") {
      const close = script.indexOf("'", i + 1);
      word = (word ?? "") + script.slice(i + 1, close < 0 ? undefined : close);
      i = close < 0 ? script.length : close;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === "\\" && j + 1 < script.length && '"\\$`'.includes(script[j + 1]!)) text += script[++j];
        else text += script[j];
      }
      word = (word ?? "") + text;
      i = j;
    } else if (c === "\\" && i + 1 < script.length) {
      if (script[i + 1] !== "\n") word = (word ?? "") + script[i + 1];
      i++;
    } else if (c === "#" && word === undefined) {
      while (i + 1 < script.length && script[i + 1] !== "\n") i++;
    } else if (c === "\n" || c === ";" || c === "|" || c === "&" || c === "(" || c === ")") {
      endCommand();
    } else if (c === " " || c === "\t") {
      endWord();
    } else {
      word = (word ?? "") + c;
    }
  }
  endCommand();
  return commands;
}

/** `$NAME` and `${NAME}` replaced from `env` where it has them. */
function substitute(word: string, env: Record<string, string>): string {
  return word.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? whole);
}

/** One `mlp` run found in generated text. */
interface Invocation {
  readonly where: string;
  /** Arguments after `mlp` (or after `npx … PACKAGE`). */
  readonly argv: readonly string[];
  /** The package `npx` runs, when run through `npx`. */
  readonly npxPackage?: string;
}

const PREFIX_WORDS = new Set(["exec", "then", "do", "else", "!", "time", "command"]);

/** The invocations of `mlp` in a shell script (words after env substitution). */
function invocationsIn(script: string, env: Record<string, string>, where: string): Invocation[] {
  const found: Invocation[] = [];
  for (const raw of shellCommands(script)) {
    let words = raw.map((w) => substitute(w, env));
    while (words.length > 0 && (PREFIX_WORDS.has(words[0]!) || /^\w+=/.test(words[0]!))) words = words.slice(1);
    if (words.length === 0) continue;
    if (words[0] === "mlp" || words[0]!.endsWith("/mlp")) {
      found.push({ where, argv: words.slice(1) });
    } else if (words[0] === "npx") {
      const at = words.findIndex((w, k) => k > 0 && !w.startsWith("-"));
      if (at > 0 && /mlp/.test(words[at]!)) found.push({ where, argv: words.slice(at + 1), npxPackage: words[at]! });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Per target: where scripts live in the parsed output.

type Files = readonly { path: string; contents: string }[];

function githubInvocations(files: Files): Invocation[] {
  const out: Invocation[] = [];
  for (const f of files) {
    const wf = parseAllDocuments(f.contents)[0]!.toJS() as {
      env?: Record<string, string>;
      jobs?: Record<string, { env?: Record<string, string>; steps?: { run?: string; env?: Record<string, string>; name?: string }[] }>;
    };
    for (const [jobName, job] of Object.entries(wf.jobs ?? {})) {
      for (const step of job.steps ?? []) {
        if (typeof step.run !== "string") continue;
        const env = Object.fromEntries(Object.entries({ ...wf.env, ...job.env, ...step.env }).map(([k, v]) => [k, String(v)]));
        out.push(...invocationsIn(step.run, env, `${f.path} job ${jobName} step ${step.name ?? "?"}`));
      }
    }
  }
  return out;
}

interface ArgoContainer {
  image?: string;
  command?: string[];
  args?: string[];
  source?: string;
  env?: { name: string; value?: string }[];
}

function argoInvocations(files: Files): { invocations: Invocation[]; images: { where: string; image: string }[] } {
  const invocations: Invocation[] = [];
  const images: { where: string; image: string }[] = [];
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
    if (node === null || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (typeof o["image"] === "string" && (Array.isArray(o["command"]) || Array.isArray(o["args"]) || typeof o["source"] === "string")) {
      const c = o as ArgoContainer;
      const env = Object.fromEntries((c.env ?? []).filter((e) => typeof e.value === "string").map((e) => [e.name, e.value!]));
      const argv = [...(c.command ?? []), ...(c.args ?? [])];
      const scripts: string[] = [];
      if (/(^|\/)(ba)?sh$/.test(argv[0] ?? "") && argv[1] === "-c") scripts.push(argv[2] ?? "");
      else if (argv.length > 0) scripts.push(argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" "));
      if (typeof c.source === "string") scripts.push(c.source);
      // Scripts that would contain `{{` travel base64-encoded in an env var (see targets/argo/safe-text.ts).
      for (const s of [...scripts]) {
        for (const m of s.matchAll(/printf '%s' "\$(\w+)" \| base64 -d/g)) {
          if (env[m[1]!] !== undefined) scripts.push(Buffer.from(env[m[1]!]!, "base64").toString("utf8"));
        }
      }
      const found = scripts.flatMap((s) => invocationsIn(s, {}, where));
      invocations.push(...found);
      if (found.length > 0) images.push({ where, image: c.image! });
    }
    for (const [k, v] of Object.entries(o)) visit(v, `${where}.${k}`);
  };
  for (const f of files) parseAllDocuments(f.contents).forEach((d, i) => visit(d.toJS(), `${f.path}#${i}`));
  return { invocations, images };
}

/** The operator calls of a DAG file, read with Python's `ast` (string constants of the kwargs that run commands). */
const READ_DAG = `
import ast, json, sys
out = []
for node in ast.walk(ast.parse(open(sys.argv[1]).read())):
    if not isinstance(node, ast.Call):
        continue
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    kw = {k.arg: k.value for k in node.keywords if k.arg}
    def strings(v):
        return [n.value for n in ast.walk(v) if isinstance(n, ast.Constant) and isinstance(n.value, str)] if v is not None else []
    if name in ("KubernetesPodOperator", "BashOperator"):
        task = kw.get("task_id")
        out.append({"operator": name, "task": task.value if isinstance(task, ast.Constant) else "?",
                    "image": strings(kw.get("image")), "cmds": strings(kw.get("cmds")),
                    "arguments": strings(kw.get("arguments")), "bash_command": strings(kw.get("bash_command"))})
print(json.dumps(out))
`;

interface DagCall {
  operator: string;
  task: string;
  image: string[];
  cmds: string[];
  arguments: string[];
  bash_command: string[];
}

function airflowInvocations(files: Files, dir: string): { invocations: Invocation[]; images: { where: string; image: string }[] } {
  const invocations: Invocation[] = [];
  const images: { where: string; image: string }[] = [];
  for (const f of files.filter((x) => x.path.endsWith(".py"))) {
    const path = join(dir, f.path.replace(/\//g, "_"));
    writeFileSync(path, f.contents);
    const calls = JSON.parse(execFileSync("python3", ["-c", READ_DAG, path], { encoding: "utf8" })) as DagCall[];
    for (const call of calls) {
      const where = `${f.path} task ${call.task}`;
      const scripts = [...call.bash_command];
      if (call.operator === "KubernetesPodOperator") {
        // Kubernetes expands $(VAR) in cmds/args; the target writes a literal `$` as `$$`.
        const argv = [...call.cmds, ...call.arguments].map((s) => s.replace(/\$\$/g, "$"));
        if (/(^|\/)(ba)?sh$/.test(argv[0] ?? "") && argv[1] === "-c") scripts.push(argv[2] ?? "");
        else if (argv.length > 0) scripts.push(argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" "));
      }
      const found = scripts.flatMap((s) => invocationsIn(s, {}, where));
      invocations.push(...found);
      if (found.length > 0 && call.operator === "KubernetesPodOperator") images.push({ where, image: call.image.join("") });
    }
  }
  return { invocations, images };
}

// ---------------------------------------------------------------------------------------------

/** The IR of `doc` with `options` merged over every pipeline's `target NAME { … }` block. */
function withOptions(doc: IrDocument, name: string, options: Record<string, unknown>): ValidIr {
  return validIr({
    ...doc,
    pipelines: doc.pipelines.map(
      (p): IrPipeline => ({ ...p, targets: { ...p.targets, [name]: { origin: p.targets[name]?.origin ?? p.origin, options: { ...(p.targets[name]?.options ?? {}), ...options } } as IrPipeline["targets"][string] } }),
    ),
  });
}

interface Compiled {
  readonly source: string;
  readonly variant: string;
  readonly target: "github" | "argo" | "airflow";
  readonly files: Files;
}

const VARIANTS: Record<Compiled["target"], { name: string; options: Record<string, unknown> }[]> = {
  github: [
    { name: "npx", options: {} },
    { name: "mlp_image", options: { mlp_image: IMAGE } },
  ],
  argo: [{ name: "default", options: {} }],
  airflow: [
    // Pods share artifacts through a claim (without one the target refuses outputs: MLP5320).
    { name: "kubernetes", options: { operator: "kubernetes", artifact_root: "/mnt/mlp-artifacts", artifact_volume: "mlp-artifacts" } },
    { name: "bash", options: { operator: "bash" } },
  ],
};

let program: Command;
let compiled: Compiled[] = [];
let work = "";

beforeAll(async () => {
  program = await cliProgram();
  work = mkdtempSync(join(tmpdir(), "mlp-emitted-"));
  const sources = [...mlpFiles(join(ROOT, "examples")), ...mlpFiles(join(ROOT, "test", "fixtures"))];
  const docs: { source: string; ir: IrDocument }[] = [];
  for (const file of sources) {
    // Relative, as a user types it (the GitHub target places files relative to the repository).
    const r = compileToIr(relative(process.cwd(), file), nodeHost);
    if (r.ir !== undefined && !r.diagnostics.some((d) => d.severity === "error")) docs.push({ source: file.slice(ROOT.length + 1), ir: r.ir });
  }
  const irDir = join(ROOT, "test", "fixtures", "ir");
  for (const f of readdirSync(irDir).filter((x) => x.endsWith(".ir.json")).sort()) {
    docs.push({ source: `test/fixtures/ir/${f}`, ir: JSON.parse(readFileSync(join(irDir, f), "utf8")) as IrDocument });
  }
  const known = BUILTIN_TARGETS.map((t) => t.name);
  compiled = [];
  for (const { source, ir } of docs) {
    for (const target of ["github", "argo", "airflow"] as const) {
      for (const variant of VARIANTS[target]) {
        const out = emitWithTarget(withOptions(ir, target, variant.options), builtinTarget(target)!, { knownTargets: known, mlpVersion: MLP_VERSION, builtin: true });
        if (out.files.length > 0) compiled.push({ source, variant: variant.name, target, files: out.files });
      }
    }
  }
  return () => rmSync(work, { recursive: true, force: true });
}, 120_000);

function invocationsOf(c: Compiled): { invocations: Invocation[]; images: { where: string; image: string }[] } {
  if (c.target === "github") return { invocations: githubInvocations(c.files), images: [] };
  if (c.target === "argo") return argoInvocations(c.files);
  return airflowInvocations(c.files, work);
}

describe("mlp commands in generated files", () => {
  it("compiles the examples and fixtures to every target", () => {
    const sources = new Set(compiled.map((c) => c.source));
    expect([...sources]).toEqual(expect.arrayContaining(["examples/penguins/train.mlp", "examples/weather-drift/weather.mlp", "test/fixtures/kitchen-sink.mlp"]));
    for (const source of ["examples/penguins/train.mlp", "examples/penguins/predict.mlp", "examples/weather-drift/weather.mlp", "test/fixtures/kitchen-sink.mlp"]) {
      for (const target of ["github", "argo", "airflow"]) expect(compiled.some((c) => c.source === source && c.target === target), `${source} -> ${target}`).toBe(true);
    }
  });

  it("exist in the CLI with the flags they pass, and run this package or image at this version", () => {
    const problems: string[] = [];
    const seen = new Map<string, number>();
    for (const c of compiled) {
      const { invocations, images } = invocationsOf(c);
      for (const inv of invocations) {
        const key = `${c.target}/${c.variant}: mlp ${inv.argv.slice(0, inv.argv[0] === "std" ? 2 : 1).join(" ")}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        const at = `${c.source} -> ${c.target} (${c.variant}) ${inv.where}`;
        for (const p of invocationProblems(program, inv.argv)) problems.push(`${at}: ${p}`);
        if (inv.npxPackage !== undefined && inv.npxPackage !== PACKAGE_SPEC) problems.push(`${at}: npx runs \`${inv.npxPackage}\`, not \`${PACKAGE_SPEC}\``);
      }
      for (const img of images) if (img.image !== IMAGE) problems.push(`${c.source} -> ${c.target} (${c.variant}) ${img.where}: mlp runs in \`${img.image}\`, not \`${IMAGE}\``);
      // No other spelling of the package or image anywhere in the output.
      for (const f of c.files) {
        for (const m of f.contents.matchAll(/ghcr\.io\/mlp-lang\/mlp(:[\w.-]+)?/g)) if (m[0] !== IMAGE) problems.push(`${c.source} -> ${f.path}: \`${m[0]}\``);
        for (const m of f.contents.matchAll(/npx[^\n]*/g)) if (!m[0].includes('"$MLP_PACKAGE@$MLP_VERSION"') && !m[0].includes(PACKAGE_SPEC)) problems.push(`${c.source} -> ${f.path}: \`${m[0]}\``);
      }
    }
    expect(problems).toEqual([]);
    // Not vacuous: every target and variant runs every std built-in the examples use.
    const summary = [...seen.keys()].sort();
    for (const builtin of ["drift", "expect", "profile"]) {
      for (const tv of ["github/npx", "github/mlp_image", "argo/default", "airflow/kubernetes", "airflow/bash"]) expect(summary, `${tv} std ${builtin}`).toContain(`${tv}: mlp std ${builtin}`);
    }
  });
});

describe("the invocation checker (it can fail)", () => {
  it.each(["github/npx", "github/mlp_image", "argo/default", "airflow/kubernetes", "airflow/bash"])(
    "finds a flag mlp does not have in real %s output, and a wrong package or image",
    (tv) => {
      const c = compiled.find((x) => `${x.target}/${x.variant}` === tv && x.source === "examples/penguins/train.mlp")!;
      const broken = { ...c, files: c.files.map((f) => ({ ...f, contents: f.contents.replaceAll("--bins", "--binz").replaceAll(`mlp:${MLP_VERSION}`, "mlp:0.0.0-other").replaceAll(`MLP_VERSION: ${MLP_VERSION}`, "MLP_VERSION: 0.0.9") })) };
      const problems = invocationsOf(broken).invocations.flatMap((i) => invocationProblems(program, i.argv));
      expect(problems).toContain("`mlp std drift` has no flag `--binz`");
      if (tv === "argo/default" || tv === "airflow/kubernetes") expect(invocationsOf(broken).images.every((i) => i.image === IMAGE)).toBe(false);
      if (tv === "github/npx") expect(invocationsOf(broken).invocations.map((i) => i.npxPackage)).toContain("@mlp-lang/mlp@0.0.9");
    },
  );

  it("refuses an unknown command, flag, built-in or choice, and a missing argument or value", () => {
    expect(invocationProblems(program, ["compile", "x.mlp", "--target", "github", "--out", "d"])).toEqual([]);
    expect(invocationProblems(program, ["run", "x.mlp", "--approve", "production"])).toEqual([]);
    expect(invocationProblems(program, ["runs", "show", "latest", "--store", "s"])).toEqual([]);
    expect(invocationProblems(program, ["compile", "x.mlp", "--target", "github", "--bogus"]).join()).toMatch(/unknown option `--bogus`/);
    expect(invocationProblems(program, ["compiel", "x.mlp"]).join()).toMatch(/no such command/);
    expect(invocationProblems(program, ["check", "x.mlp", "--format", "yaml"]).join()).toMatch(/yaml/);
    expect(invocationProblems(program, ["compile", "x.mlp", "--target"]).join()).toMatch(/argument missing/);
    expect(invocationProblems(program, ["approve", "12"]).join()).toMatch(/needs 2 argument/);
    expect(invocationProblems(program, ["std", "drift", "--current", "a", "--reference", "b", "--metrics", "m"])).toEqual([]);
    expect(invocationProblems(program, ["std", "drift", "--current", "a", "--refrence", "b", "--metrics", "m"]).join("\n")).toMatch(/no flag `--refrence`[\s\S]*needs `--reference`/);
    expect(invocationProblems(program, ["std", "profiel", "--data", "a"]).join()).toMatch(/no such built-in/);
    expect(invocationProblems(program, ["std", "profile", "--data", "a"]).join()).toMatch(/needs `--metrics`/);
  });

  it("finds mlp in the shapes targets write it, and a bad flag in a generated workflow", () => {
    const script = [
      'MLP_X="$GITHUB_WORKSPACE/x"',
      'npx --yes "$MLP_PACKAGE@$MLP_VERSION" std "$MLP_BUILTIN" --data "${MLP_IN_data}" --metrics "${MLP_METRICS}"',
      "mkdir -p /tmp/o && exec mlp std profile --data /w/d.csv --metrics /tmp/m.json # comment",
      "echo 'mlp is not run here'; cd -- \"$D\" || exit 1",
    ].join("\n");
    const found = invocationsIn(script, { MLP_PACKAGE: "@mlp-lang/mlp", MLP_VERSION: "1.2.3", MLP_BUILTIN: "expect" }, "t");
    expect(found).toEqual([
      { where: "t", argv: ["std", "expect", "--data", "${MLP_IN_data}", "--metrics", "${MLP_METRICS}"], npxPackage: "@mlp-lang/mlp@1.2.3" },
      { where: "t", argv: ["std", "profile", "--data", "/w/d.csv", "--metrics", "/tmp/m.json"] },
    ]);
    const workflow = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: mlp std drift --current a --reference b --metrics m --bins 3 --colour\n`;
    const bad = githubInvocations([{ path: "w.yml", contents: workflow }]).flatMap((i) => invocationProblems(program, i.argv));
    expect(bad).toEqual(["`mlp std drift` has no flag `--colour`"]);
  });
});
