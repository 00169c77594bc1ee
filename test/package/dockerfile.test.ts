/**
 * The runtime image's Dockerfile, checked for the facts the targets and the release rely on.
 * No Docker engine runs the tests, so these read the file: the base pinned to an exact Node 20
 * release, the image built from the tarball `npm pack` writes for this version (and nothing else
 * of the checkout sent to the build), a non-root user, `mlp` as the entry point, OCI labels.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; license: string; engines: { node: string } };
/** What `npm pack` names the tarball: scope without `@`, `/` as `-` (test/package/install.test.ts checks it against npm). */
const TARBALL = `${PKG.name.replace(/^@/, "").replace("/", "-")}-${PKG.version}.tgz`;

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

/** Dockerfile instructions: comments dropped, `\` continuations joined (the default escape). */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = "";
  let start = 0;
  text.split("\n").forEach((raw, i) => {
    const line = raw.trimEnd();
    if (pending === "" && (line.trim() === "" || line.trimStart().startsWith("#"))) return;
    if (pending !== "" && line.trimStart().startsWith("#")) return; // comment inside a continuation
    if (pending === "") start = i + 1;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = "";
    const m = /^(\S+)\s*(.*)$/s.exec(full)!;
    out.push({ keyword: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start });
  });
  return out;
}

/** The stages, each with its instructions; ARGs before the first FROM are the global ones. */
function stages(instructions: readonly Instruction[]): { globals: Instruction[]; stages: Instruction[][] } {
  const globals: Instruction[] = [];
  const list: Instruction[][] = [];
  for (const ins of instructions) {
    if (ins.keyword === "FROM") list.push([ins]);
    else if (list.length === 0) globals.push(ins);
    else list[list.length - 1]!.push(ins);
  }
  return { globals, stages: list };
}

/** `${NAME}` / `$NAME` replaced from `args`. */
function expand(s: string, args: Record<string, string>): string {
  return s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => args[(a ?? b)!] ?? `<unset ${a ?? b}>`);
}

/** Checks the facts this file tests; returns one message per problem. */
function dockerfileProblems(text: string, version: string, tarball: string): string[] {
  const problems: string[] = [];
  const { globals, stages: list } = stages(parseDockerfile(text));
  const args: Record<string, string> = {};
  for (const g of globals.filter((i) => i.keyword === "ARG")) {
    const [name, value] = g.args.split("=", 2);
    if (value !== undefined) args[name!] = value.replace(/^"|"$/g, "");
  }
  if (args["MLP_VERSION"] !== version) problems.push(`ARG MLP_VERSION defaults to ${args["MLP_VERSION"] ?? "nothing"}, package.json says ${version}`);
  if (list.length === 0) return [...problems, "no FROM"];
  for (const stage of list) {
    const image = stage[0]!.args.split(/\s+/)[0]!;
    if (!/^node:20\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/.test(image)) problems.push(`line ${stage[0]!.line}: base \`${image}\` is not a Node 20 slim image pinned to an exact version`);
  }
  const copies = list.flat().filter((i) => i.keyword === "COPY" || i.keyword === "ADD");
  const fromContext = copies.filter((i) => !i.args.startsWith("--from="));
  const sources = fromContext.map((i) => expand(i.args.split(/\s+/)[0]!, args));
  if (sources.length !== 1 || sources[0] !== tarball) problems.push(`the build context is used for ${JSON.stringify(sources)}, expected only ${tarball}`);
  const installs = list.flat().filter((i) => i.keyword === "RUN" && /\bnpm (install|i)\b/.test(i.args));
  if (!installs.some((i) => /--global|-g\b/.test(i.args) && expand(i.args, args).includes(`/tmp/${tarball}`))) problems.push(`no \`npm install --global\` of /tmp/${tarball}`);
  const final = list[list.length - 1]!;
  const user = final.filter((i) => i.keyword === "USER").at(-1)?.args;
  if (user === undefined) problems.push("the final stage sets no USER (it would run as root)");
  else if (/^(root|0)(:|$)/.test(user)) problems.push(`the final stage runs as ${user}`);
  else if (!/^\d+(:\d+)?$/.test(user)) problems.push(`USER ${user} is not numeric (Kubernetes runAsNonRoot cannot verify a name)`);
  const entry = final.filter((i) => i.keyword === "ENTRYPOINT").at(-1)?.args;
  if (entry === undefined || JSON.stringify(JSON.parse(entry)) !== JSON.stringify(["mlp"])) problems.push(`ENTRYPOINT is ${entry ?? "unset"}, expected ["mlp"]`);
  const labels = final.filter((i) => i.keyword === "LABEL").map((i) => i.args).join(" ");
  for (const [key, want] of [
    ["org.opencontainers.image.source", "https://github.com/mlp-lang/mlp"],
    ["org.opencontainers.image.version", "${MLP_VERSION}"],
    ["org.opencontainers.image.licenses", PKG.license],
  ]) {
    if (!labels.includes(`${key}="${want}"`)) problems.push(`LABEL ${key} is not "${want}"`);
  }
  if (!final.some((i) => i.keyword === "WORKDIR")) problems.push("the final stage sets no WORKDIR");
  return problems;
}

