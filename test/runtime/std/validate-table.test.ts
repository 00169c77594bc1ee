import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateTable } from "../../../src/runtime/std/index.js";
import { file, schema, tempDir } from "./helpers.js";

const Row = schema("Row", { id: int(), score: "float", label: "string", ok: "bool", wait: "duration" });
function int(): "int" {
  return "int";
}

describe("validateTable", () => {
  it("accepts a conforming CSV (extra columns, empty values, quoted fields, CRLF)", async () => {
    const dir = tempDir();
    const path = file(dir, "t.csv", 'id,score,label,ok,wait,extra\r\n1,0.5,"a, b",true,30s,x\r\n2,,"multi\nline",false,1.5,\r\n3,1e-3,,1,500ms,y\r\n');
    expect(await validateTable(path, Row)).toEqual({ ok: true, errors: [], rows: 3 });
  });

  it("names the file, line, row and column of each bad value", async () => {
    const dir = tempDir();
    const path = file(dir, "t.csv", 'id,score,label,ok,wait\n1,0.5,a,true,1s\n"2\n",x,b,maybe,soon\n');
    const r = await validateTable(path, Row);
    expect(r.ok).toBe(false);
    expect(r.rows).toBe(2);
    expect(r.errors).toEqual([
      `${path}:3: row 2, column \`id\`: \`2\\u000a\` is not an int`,
      `${path}:4: row 2, column \`score\`: \`x\` is not a float`,
      `${path}:4: row 2, column \`ok\`: \`maybe\` is not a bool (\`true\` or \`false\`)`,
      `${path}:4: row 2, column \`wait\`: \`soon\` is not a duration (\`30s\`, \`2h\`) or a number of seconds`,
    ]);
  });

  it("reports missing columns, wrong field counts and duplicate headers", async () => {
    const dir = tempDir();
    const missing = file(dir, "m.csv", "id,score\n1,2\n");
    expect((await validateTable(missing, Row)).errors).toEqual([
      `${missing}: missing column \`label\` (declared as string by schema \`Row\`)`,
      `${missing}: missing column \`ok\` (declared as bool by schema \`Row\`)`,
      `${missing}: missing column \`wait\` (declared as duration by schema \`Row\`)`,
    ]);
    const ragged = file(dir, "r.csv", "a,b\n1,2\n3\n4,5,6\n");
    const r = await validateTable(ragged, undefined);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([`${ragged}:3: row 2 has 1 field, the header has 2`, `${ragged}:4: row 3 has 3 fields, the header has 2`]);
    const dup = file(dir, "d.csv", "a,a\n1,2\n");
    expect((await validateTable(dup, undefined)).errors).toEqual([`${dup}:1: the header names column \`a\` twice`]);
  });

  it("reports malformed CSV and a missing file without throwing", async () => {
    const dir = tempDir();
    const bad = file(dir, "b.csv", 'a,b\n1,"open\n');
    expect(await validateTable(bad, undefined)).toEqual({
      ok: false,
      errors: [`${bad}:2: malformed CSV at column 1: unterminated quoted field (it starts on line 2)`],
      rows: 0,
    });
    expect((await validateTable(join(dir, "none.csv"), Row)).errors).toEqual([`${join(dir, "none.csv")}: no such file`]);
  });

  it("caps the list of errors and says how many more there are", async () => {
    const dir = tempDir();
    const path = file(dir, "t.csv", "id\n" + Array.from({ length: 80 }, () => "x").join("\n") + "\n");
    const r = await validateTable(path, schema("Ids", { id: "int" }));
    expect(r.errors).toHaveLength(51);
    expect(r.errors[50]).toBe(`${path}: … and 30 more`);
  });

  it("checks JSON lines with JSON types", async () => {
    const dir = tempDir();
    const good = file(dir, "t.jsonl", '{"id":1,"score":0.5,"label":"a","ok":true,"wait":30}\n{"id":2,"score":null,"label":"b","ok":false,"wait":"2h"}\n\n');
    expect(await validateTable(good, Row)).toEqual({ ok: true, errors: [], rows: 2 });
    const bad = file(dir, "u.ndjson", '{"id":1.5,"score":"0.5","label":3,"ok":"true","wait":1}\n[1]\n{"id":2,"score":1,"label":{"x":1},"ok":true,"wait":1}\nnot json\n');
    const r = await validateTable(bad, Row);
    expect(r.ok).toBe(false);
    expect(r.errors.slice(0, 6)).toEqual([
      `${bad}:1: row 1, column \`id\`: \`1.5\` is not an int`,
      `${bad}:1: row 1, column \`score\`: \`"0.5"\` is not a float`,
      `${bad}:1: row 1, column \`label\`: \`3\` is not a string`,
      `${bad}:1: row 1, column \`ok\`: \`"true"\` is not a bool (\`true\` or \`false\`)`,
      `${bad}:2: row 2 is not a JSON object`,
      `${bad}:3: row 3: column \`label\` holds a nested JSON value; tables are flat`,
    ]);
    expect(r.errors[6]).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4: row 4 is not valid JSON`));
  });

  it("without a schema checks only that the table is well-formed", async () => {
    const dir = tempDir();
    const path = file(dir, "t.csv", "a,b\nx,1\ny,2\n");
    expect(await validateTable(path, undefined)).toEqual({ ok: true, errors: [], rows: 2 });
  });
});
