/**
 * The HTML view in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * every node is drawn inside the page, none overlaps another, for the churn pipeline, pipelines
 * with sweeps (each box holds its members under its title, and no other node) and a generated
 * 200-step pipeline; the standalone SVG parses as XML. The browser is `$CHROMIUM_PATH` or
 * `/usr/bin/chromium`; `.ci/run` installs Debian's chromium. Without one the test is skipped with a one-line notice, except under
 * `CI=true`, where a missing browser is a failure (CI must not pass by skipping it).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IrDocument, IrStep } from "../../src/ir/ir.js";
import type { ValidPipeline } from "../../src/ir/validate.js";
import { renderGraph } from "../../src/graph/render.js";
import { validIr } from "../helpers/valid-ir.js";
import { twoSweeps } from "./sweep-fixtures.js";
import { flow, predictWithFallback, tuneWithFinally } from "./control-fixtures.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === "true";
if (!HAVE_CHROMIUM && !IN_CI) console.warn(`html-browser: skipped, no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)`);
const churnDoc = JSON.parse(readFileSync("test/fixtures/ir/churn.ir.json", "utf8")) as IrDocument;
const churn = validIr(churnDoc, "churn.ir.json").pipelines[0]!;
const tune = validIr(JSON.parse(readFileSync("test/fixtures/sweep/tune.ir.json", "utf8")), "tune.ir.json").pipelines[0]!;

/** A layered pipeline: `layers` x `width` steps, each reading two outputs of the layer before. */
function layeredPipeline(layers: number, width: number): ValidPipeline {
  const origin = churn.origin;
  const steps: IrStep[] = [];
  for (let l = 0; l < layers; l++) {
    for (let w = 0; w < width; w++) {
      const prev = l === 0 ? [] : [`s${l - 1}_${w}`, `s${l - 1}_${(w + 1) % width}`];
      steps.push({
        name: `s${l}_${w}`, origin, workingDir: ".", code: [], env: {}, secrets: [], resources: {}, retry: 0, cache: true,
        inputs: prev.map((p, i) => ({ name: `in${i}`, type: { kind: "File" }, binding: { kind: "output", step: p, output: "out" } })),
        outputs: [{ name: "out", type: { kind: "File" } }], metrics: [], needs: prev, after: [],
      });
    }
  }
  const pipeline = { ...churn, name: "layered", triggers: [], datasets: [], gates: [], deploys: [], steps, order: steps.map((s) => ({ kind: "step" as const, name: s.name })) };
  return validIr({ ...churnDoc, pipelines: [pipeline] }, "layered").pipelines[0]!;
}