const DOCKERFILE = readFileSync(join(ROOT, "Dockerfile"), "utf8");

describe("Dockerfile", () => {
  it("builds the image from this version's tarball on a pinned Node 20 base, as a non-root user, with mlp as entry point", () => {
    expect(dockerfileProblems(DOCKERFILE, PKG.version, TARBALL)).toEqual([]);
    expect(PKG.engines.node).toBe(">=20");
  });

  it("reports each broken fact (the check can fail)", () => {
    const broken = DOCKERFILE.replace(/node:20\.\d+\.\d+-bookworm-slim AS install/, "node:20-bookworm-slim AS install")
      .replace("USER 10001:10001", "USER root")
      .replace('ENTRYPOINT ["mlp"]', 'ENTRYPOINT ["node"]')
      .replace(`ARG MLP_VERSION=${PKG.version}`, "ARG MLP_VERSION=9.9.9");
    const problems = dockerfileProblems(broken, PKG.version, TARBALL);
    expect(problems.join("\n")).toMatch(/base `node:20-bookworm-slim` is not/);
    expect(problems.join("\n")).toMatch(/runs as root/);
    expect(problems.join("\n")).toMatch(/ENTRYPOINT is \["node"\]/);
    expect(problems.join("\n")).toMatch(/ARG MLP_VERSION defaults to 9\.9\.9/);
    expect(dockerfileProblems(DOCKERFILE.replace(/COPY mlp-lang-mlp-\$\{MLP_VERSION\}\.tgz/, "COPY . /src\nCOPY mlp-lang-mlp-${MLP_VERSION}.tgz"), PKG.version, TARBALL).join("\n")).toMatch(
      /build context is used for/,
    );
  });

  it("parses continuation lines and comments the way Docker does", () => {
    expect(parseDockerfile("# c\nFROM a AS b\nRUN x \\\n  # inner\n  && y\n")).toEqual([
      { keyword: "FROM", args: "a AS b", line: 2 },
      { keyword: "RUN", args: "x    && y", line: 3 },
    ]);
  });
});

describe(".dockerignore", () => {
  it("sends the tarball and nothing else to the build", () => {
    const rules = readFileSync(join(ROOT, ".dockerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    // Docker applies the rules in order; the last that matches a path decides.
    const glob = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
    const sent = (path: string) => {
      let included = true;
      for (const r of rules) {
        const negate = r.startsWith("!");
        if (glob(negate ? r.slice(1) : r).test(path)) included = negate;
      }
      return included;
    };
    expect(sent(TARBALL)).toBe(true);
    for (const path of ["src", "package.json", "node_modules", "dist", ".git", "test", "mlp-lang-mlp-0.0.1.tgz.bak"]) expect(sent(path), path).toBe(false);
  });
});
