/**
 * `mlp compile` gives the same bytes whatever the current directory and however the file is
 * spelled: paths in outputs are relative to the repository root (the nearest directory above
 * the file holding `.git`, or `--root`), never to where the compiler ran.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, mlp, tempDir } from "./run-cli.js";

const TOOLS = `component count {
  inputs { data: File }
  run "wc -l \${data}"
}
`;

const PIPELINE = `import "../lib/tools.mlp"
pipeline p {
  trigger on change(f)
  trigger on change(abs)
  dataset f: File = "in.txt"
  dataset abs: File = "/srv/shared/abs.csv"
  step a = count(data: f)
  step b {
    inputs { x: abs }
    run "cat \${x}"
  }
}
`;

/** A repository `<dir>/repo` holding ml/pipes/p.mlp, its data, and an import from ml/lib. */
function makeRepo(git: "dir" | "file" | "none"): { top: string; repo: string; file: string } {
  const top = tempDir("mlp-anywhere-");
  const repo = join(top, "repo");
  mkdirSync(join(repo, "ml", "pipes", "sub"), { recursive: true });
  mkdirSync(join(repo, "ml", "lib"), { recursive: true });
  mkdirSync(join(top, "elsewhere"));
  if (git === "dir") mkdirSync(join(repo, ".git"));
  // A worktree or a submodule has a `.git` file pointing at the real git directory.
  if (git === "file") writeFileSync(join(repo, ".git"), "gitdir: /somewhere/.git/worktrees/repo\n");
  writeFileSync(join(repo, "ml", "lib", "tools.mlp"), TOOLS);
  writeFileSync(join(repo, "ml", "pipes", "p.mlp"), PIPELINE);
  writeFileSync(join(repo, "ml", "pipes", "in.txt"), "one\ntwo\n");
  return { top, repo, file: join(repo, "ml", "pipes", "p.mlp") };
}

const OUTPUTS: readonly (readonly string[])[] = [
  ["compile", "--target", "ir"],
  ["compile", "--target", "github"],
  ["compile", "--target", "argo"],
  ["compile", "--target", "airflow"],
  ["graph", "--format", "mermaid"],
  ["graph", "--format", "dot"],
];

