/**
 * A finished step's lineage record: its cache-key parts and the artifacts it read and wrote.
 * Records are stored once and shared by every run whose step had the same record (migration 3):
 * a step reused from the cache points at the record of the run that ran it, instead of copying
 * one row per input into every no-op run. Whether an output was produced or reused is the step's
 * `cache_hit`, so it is not part of the record.
 */
import type Database from "better-sqlite3";
import type { IrDataset, IrStep, IrType } from "../ir/ir.js";
import { sha256 } from "./cache-key.js";

/** direction, name, hash, type, source (`dataset:NAME:URI`, `output:STEP.OUT`, "" for an output). */
type RecordRow = readonly [direction: "in" | "out", name: string, hash: string, type: string, source: string];

/** A record ready to store: its rows and the digest that identifies it. */
export interface LineageRecord {
  readonly digest: string;
  readonly partsJson: string;
  readonly rows: readonly RecordRow[];
}

/**
 * The record of `step`, given its cache key, input hashes (key parts), serialised parts and
 * output hashes.
 */
export function lineageRecord(
  step: IrStep,
  datasets: readonly IrDataset[],
  key: string,
  inputHashes: Readonly<Record<string, string>>,
  partsJson: string,
  outputs: Readonly<Record<string, string>>,
): LineageRecord {
  const rows: RecordRow[] = [];
  for (const i of step.inputs) {
    const b = i.binding;
    if (b.kind === "dataset") {
      const ds = datasets.find((d) => d.name === b.dataset)!;
      rows.push(["in", i.name, inputHashes[i.name]!, typeName(i.type), `dataset:${b.dataset}:${ds.uri}`]);
    } else if (b.kind === "output") {
      rows.push(["in", i.name, inputHashes[i.name]!, typeName(i.type), `output:${b.step}.${b.output}`]);
    } else if (b.kind === "deployed") {
      // The model live when the step started (or its fallback): lineage follows the artifact's hash.
      rows.push(["in", i.name, inputHashes[i.name]!, typeName(i.type), `deployed:${b.pipeline ?? ""}:${b.env}`]);
    }
  }
  for (const o of step.outputs) rows.push(["out", o.name, outputs[o.name]!, typeName(o.type), ""]);
  // The key stands for the parts (input names, types and hashes among them): hash only the rest.
  const rest = rows.map((r) => (r[0] === "in" ? r[4] : r[2]));
  return { digest: sha256(`${key} ${JSON.stringify(rest)}`), partsJson, rows };
}

/** Prepared statements that store records; build once per run. */
export function recordStatements(db: Database.Database) {
  return {
    find: db.prepare<[string], { id: number }>("SELECT id FROM step_records WHERE digest = ?"),
    insert: db.prepare("INSERT INTO step_records(digest, parts) VALUES (?, ?)"),
    insertArtifact: db.prepare("INSERT INTO record_artifacts(record_id, seq, direction, name, hash, type, source) VALUES (?, ?, ?, ?, ?, ?, ?)"),
  };
}

/** The id of `record` in the store, storing it first if no run has recorded it yet. */
export function storeRecord(stmts: ReturnType<typeof recordStatements>, record: LineageRecord): number {
  const found = stmts.find.get(record.digest);
  if (found) return found.id;
  const id = Number(stmts.insert.run(record.digest, record.partsJson).lastInsertRowid);
  record.rows.forEach((r, seq) => stmts.insertArtifact.run(id, seq, ...r));
  return id;
}

/** How an artifact's type is shown in lineage: `Table<Schema>` or the kind. */
export function typeName(t: IrType): string {
  return t.kind === "Table" && "schema" in t && t.schema !== undefined ? `Table<${t.schema}>` : t.kind;
}
