/**
 * The shared half of the three targets' "verbatim" property tests (issue #13): random hostile
 * text, and an IR that places each text in every spot a user's text reaches a runner — a
 * command's literal text, a string literal input, a string param's default, an env value and a
 * `to command` deploy's command — as one step (and one deploy) per text, so one compile and one
 * check cover many texts.
 *
 * Each step's command is `printf '[%s]' '<text>' "${label}" "${note}" "$GREETING"`, so a shell
 * that runs it prints `[text]` four times exactly when every route delivered the text verbatim.
 * Each deploy's command is `printf '[%s]' '<text>'`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import type { IrCommandPart, IrDeploy, IrDocument, IrParam, IrStep } from "../../src/ir/ir.js";

/**
 * What the issue's testers tried: kubelet `$(VAR)` and `$$`, GitHub `${{ }}`, Argo and Jinja
 * `{{ }}`, `{% %}`, Python `%` formatting, quotes, backslashes, line breaks, YAML and Python
 * specials, bidi controls and Unicode line separators. NUL is left out: no environment variable
 * or argument can hold one, on any target.
 */
export const HOSTILE_PIECES = [
  "$", "$(", "$$", "$(api_token)", "$(MLP_RUN_ID)", "$$$$", "${HOME}", "${{", "${{ github.token }}", "{{", "}}", "{{=sprig.env('HOME')}}",
  "{{workflow.name}}", "{%", "%}", "{# c #}", "%", "%s", "%(x)s", "'", '"', "'''", '"""', "\\", "\\n", "\n", "\r", "\r\n", "\t", ": ", " #", "&a", "*a",
  "!!python/object:os.system", "- ", "---", "`id`", "$(id)", ";", "|", ">", "é", "—", "\u202e", "\u2066", "\u200f", "\u2028", "\u2029", "\u0085", "\ufeff", "x", " ",
];

/** Random hostile text, of hostile pieces and a few arbitrary characters. */
export const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 3 }).map((s) => s.replace(/\0/g, ""))), {
    minLength: 1,
    maxLength: 10,
  })
  .map((xs) => xs.join(""));

/** `s` as one single-quoted POSIX shell word. */
export function shellQuoted(s: string): string {
  return `'${s.split("'").join(`'\\''`)}'`;
}

/** What a step's command prints when the text arrived verbatim everywhere. */
export function expectedStepOutput(text: string): string {
  return `[${text}]`.repeat(4);
}

/** What a deploy's command prints when the text arrived verbatim. */
export function expectedDeployOutput(text: string): string {
  return `[${text}]`;
}

/** The name of the `i`th step and deploy (names every target accepts). */
export const stepName = (i: number): string => (i === 0 ? "work" : `work${i}`);
export const deployName = (i: number): string => (i === 0 ? "production" : `production${i}`);
const paramName = (i: number): string => (i === 0 ? "note" : `note${i}`);

function commandParts(text: string): IrCommandPart[] {
  return [
    { kind: "text", text: `printf '[%s]' ${shellQuoted(text)} ` },
    { kind: "input", name: "label" },
    { kind: "text", text: " " },
    { kind: "input", name: "note" },
    { kind: "text", text: ' "$GREETING"' },
  ];
}

/** The injection fixture (`test/fixtures/ir/injection.ir.json`). */
export function injectionIr(): IrDocument {
  return JSON.parse(readFileSync(resolve(import.meta.dirname, "../fixtures/ir/injection.ir.json"), "utf8")) as IrDocument;
}

/**
 * The injection fixture with one step and one `to command` deploy per text: step `i` has the
 * text in its command, its literal input `label`, its param's default (`note`, bound to a param
 * of its own) and its env value `GREETING`; deploy `i` runs `printf '[%s]' '<text>'`.
 */
export function hostileIr(texts: readonly string[]): IrDocument {
  const base = injectionIr();
  const p = base.pipelines[0]!;
  const step0 = p.steps[0]!;
  const deploy0 = p.deploys[0]!;
  const noteParam = p.params.find((x) => x.name === "note")!;
  const params: IrParam[] = [...p.params.filter((x) => x.name !== "note")];
  const steps: IrStep[] = [];
  const deploys: IrDeploy[] = [];
  texts.forEach((text, i) => {
    params.push({ ...noteParam, name: paramName(i), default: text });
    steps.push({
      ...step0,
      name: stepName(i),
      env: { GREETING: text, PLAIN: "hello" },
      inputs: step0.inputs.map((input) => {
        if (input.name === "label") return { ...input, binding: { kind: "literal" as const, value: text } };
        if (input.name === "note") return { ...input, binding: { kind: "param" as const, param: paramName(i) } };
        return input;
      }),
      run: { template: "(generated)", parts: commandParts(text) },
    });
    const command = `printf '[%s]' ${shellQuoted(text)}`;
    deploys.push(
      i === 0
        ? { ...deploy0, to: { kind: "command", options: { command } } }
        : { ...deploy0, name: deployName(i), approval: false, model: { step: stepName(i), output: "out" }, needs: [stepName(i)], after: [], to: { kind: "command", options: { command } } },
    );
  });
  const order = [
    ...steps.map((s) => ({ kind: "step" as const, name: s.name })),
    ...p.gates.map((g) => ({ kind: "gate" as const, name: g.name })),
    ...deploys.map((d) => ({ kind: "deploy" as const, name: d.name })),
  ];
  return { ...base, pipelines: [{ ...p, params, steps, deploys, order }] };
}
