/**
 * Chaos on a real file system: a small private tmpfs (see test/helpers/tmpfs.ts) filled to several
 * levels while a run commits, a step that fills the disk itself, and a store whose file system is
 * remounted read-only. Each case asserts a clear code, no MLP9001 and no stack trace, and that no
 * data is lost: the runs recorded before the fault are readable once space or write access is back.
 * The figures are in docs/running.md ("Faults"). Skipped with a notice where user namespaces are off.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DISK_FULL_NOTE } from "../../src/runtime/store-fault.js";
import { CAN_MOUNT_TMPFS, inTmpfs, MUST_MOUNT_TMPFS, noticeIfSkipped } from "../helpers/tmpfs.js";
import { BIN, ensureBuilt, hasStackTrace } from "../cli/run-cli.js";
import { fromOutput, irDoc, out, step } from "./ir-builder.js";

beforeAll(() => {
  ensureBuilt();
  if (!CAN_MOUNT_TMPFS && MUST_MOUNT_TMPFS) throw new Error("CI=true but `unshare -r -m` cannot mount a tmpfs here: the disk-full and read-only cases must run in CI");
});
noticeIfSkipped("store-chaos");
const run = CAN_MOUNT_TMPFS || MUST_MOUNT_TMPFS;

/** `n` chained steps, each writing `bytes` random bytes (so each commit and object costs space). */
function chain(n: number, bytes: number, tag: string): string {
  return JSON.stringify(
    irDoc({
      steps: Array.from({ length: n }, (_, i) =>
        step({ name: `s${i}`, run: `head -c ${bytes} /dev/urandom > \${o}; echo ${tag} ${i}`, outputs: [out("o")], ...(i > 0 ? { inputs: [fromOutput("x", `s${i - 1}`, "o")] } : {}) }),
      ),
    }),
  );
}

