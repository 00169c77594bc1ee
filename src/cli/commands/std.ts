/**
 * `mlp std <builtin> --<input> VALUE … --<output> PATH --metrics PATH`: runs one `std.*` built-in
 * outside a pipeline. The GitHub, Argo and Airflow targets call exactly this in their generated
 * jobs, and the local executor calls the same `runBuiltin`, so a drift or data check means the
 * same everywhere. Arguments are parsed here (not by commander) because they come from the
 * built-in's signature.
 */
import type { Command } from "commander";
import type { IrSchema, IrType, ValueTypeName } from "../../ir/ir.js";
import { BuiltinError, runBuiltin } from "../../runtime/std/index.js";
import { type BuiltinSignature, STD_BUILTINS } from "../../std/signatures.js";
import { isIdentifier } from "../../source/identifier.js";
import { EXIT } from "../exit-codes.js";
import { processStreams, type Streams } from "../report.js";
import { runSafely } from "../run-safely.js";

const VALUE_TYPES: readonly ValueTypeName[] = ["int", "float", "string", "bool", "duration"];

/** Registers `mlp std`. */
export function registerStd(program: Command): void {
  program
    .command("std")
    .description("run a std.* built-in (drift, profile, expect) on table files")
    .argument("[builtin]", "the built-in to run")
    .argument("[args...]", "its inputs, outputs and --metrics")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText("after", () => `\n${overview()}`)
    .action(async (builtin: string | undefined, args: string[]) => {
      process.exitCode = await runSafely(() => runStd(builtin, args ?? [], processStreams), processStreams);
    });
}

/** The body of `mlp std`, returning the exit code. */
export async function runStd(builtin: string | undefined, argv: readonly string[], streams: Streams): Promise<number> {
  if (builtin === undefined || builtin === "--help" || builtin === "-h" || builtin === "help") {
    streams.stdout.write(overview());
    return builtin === undefined ? EXIT.usage : EXIT.ok;
  }
  const sig = STD_BUILTINS[builtin];
  if (sig === undefined) {
    streams.stderr.write(
      `error: unknown built-in \`${builtin}\`\n  = help: the built-ins are ${Object.keys(STD_BUILTINS).map((n) => `\`${n}\``).join(", ")}; run \`mlp std --help\`\n`,
    );
    return EXIT.usage;
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    streams.stdout.write(usage(sig));
    return EXIT.ok;
  }
  const parsed = parseArgs(sig, argv);
  if (typeof parsed === "string") {
    streams.stderr.write(`error: ${parsed}\n  = help: run \`mlp std ${sig.name} --help\`\n`);
    return EXIT.usage;
  }
  try {
    const metrics = await runBuiltin(sig.name, parsed);
    streams.stderr.write(`std.${sig.name}: ${summary(sig, metrics)} (metrics in ${parsed.metricsPath})\n`);
  } catch (e) {
    if (!(e instanceof BuiltinError)) throw e;
    streams.stderr.write(`error${e.code !== undefined ? `[${e.code}]` : ""}: std.${sig.name}: ${e.message}\n`);
    if (e.help !== undefined) streams.stderr.write(`  = help: ${e.help}\n`);
    if (e.kind === "usage") {
      if (e.help === undefined) streams.stderr.write(`  = help: run \`mlp std ${sig.name} --help\`\n`);
      return EXIT.usage;
    }
    return EXIT.failed;
  }
  return EXIT.ok;
}

type Parsed = {
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  metricsPath: string;
  schemas: Record<string, IrSchema>;
  inputTypes: Record<string, IrType>;
};

/** `--name VALUE` or `--name=VALUE`; input names may be written with `-` for `_`. Returns a message on error. */
function parseArgs(sig: BuiltinSignature, argv: readonly string[]): Parsed | string {
  const out: Parsed = { inputs: {}, outputs: {}, metricsPath: "", schemas: {}, inputTypes: {} };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) return `unexpected argument \`${arg}\` (arguments are \`--name VALUE\` pairs)`;
    const eq = arg.indexOf("=");
    const rawName = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string | undefined = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq < 0) {
      if (value === undefined || (value.startsWith("--") && value.length > 2)) return `\`--${rawName}\` needs a value`;
      i++;
    }
    const name = rawName.replace(/-/g, "_");
    if (name === "schema") {
      const s = parseSchemaFlag(sig, value!);
      if (typeof s === "string") return s;
      if (out.schemas[s.input] !== undefined) return `\`--schema\` given twice for input \`${s.input}\``;
      out.schemas[s.input] = s.schema;
      continue;
    }
    if (seen.has(name)) return `\`--${rawName}\` given twice`;
    seen.add(name);
    if (name === "metrics") out.metricsPath = value!;
    else if (sig.outputs.some((o) => o.name === name)) out.outputs[name] = value!;
    else if (sig.inputs.some((p) => p.name === name)) out.inputs[name] = value!;
    else {
      const known = [...sig.inputs.map((p) => p.name), ...sig.outputs.map((o) => o.name), "metrics", "schema"];
      return `\`std.${sig.name}\` has no input or output \`${rawName}\` (it takes ${known.map((k) => `\`--${k}\``).join(", ")})`;
    }
  }
  for (const p of sig.inputs) {
    if (p.default === undefined && out.inputs[p.name] === undefined) return `missing \`--${p.name}\` (${p.description})`;
  }
  if (out.metricsPath === "") return "missing `--metrics PATH` (where the metrics JSON is written)";
  return out;
}