let browser: Browser;
beforeAll(async () => {
  if (!HAVE_CHROMIUM) {
    if (IN_CI) throw new Error(`${CHROMIUM} not found: install Debian's chromium (see .ci/run)`);
    return;
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
afterAll(async () => {
  await browser?.close();
});

describe.each([
  ["churn", churn, 10],
  ["tune (a sweep)", tune, 8],
  ["two sweeps", twoSweeps(), 12],
  ["flow (control flow)", flow, 7],
  ["a deployed model with fallbacks", predictWithFallback(), 7],
  ["a sweep and a finally step", tuneWithFinally(), 9],
  ["200 steps", layeredPipeline(20, 10), 200],
] as const)("html view of %s", (_name, pipeline, nodeCount) => {
  // Skipped only off CI without a browser (notice above); under CI=true beforeAll fails instead.
  it.skipIf(!HAVE_CHROMIUM && !IN_CI)("shows every node, inside the page, with no two overlapping", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlp-graph-"));
    const file = join(dir, "graph.html");
    writeFileSync(file, renderGraph(pipeline, "html"));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    const boxes = await page.$$eval("g.node", (nodes) =>
      nodes.map((n) => {
        const r = (n as SVGGElement).getBoundingClientRect();
        return { x: r.x + window.scrollX, y: r.y + window.scrollY, w: r.width, h: r.height };
      }),
    );
    const svgBox = await page.$eval("svg", (s) => {
      const r = s.getBoundingClientRect();
      return { x: r.x + window.scrollX, y: r.y + window.scrollY, w: r.width, h: r.height };
    });
    expect(boxes).toHaveLength(nodeCount);
    for (const b of boxes) {
      expect(b.w).toBeGreaterThan(20);
      expect(b.h).toBeGreaterThan(10);
      expect(b.x).toBeGreaterThanOrEqual(svgBox.x - 0.5);
      expect(b.y).toBeGreaterThanOrEqual(svgBox.y - 0.5);
      expect(b.x + b.w).toBeLessThanOrEqual(svgBox.x + svgBox.w + 0.5);
      expect(b.y + b.h).toBeLessThanOrEqual(svgBox.y + svgBox.h + 0.5);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        expect(overlaps(a, b), `nodes ${i} and ${j} overlap`).toBe(false);
      }
    }
    // An edge's drawn label (`not`) sits clear of every node.
    const labels = await page.$$eval("text.edge-label", (ts) =>
      ts.map((t) => {
        const r = t.getBoundingClientRect();
        return { x: r.x + window.scrollX, y: r.y + window.scrollY, w: r.width, h: r.height };
      }),
    );
    expect(labels).toHaveLength(pipeline.steps.reduce((n, s) => n + (s.afterNot?.length ?? 0), 0) + pipeline.deploys.reduce((n, d) => n + (d.afterNot?.length ?? 0), 0));
    for (const l of labels) for (const b of boxes) expect(overlaps(l, b), "an edge label overlaps a node").toBe(false);
    // A sweep's box holds its members below its title, and nothing else.
    const clusters = await page.$$eval("g.cluster", (gs) =>
      gs.map((g) => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { x: r.x + window.scrollX, y: r.y + window.scrollY, w: r.width, h: r.height };
        };
        return { id: g.getAttribute("data-id")!, box: box(g.querySelector("rect")!), title: box(g.querySelector("text")!) };
      }),
    );
    const nodeIds = await page.$$eval("g.node", (nodes) => nodes.map((n) => n.getAttribute("data-id")!));
    const members = new Map((pipeline.sweeps ?? []).map((sw) => [`cluster_${sw.name}`, new Set([...sw.members.map((m) => `${pipeline.steps.some((s) => s.name === m) ? "step" : "gate"}_${m}`), `sweep_${sw.name}`])]));
    expect(clusters.map((c) => c.id)).toEqual([...members.keys()]);
    const inside = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.w <= b.x + b.w + 0.5 && a.y + a.h <= b.y + b.h + 0.5;
    for (const c of clusters) {
      expect(inside(c.title, c.box), `${c.id}: title inside its box`).toBe(true);
      boxes.forEach((b, i) => {
        const id = nodeIds[i]!;
        if (members.get(c.id)!.has(id)) {
          expect(inside(b, c.box), `${id} inside ${c.id}`).toBe(true);
          expect(overlaps(b, c.title), `${id} under the title of ${c.id}`).toBe(false);
        } else expect(overlaps(b, c.box), `${id} overlaps ${c.id}`).toBe(false);
      });
    }
    // The page draws something: the screenshot is not one flat colour.
    const png = await page.screenshot({ fullPage: true });
    expect(png.length).toBeGreaterThan(5_000);
    expect(requests).toEqual([]);
    await page.close();
  });
});

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
}

describe.each([
  ["churn", churn],
  ["tune (a sweep)", tune],
  ["flow (control flow)", flow],
] as const)("standalone svg of %s", (_name, pipeline) => {
  it.skipIf(!HAVE_CHROMIUM && !IN_CI)("is well-formed XML that Chromium draws as SVG", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlp-graph-"));
    const file = join(dir, "graph.svg");
    writeFileSync(file, renderGraph(pipeline, "svg"));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`file://${file}`);
    // An XML error makes Chromium show a <parsererror> page instead of the drawing.
    const root = await page.evaluate(() => ({ ns: document.documentElement.namespaceURI, tag: document.documentElement.localName, errors: document.getElementsByTagName("parsererror").length }));
    expect(root).toEqual({ ns: "http://www.w3.org/2000/svg", tag: "svg", errors: 0 });
    expect(await page.$$eval("g.node", (n) => n.length)).toBe(pipeline.order.length + pipeline.datasets.length);
    await page.close();
  });
});
