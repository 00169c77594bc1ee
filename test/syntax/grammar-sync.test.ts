/**
 * Keeps grammar/mlp.ebnf, the parser's rule doc comments and grammar/diagrams.html in step with
 * the parser itself. Run with MLP_UPDATE_GRAMMAR=1 (`npm run gen:grammar`) to regenerate the
 * diagrams after a grammar change.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { createSyntaxDiagramsCode, type ISerializedGast } from "chevrotain";
import { mlpParser } from "../../src/syntax/parser.js";
import { allTokens } from "../../src/syntax/tokens.js";

const root = new URL("../../", import.meta.url);
const ebnfText = readFileSync(new URL("grammar/mlp.ebnf", root), "utf8");
const parserSource = readFileSync(new URL("src/syntax/parser.ts", root), "utf8");
const serialized = mlpParser.getSerializedGastProductions();

/** How a token is written in the EBNF: `"step"` for keywords and punctuation, else its name. */
function spelling(tokenName: string): string {
  if (tokenName === "Newline") return "NL";
  const token = allTokens.find((t) => t.name === tokenName);
  const label = token?.LABEL;
  const m = label === undefined ? null : /^`(.+)`$/.exec(label);
  return m ? JSON.stringify(m[1]) : tokenName;
}

/** Every rule and token each parser rule references, spelled as in the EBNF. */
function parserReferences(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (node: ISerializedGast, refs: Set<string>): void => {
    const n = node as ISerializedGast & { name?: string; definition?: ISerializedGast[] };
    if (n.type === "NonTerminal") refs.add(n.name!);
    else if (n.type === "Terminal") refs.add(spelling(n.name!));
    for (const child of n.definition ?? []) walk(child, refs);
  };
  for (const rule of serialized) {
    const refs = new Set<string>();
    for (const d of (rule as unknown as { definition: ISerializedGast[] }).definition) walk(d, refs);
    out.set((rule as unknown as { name: string }).name, refs);
  }
  return out;
}

/** Splits the EBNF into productions (comments removed) and collects each one's references. */
function ebnfProductions(text: string): Map<string, { text: string; refs: Set<string> }> {
  const tokens = text.match(/\(\*[\s\S]*?\*\)|"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z_][A-Za-z0-9_]*|\S/g) ?? [];
  const out = new Map<string, { text: string; refs: Set<string> }>();
  let current: { name: string; parts: string[] } | undefined;
  let pendingName: string | undefined;
  for (const tok of tokens) {
    if (tok.startsWith("(*")) continue;
    if (current === undefined) {
      if (tok === "=" && pendingName !== undefined) current = { name: pendingName, parts: [] };
      else pendingName = tok;
      continue;
    }
    if (tok === ";") {
      const refs = new Set(current.parts.filter((p) => /^[A-Za-z_"]/.test(p)));
      if (out.has(current.name)) throw new Error("production defined twice: " + current.name);
      out.set(current.name, { text: current.parts.join(" "), refs });
      current = undefined;
      pendingName = undefined;
      continue;
    }
    current.parts.push(tok);
  }
  return out;
}

/** The productions quoted in the parser's rule doc comments. */
function docComments(): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\n\s*\w+ = this\.RULE\("(\w+)"/g;
  for (const m of parserSource.matchAll(re)) {
    const text = m[1]!.split("\n").map((l) => l.replace(/^\s*\*\s?/, "")).join("\n");
    const production = text.slice(0, text.indexOf(";") + 1);
    out.set(m[2]!, production);
  }
  return out;
}

/** The railroad diagrams page for the current grammar (deterministic). */
export function renderDiagrams(): string {
  return createSyntaxDiagramsCode(serialized, {
    resourceBase: "https://unpkg.com/chevrotain@11.2.0/diagrams/",
  });
}

describe("grammar/mlp.ebnf matches the parser", () => {
  const productions = ebnfProductions(ebnfText);
  const references = parserReferences();

  it("has exactly the parser's rules", () => {
    expect([...productions.keys()].sort()).toEqual([...references.keys()].sort());
    expect(references.size).toBeGreaterThan(50);
  });

  it("references the same rules and tokens in every production", () => {
    const drift: string[] = [];
    for (const [name, refs] of references) {
      const doc = productions.get(name);
      if (doc === undefined) continue;
      const ebnfRefs = [...doc.refs].filter((r) => r !== name || refs.has(name)).sort();
      const parserRefs = [...refs].sort();
      if (JSON.stringify(ebnfRefs) !== JSON.stringify(parserRefs)) {
        drift.push(`${name}: ebnf ${JSON.stringify(ebnfRefs)} vs parser ${JSON.stringify(parserRefs)}`);
      }
    }
    expect(drift).toEqual([]);
  });

  it("quotes each production in the parser rule's doc comment", () => {
    const docs = docComments();
    expect([...docs.keys()].sort()).toEqual([...references.keys()].sort());
    for (const [name, production] of docs) {
      const fromDoc = ebnfProductions(production).get(name);
      expect(fromDoc?.text, name).toBe(productions.get(name)!.text);
    }
  });

  it("detects drift (the checker is not vacuous)", () => {
    const broken = ebnfText.replace('secretDecl = "secret" Identifier ;', 'secretDecl = "secret" StringLiteral ;');
    const p = ebnfProductions(broken);
    expect([...p.get("secretDecl")!.refs].sort()).not.toEqual([...references.get("secretDecl")!].sort());
  });
});

describe("grammar/diagrams.html", () => {
  it("is generated from the current grammar", () => {
    const url = new URL("grammar/diagrams.html", root);
    const expected = renderDiagrams();
    if (process.env["MLP_UPDATE_GRAMMAR"] === "1") writeFileSync(url, expected);
    const actual = readFileSync(url, "utf8");
    expect(actual, "grammar/diagrams.html is stale: run `npm run gen:grammar`").toBe(expected);
    for (const rule of references()) expect(actual).toContain('"name": "' + rule + '"');
  });
});

function references(): string[] {
  return serialized.map((r) => (r as unknown as { name: string }).name);
}