/** Runs `mlp <command> FILE <flags>` in `cwd`; the printed output, after checking it succeeded. */
function output(command: readonly string[], file: string, cwd: string, extra: readonly string[] = []): string {
  const r = mlp([command[0]!, file, ...command.slice(1), ...extra], { cwd });
  expect(r.stderr).not.toMatch(/error/);
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("compiling from any folder", () => {
  beforeAll(() => ensureBuilt());
  const { top, repo, file } = makeRepo("dir");
  /** (a) repo root, (b) the file's folder, (c) a subfolder, (d) outside the repository, (e) repo root with an absolute path. */
  const spellings: [string, string, string][] = [
    ["the repository root", repo, "ml/pipes/p.mlp"],
    ["the file's folder", join(repo, "ml", "pipes"), "p.mlp"],
    ["a subfolder", join(repo, "ml", "pipes", "sub"), "../p.mlp"],
    ["a folder outside the repository, absolute path", join(top, "elsewhere"), file],
    ["the repository root, absolute path", repo, file],
  ];

  for (const command of OUTPUTS) {
    it(`gives identical bytes for \`mlp ${command.join(" ")}\``, () => {
      const [first, ...rest] = spellings.map(([, cwd, f]) => output(command, f, cwd));
      expect(first!.length).toBeGreaterThan(0);
      for (const other of rest) expect(other).toBe(first);
    });
  }

  it("places the file in the repository in every output", () => {
    const ir = JSON.parse(output(OUTPUTS[0]!, "p.mlp", join(repo, "ml", "pipes"))) as { root: string };
    expect(ir.root).toBe("ml/pipes");
    const github = output(OUTPUTS[1]!, "p.mlp", join(repo, "ml", "pipes"));
    expect(github).toContain("working-directory: ml/lib");
    expect(github).toContain("MLP_IN_data: ml/pipes/in.txt");
    const argo = output(OUTPUTS[2]!, "p.mlp", join(repo, "ml", "pipes"));
    expect(argo).toContain("workingDir: /workspace/ml/lib");
    expect(argo).toContain("wc -l /workspace/ml/pipes/in.txt");
    const airflow = output(OUTPUTS[3]!, "p.mlp", join(repo, "ml", "pipes"));
    expect(airflow).toContain(`"_MLP_CWD": "/opt/mlp/project/ml/lib", "_MLP_IN_data": "/opt/mlp/project/ml/pipes/in.txt"`);
  });

  it("takes the repository root from --root, relative to the current directory", () => {
    const fromRoot = JSON.parse(output(OUTPUTS[0]!, "ml/pipes/p.mlp", repo, ["--root", "ml"])) as { root: string };
    expect(fromRoot.root).toBe("pipes");
    const github = output(OUTPUTS[1]!, "p.mlp", join(repo, "ml", "pipes"), ["--root", ".."]);
    expect(github).toContain("working-directory: lib");
    expect(github).toContain("MLP_IN_data: pipes/in.txt");
    expect(output(OUTPUTS[1]!, file, top, ["--root", join(repo, "ml")])).toBe(github);
  });

  it("refuses a --root that is not a directory or does not hold the file (MLP9109)", () => {
    const outside = mlp(["compile", "ml/pipes/p.mlp", "--target", "ir", "--root", "ml/lib"], { cwd: repo });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain("MLP9109");
    expect(outside.stderr).toContain("is outside `--root ml/lib`");
    expect(outside.stdout).toBe("");
    const missing = mlp(["compile", "ml/pipes/p.mlp", "--target", "ir", "--root", "nope"], { cwd: repo });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("`--root nope` is not a directory");
  });

  it("finds a `.git` file (a worktree or a submodule) as the root", () => {
    const w = makeRepo("file");
    const ir = JSON.parse(output(OUTPUTS[0]!, w.file, w.top)) as { root: string };
    expect(ir.root).toBe("ml/pipes");
  });
});

describe("compiling a file with no `.git` above it", () => {
  beforeAll(() => ensureBuilt());
  const { repo } = makeRepo("none");
  writeFileSync(join(repo, "ml", "pipes", "solo.mlp"), `pipeline solo {\n  dataset f: File = "in.txt"\n  step a {\n    inputs { data: f }\n    run "wc -l \${data}"\n  }\n}\n`);

  it("takes the file's own folder as the root, from any folder", () => {
    for (const command of OUTPUTS) {
      const here = output(command, "solo.mlp", join(repo, "ml", "pipes"));
      expect(output(command, "ml/pipes/solo.mlp", repo)).toBe(here);
      expect(output(command, join(repo, "ml", "pipes", "solo.mlp"), join(repo, "ml", "pipes", "sub"))).toBe(here);
    }
    const ir = JSON.parse(output(OUTPUTS[0]!, "ml/pipes/solo.mlp", repo)) as { root: string };
    expect(ir.root).toBe(".");
    const github = output(OUTPUTS[1]!, "ml/pipes/solo.mlp", repo);
    expect(github).toContain("MLP_IN_data: in.txt");
    expect(github).not.toContain("working-directory");
  });

  it("refuses on GitHub a step imported from above that folder (MLP5115)", () => {
    const r = mlp(["compile", "ml/pipes/p.mlp", "--target", "github"], { cwd: repo });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("step `a` runs in `../lib`, outside the repository");
    expect(r.stderr).toContain("ml/pipes/p.mlp:7:8");
  });
});

describe("absolute dataset paths", () => {
  beforeAll(() => ensureBuilt());
  const { repo } = makeRepo("dir");
  const compile = (target: string): { stdout: string; stderr: string } => {
    const r = mlp(["compile", "ml/pipes/p.mlp", "--target", target], { cwd: repo });
    expect(r.status).toBe(0);
    return r;
  };

  it("stay absolute on GitHub, and are left out of the push path filters (MLP5104)", () => {
    const { stdout, stderr } = compile("github");
    expect(stdout).toContain("MLP_IN_x: /srv/shared/abs.csv");
    expect(stdout).not.toContain("$GITHUB_WORKSPACE/$MLP_IN_x");
    expect(stdout).not.toMatch(/- .*srv\/shared/);
    expect(stdout).toContain("- ml/pipes/in.txt");
    expect(stderr).toContain("MLP5104");
    expect(stderr).toContain("`abs` lives at `/srv/shared/abs.csv`");
  });

  it("stay absolute on Argo", () => {
    const { stdout } = compile("argo");
    expect(stdout).toContain("cat /srv/shared/abs.csv");
    expect(stdout).not.toContain("/workspace/srv");
  });

  it("stay absolute on Airflow", () => {
    const { stdout } = compile("airflow");
    expect(stdout).toContain(`"_MLP_IN_x": "/srv/shared/abs.csv"`);
    expect(stdout).not.toContain("/opt/mlp/project/srv");
  });
});

describe("paths above the repository root", () => {
  beforeAll(() => ensureBuilt());
  const { repo } = makeRepo("dir");
  writeFileSync(join(repo, "ml", "pipes", "up.mlp"), `pipeline up {\n  dataset far: File = "../../../far.csv"\n  step s {\n    inputs { x: far }\n    run "cat \${x}"\n  }\n}\n`);

  it("are refused on GitHub (MLP5115), pointing at the dataset as the user spelled the file", () => {
    const r = mlp(["compile", "../up.mlp", "--target", "github"], { cwd: join(repo, "ml", "pipes", "sub") });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("MLP5115");
    expect(r.stderr).toContain("dataset `far` is at `../../../far.csv`, outside the repository");
    expect(r.stderr).toContain("../up.mlp:2:11");
    expect(r.stdout).toBe("");
  });
});

describe("mlp run of an emitted IR file", () => {
  beforeAll(() => ensureBuilt());
  const { top, repo } = makeRepo("dir");
  writeFileSync(join(repo, "ml", "pipes", "run.mlp"), `pipeline r {\n  dataset f: File = "in.txt"\n  step a {\n    inputs { data: f }\n    run "wc -l \${data}"\n  }\n}\n`);

  it("finds the IR's files through its root, from another folder", () => {
    const out = mlp(["compile", "ml/pipes/run.mlp", "--target", "ir", "--out", "build"], { cwd: repo });
    expect(out.status).toBe(0);
    const r = mlp(["run", join(repo, "build", "run.ir.json"), "--store", join(top, "store")], { cwd: join(top, "elsewhere") });
    expect(r.stderr).not.toContain("MLP7");
    expect(r.status).toBe(0);
  });
});
