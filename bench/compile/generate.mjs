// Generates a pipeline of N steps (with components, gates, an import and a deploy) as .mlp, and
// an equivalent YAML description of the same pipeline for the js-yaml yardstick.
// Usage: node bench/compile/generate.mjs N OUTDIR
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export function generate(n, dir) {
  mkdirSync(dir, { recursive: true });
  const components = [
    "schema Row {",
    "  id: string",
    "  value: float",
    "  label: bool",
    "}",
    "",
    "component transform {",
    "  inputs { data: Table<Row>, scale: float = 1.0 }",
    "  outputs { out: Table<Row> }",
    "  metrics { rows: int, loss: float }",
    '  image "python:3.12-slim"',
    '  code "steps/transform.py"',
    "  timeout 10m",
    '  run "python steps/transform.py --in ${data} --scale ${scale} --out ${out} --metrics ${metrics}"',
    "}",
    "",
  ].join("\n");
  const lines = ['import "./components.mlp"', "", `pipeline big {`, `  description "generated pipeline with ${n} steps"`, '  schedule "0 3 * * *"', "  param scale: float = 0.5", "  param threshold: float = 0.9", '  dataset raw: Table<Row> = "data/raw.csv"', ""];
  const yamlStages = [];
  for (let i = 0; i < n; i++) {
    const prev = i === 0 ? "raw" : `s${i - 1}.out`;
    const gateAfter = i > 0 && i % 100 === 0 ? `g${i / 100}` : undefined;
    if (gateAfter) {
      lines.push(`  gate ${gateAfter} {`, `    s${i - 1}.loss < threshold`, `    s${i - 1}.rows >= 1`, "  }");
    }
    if (i % 10 === 5 && !gateAfter) {
      lines.push(`  step s${i} = transform(data: ${prev}, scale: scale)`);
      yamlStages.push({ name: `s${i}`, uses: "transform", with: { data: prev, scale: "${params.scale}" } });
    } else {
      const extra = i >= 2 && i % 7 === 0 ? `, side: s${i - 2}.out` : "";
      lines.push(
        `  step s${i} {`,
        ...(gateAfter ? [`    after ${gateAfter}`] : []),
        `    inputs { data: ${prev}${extra} }`,
        "    outputs { out: Table<Row> }",
        "    metrics { rows: int, loss: float }",
        '    image "python:3.12-slim"',
        '    code "steps/step.py"',
        "    retry 1",
        "    timeout 30m",
        `    run "python steps/step.py --in \${data} --out \${out} --metrics \${metrics} --index ${i}"`,
        "  }",
      );
      yamlStages.push({
        name: `s${i}`,
        ...(gateAfter ? { after: [gateAfter] } : {}),
        inputs: { data: prev, ...(extra ? { side: `s${i - 2}.out` } : {}) },
        outputs: { out: "Table<Row>" },
        metrics: { rows: "int", loss: "float" },
        image: "python:3.12-slim",
        code: ["steps/step.py"],
        retry: 1,
        timeout: "30m",
        run: `python steps/step.py --in \${data} --out \${out} --metrics \${metrics} --index ${i}`,
      });
    }
  }
  lines.push("", "  step package {", `    inputs { data: s${n - 1}.out }`, "    outputs { model: Model }", '    run "cp ${data} ${model}"', "  }");
  yamlStages.push({ name: "package", inputs: { data: `s${n - 1}.out` }, outputs: { model: "Model" }, run: "cp ${data} ${model}" });
  lines.push("", "  gate quality {", `    s${n - 1}.loss < threshold`, "  }", "", "  deploy production {", "    model package.model", "    after quality", "    approval required", "    to local", "  }", "}", "");
  writeFileSync(join(dir, "components.mlp"), components);
  writeFileSync(join(dir, "main.mlp"), lines.join("\n"));
  // The YAML yardstick: the same stages written the way a YAML-based tool would.
  const yaml = ["pipeline: big", `description: generated pipeline with ${n} steps`, "stages:"];
  for (const s of yamlStages) {
    yaml.push(`  - name: ${s.name}`);
    for (const [k, v] of Object.entries(s)) {
      if (k === "name") continue;
      if (Array.isArray(v)) yaml.push(`    ${k}: [${v.join(", ")}]`);
      else if (typeof v === "object") {
        yaml.push(`    ${k}:`);
        for (const [k2, v2] of Object.entries(v)) yaml.push(`      ${k2}: ${JSON.stringify(v2)}`);
      } else yaml.push(`    ${k}: ${JSON.stringify(v)}`);
    }
  }
  writeFileSync(join(dir, "pipeline.yaml"), yaml.join("\n") + "\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  generate(Number(process.argv[2] ?? 100), process.argv[3] ?? "bench/out/compile");
}