/** `--schema INPUT=col:type,col:type` gives a table input's schema (what the IR's `Table<S>` says). */
function parseSchemaFlag(sig: BuiltinSignature, value: string): { input: string; schema: IrSchema } | string {
  const eq = value.indexOf("=");
  const input = eq < 0 ? "" : value.slice(0, eq);
  const tables = sig.inputs.filter((p) => p.type === "Table").map((p) => p.name);
  if (!tables.includes(input)) {
    return `\`--schema\` must be \`INPUT=col:type,…\` with INPUT one of ${tables.map((t) => `\`${t}\``).join(", ")}, got \`${value}\``;
  }
  const columns: { name: string; type: ValueTypeName }[] = [];
  for (const part of value.slice(eq + 1).split(",")) {
    const [col, type, extra] = part.split(":");
    if (col === undefined || !isIdentifier(col) || type === undefined || !(VALUE_TYPES as readonly string[]).includes(type) || extra !== undefined) {
      return `bad column \`${part}\` in \`--schema ${input}=…\` (write \`name:type\`, type one of ${VALUE_TYPES.join(", ")})`;
    }
    if (columns.some((c) => c.name === col)) return `column \`${col}\` appears twice in \`--schema ${input}=…\``;
    columns.push({ name: col, type: type as ValueTypeName });
  }
  const origin = { file: "<command line>", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  return { input, schema: { name: `${input} (--schema)`, columns, origin } };
}

/** The signature's summary metrics on one line, e.g. `max_psi 0.5416, max_ks 0.1074, drifted_columns 1`. */
function summary(sig: BuiltinSignature, metrics: Record<string, number | boolean>): string {
  return sig.metrics
    .map((m) => {
      const v = metrics[m.name];
      return `${m.name} ${typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : String(v)}`;
    })
    .join(", ");
}

function overview(): string {
  const lines = [
    "Usage: mlp std <builtin> --<input> VALUE … [--<output> PATH] --metrics PATH [--schema INPUT=col:type,…]",
    "",
    "Runs a std.* built-in on table files (CSV, or JSON lines for .jsonl/.ndjson) and writes its",
    "metrics as a JSON object. The same code runs `step s = std.<builtin>(…)` in `mlp run` and in",
    "the GitHub, Argo and Airflow workflows mlp generates.",
    "",
    "Built-ins:",
    ...Object.values(STD_BUILTINS).map((s) => `  ${s.name.padEnd(8)} ${s.description}`),
    "",
    "Examples:",
    "  $ mlp std drift --current new.csv --reference train.csv --bins 10 --report drift.json --metrics m.json",
    "  $ mlp std expect --data new.csv --min_rows 100 --max_null_fraction 0.05 --metrics m.json \\",
    "      --schema data=id:int,amount:float,country:string",
    "",
    "Exit status: 0 success, 1 bad data or an expectation not met, 2 usage error or unreadable file.",
    "Run `mlp std <builtin> --help` for one built-in; docs/std.md has the formulas.",
    "",
  ];
  return lines.join("\n");
}

function usage(sig: BuiltinSignature): string {
  const table = sig.inputs.filter((p) => p.type === "Table").map((p) => p.name);
  const lines = [
    `Usage: mlp std ${sig.name} ${sig.inputs.map((p) => (p.default === undefined ? `--${p.name} ${p.type === "Table" ? "PATH" : p.type.toUpperCase()}` : `[--${p.name} ${p.type.toUpperCase()}]`)).join(" ")} ${sig.outputs.map((o) => `[--${o.name} PATH]`).join(" ")} --metrics PATH`,
    "",
    sig.description,
    "",
    "Inputs:",
    ...sig.inputs.map((p) => `  --${p.name.padEnd(18)} ${p.type}${p.default !== undefined ? ` (default ${String(p.default)})` : ""}: ${p.description}`),
    "Outputs:",
    ...sig.outputs.map((o) => `  --${o.name.padEnd(18)} ${o.description}`),
    `  --${"metrics".padEnd(18)} where the metrics JSON object is written`,
    `  --${"schema".padEnd(18)} ${table.map((t) => `${t}=col:type,…`).join(" or ")}: the table's schema (repeatable); without it,`,
    `  ${"".padEnd(20)} columns come from the header and their kinds are inferred`,
    "Metrics:",
    ...sig.metrics.map((m) => `  ${m.name.padEnd(20)} ${m.type}: ${m.description}`),
    ...sig.columnMetrics.map((m) => `  ${`${m.prefix}_<column>`.padEnd(20)} ${m.type}: per ${m.numericOnly ? "numeric " : ""}column`),
    "",
  ];
  return lines.join("\n");
}