/** A scratch directory outside the tmpfs for the script's inputs and what it reports. */
function outside(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "mlp-chaos-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const read = (dir: string, name: string): string => readFileSync(join(dir, name), "utf8");
type RunRow = { id: number; status: string };
const runsOf = (dir: string, name: string): RunRow[] => (JSON.parse(read(dir, name)) as RunRow[]).map((r) => ({ id: r.id, status: r.status }));

function expectClean(text: string): void {
  expect(text).not.toContain("MLP9001");
  expect(hasStackTrace(text)).toBe(false);
}

/**
 * The shell steps of one case: `mlp` runs the CLI; the first run records history; `$1` KiB are
 * left free; the faulty run's output and code, then the store after freeing space, go to `$OUT`.
 */
const FULL_DISK = `
mlp() { node "$BIN" "$@"; }
cd "$MNT"
cp "$OUT/p.ir.json" "$OUT/q.ir.json" .
mlp run p.ir.json > "$OUT/first.txt" 2>&1
avail=$(df -k --output=avail "$MNT" | tail -1)
fill=$((avail - FREE_KB))
[ "$fill" -gt 0 ] && (head -c "$((fill * 1024))" /dev/zero > filler 2>/dev/null || true)
df -k --output=avail "$MNT" | tail -1 > "$OUT/free.txt"
set +e
mlp run --no-cache q.ir.json > "$OUT/fault.out" 2> "$OUT/fault.err"; echo $? > "$OUT/fault.rc"
rm -f filler
mlp --format json runs > "$OUT/runs-after.json" 2> "$OUT/runs-after.err"; echo $? > "$OUT/runs-after.rc"
mlp run q.ir.json > "$OUT/rerun.txt" 2>&1; echo $? > "$OUT/rerun.rc"
mlp --format json runs > "$OUT/runs-final.json"
`;

describe.skipIf(!run)("a full disk", () => {
  // KiB left free before the run: none, a few pages, part of a step's output, several outputs.
  it.each([0, 40, 150, 300, 600])("with %i KiB free, the run ends cleanly and nothing recorded before is lost", (freeKb) => {
    const o = outside({ "p.ir.json": chain(20, 20_000, "first"), "q.ir.json": chain(20, 20_000, "second") });
    const r = inTmpfs(FULL_DISK, 4096, { BIN, OUT: o, FREE_KB: String(freeKb) });
    expect(r.status, r.stderr).toBe(0);
    expect(read(o, "first.txt")).toContain("run 1 succeeded");
    const rc = Number(read(o, "fault.rc"));
    const err = read(o, "fault.err");
    expectClean(err + read(o, "fault.out"));
    // Exit 2 when the store itself could not be written (an I/O error), 1 when only a step failed.
    expect([1, 2], err).toContain(rc);
    if (rc === 2) expect(err).toContain("error[MLP7043]: no space left on the device holding the store");
    else expect(err).toContain(DISK_FULL_NOTE);
    expect(err).not.toMatch(/log: .*\(empty\)$/m);
    // Space back: the first run is intact; the faulty one is `failed` if it could record its end,
    // else `mlp runs` finds its process gone and shows it `died`.
    expect(Number(read(o, "runs-after.rc")), read(o, "runs-after.err")).toBe(0);
    const after = runsOf(o, "runs-after.json");
    expect(after.find((x) => x.id === 1)?.status).toBe("success");
    for (const x of after) if (x.id !== 1) expect(["failed", "died"]).toContain(x.status);
    // The next run completes, and no run is left `running`.
    expect(Number(read(o, "rerun.rc")), read(o, "rerun.txt")).toBe(0);
    const final = runsOf(o, "runs-final.json");
    expect(final.find((x) => x.id === 1)?.status).toBe("success");
    expect(final.map((x) => x.status)).not.toContain("running");
  }, 120_000);

  it("says the disk was full when a step fills it, instead of an empty log", () => {
    const o = outside({
      "p.ir.json": JSON.stringify(irDoc({ steps: [step({ name: "big", run: "head -c 8000000 /dev/zero > ${o}", outputs: [out("o")] })] })),
    });
    const r = inTmpfs(`cd "$MNT"; cp "$OUT/p.ir.json" .; set +e; node "$BIN" run p.ir.json > "$OUT/out" 2>&1; echo $? > "$OUT/rc"; node "$BIN" --format json runs > "$OUT/runs.json"`, 2048, { BIN, OUT: o });
    expect(r.status, r.stderr).toBe(0);
    const text = read(o, "out");
    expectClean(text);
    expect(Number(read(o, "rc")), text).toBe(1);
    expect(text).toContain("error[MLP7010]: step `big` failed with exit code 1");
    expect(text).toContain(`= note: ${DISK_FULL_NOTE}`);
    expect(text).toMatch(/log: \S+big\.log \(empty: its device was full, see the note above\)/);
    // Its output was removed, so the store had room to record the failure.
    expect(runsOf(o, "runs.json")).toEqual([{ id: 1, status: "failed" }]);
  }, 60_000);
});

describe.skipIf(!run)("a read-only store", () => {
  it("is reported by every command, and usable again once writable", () => {
    const o = outside({ "p.ir.json": chain(3, 100, "ro") });
    const script = `
mlp() { node "$BIN" "$@"; }
cd "$MNT"; cp "$OUT/p.ir.json" .
mlp run p.ir.json > "$OUT/first.txt" 2>&1
mount -o remount,ro "$MNT"
set +e
i=0
for args in "run p.ir.json" "run --no-cache p.ir.json" "runs" "runs show 1" "lineage 1 s2" "approve 1 prod"; do
  i=$((i + 1)); mlp $args > "$OUT/ro$i.out" 2>&1; echo $? > "$OUT/ro$i.rc"
done
mount -o remount,rw "$MNT"
mlp --format json runs > "$OUT/runs.json"
mlp run p.ir.json > "$OUT/again.txt" 2>&1; echo $? > "$OUT/again.rc"
`;
    const r = inTmpfs(script, 4096, { BIN, OUT: o });
    expect(r.status, r.stderr).toBe(0);
    expect(read(o, "first.txt")).toContain("run 1 succeeded");
    for (let i = 1; i <= 6; i++) {
      const text = read(o, `ro${i}.out`);
      expectClean(text);
      expect(Number(read(o, `ro${i}.rc`)), text).toBe(2);
      expect(text).toContain("error[MLP7042]: the store `");
      expect(text).toContain("its file system is read-only");
    }
    expect(runsOf(o, "runs.json")).toEqual([{ id: 1, status: "success" }]);
    expect(Number(read(o, "again.rc"))).toBe(0);
    expect(read(o, "again.txt")).toContain("nothing changed since run 1");
  }, 60_000);
});

describe.skipIf(!run)("writing into a read-only folder", () => {
  it("`mlp fmt`, `mlp graph -o` and `mlp compile -o` name the file and the reason (MLP9102), never MLP9001", () => {
    const messy = 'pipeline   p{\n  step s {\n    run "echo 1"\n        image "alpine:3.20"\n  }\n}\n';
    const o = outside({ "p.mlp": messy });
    const script = `
cd "$MNT"; cp "$OUT/p.mlp" .; mkdir out
mount -o remount,ro "$MNT"
set +e
node "$BIN" fmt p.mlp > "$OUT/fmt.out" 2>&1; echo $? > "$OUT/fmt.rc"
node "$BIN" graph p.mlp -o "$MNT/p.svg" --format svg > "$OUT/graph.out" 2>&1; echo $? > "$OUT/graph.rc"
node "$BIN" compile p.mlp -t github -o "$MNT/out" > "$OUT/compile.out" 2>&1; echo $? > "$OUT/compile.rc"
cp p.mlp "$OUT/after.mlp"
`;
    const r = inTmpfs(script, 1024, { BIN, OUT: o });
    expect(r.status, r.stderr).toBe(0);
    for (const [cmd, file] of [["fmt", "p.mlp"], ["graph", "p.svg"], ["compile", "out/"]] as const) {
      const text = read(o, `${cmd}.out`);
      expectClean(text);
      expect(Number(read(o, `${cmd}.rc`)), text).toBe(2);
      expect(text).toContain("error[MLP9102]: cannot write `");
      expect(text).toContain(file);
      expect(text).toContain("the file system is read-only");
    }
    expect(read(o, "after.mlp")).toBe(messy);
  }, 60_000);
});
