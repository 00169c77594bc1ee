/**
 * Decoding of string tokens: quotes, escapes, triple-quote dedent, and the split into text and
 * `${name}` placeholders with each placeholder's exact source offsets. Kept apart from the
 * parser because the formatter and the checker rely on the same offsets.
 *
 * Rules (documented in grammar/README.md):
 * - `"…"`: escapes `\" \\ \n \t \u{hex}`; any other `\x` is MLP1004.
 * - `"""…"""`: raw (backslashes are literal, so shell line continuations and regexes survive);
 *   a first line that is empty after the opening quotes and a last line that is only
 *   indentation before the closing quotes are dropped; the longest whitespace prefix common to
 *   all non-blank lines is removed; whitespace-only lines become empty; line ends become `\n`.
 * - In both: `$$` is a literal `$`; `${name}` is a placeholder (`name` an identifier, or a dotted
 *   reference such as `train.score`, which only interpolated strings accept); `$` before
 *   anything else is a literal `$`; `${` without a valid name and `}` is MLP1005.
 */
import { IDENTIFIER_SOURCE } from "../source/identifier.js";

/** A problem found while decoding, with source offsets; `literals.ts` turns it into a diagnostic. */
export interface StringProblem {
  readonly code: "MLP1004" | "MLP1005";
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly help: readonly string[];
}

export type RawPart =
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "placeholder"; readonly name: string; readonly start: number; readonly end: number };

export interface DecodedString {
  readonly value: string;
  readonly parts: readonly RawPart[];
  readonly problems: readonly StringProblem[];
}

interface Segment {
  readonly start: number;
  readonly end: number;
}

const NO_PROBLEMS: readonly StringProblem[] = [];
const PLACEHOLDER_HELP = "write `$$` for a literal `$`, or `${name}` with a step input, output, `metrics`, `run_id` or `workdir`";

/**
 * Decodes the string token `image` found at source offset `offset`. `triple` and `terminated`
 * come from the token type.
 */
export function decodeString(image: string, offset: number, triple: boolean, terminated: boolean): DecodedString {
  const quote = triple ? 3 : 1;
  const contentStart = offset + quote;
  const contentEnd = offset + image.length - (terminated ? quote : 0);
  const content = image.slice(quote, image.length - (terminated ? quote : 0));
  if (!triple && content.indexOf("\\") < 0) {
    // Most strings (images, paths, schedules, commands) have no escape: the text as is, split at
    // its placeholders, unless one of them is malformed.
    if (content.indexOf("$") < 0) {
      return { value: content, parts: content === "" ? [] : [{ kind: "text", value: content }], problems: NO_PROBLEMS };
    }
    const parts = splitPlaceholders(content, contentStart, rawPlaceholder);
    if (parts !== undefined) return { value: content, parts, problems: NO_PROBLEMS };
  }
  return decodeStringSlowly(image, offset, triple, terminated);
}

function rawPlaceholder(name: string, start: number, end: number): RawPart {
  return { kind: "placeholder", name, start, end };
}

/** A text part of a string's parts. */
export interface TextPart {
  readonly kind: "text";
  readonly value: string;
}

/**
 * The parts of a `"…"` string's content without escapes (so its value is the content itself,
 * `$$` included), split into text and placeholders by slicing between `$` signs: the parts
 * `decodeStringSlowly` gives, without its character-by-character walk, each placeholder made by
 * `placeholder` from its name and source offsets (`literals.ts` makes the syntax tree's parts
 * here directly). `content` starts at source offset `contentStart`. Undefined when a placeholder
 * is malformed (unterminated or invalid): the slow path reports those.
 */
export function splitPlaceholders<P>(
  content: string,
  contentStart: number,
  placeholder: (name: string, start: number, end: number) => P,
): (TextPart | P)[] | undefined {
  const parts: (TextPart | P)[] = [];
  let text = "";
  // Start of the content not yet added to `text`.
  let from = 0;
  let i = content.indexOf("$");
  while (i >= 0) {
    const next = content.charCodeAt(i + 1);
    if (next === 0x24) {
      // `$$`: one literal `$` in the text.
      text += content.slice(from, i + 1);
      from = i + 2;
      i = content.indexOf("$", from);
      continue;
    }
    if (next === 0x7b) {
      let close = -1;
      for (let j = i + 2; j < content.length; j++) {
        const c = content.charCodeAt(j);
        if (c === 0x7d) {
          close = j;
          break;
        }
        if (c === 0x24 || c === 0x7b || c === 0x22) break;
      }
      if (close < 0) return undefined;
      const name = content.slice(i + 2, close);
      if (!isPlaceholderName(name)) return undefined;
      text += content.slice(from, i);
      if (text !== "") parts.push({ kind: "text", value: text });
      text = "";
      parts.push(placeholder(name, contentStart + i, contentStart + close + 1));
      from = close + 1;
      i = content.indexOf("$", from);
      continue;
    }
    // `$` before anything else is a literal `$`.
    i = content.indexOf("$", i + 1);
  }
  text += content.slice(from);
  if (text !== "") parts.push({ kind: "text", value: text });
  return parts;
}

/** `decodeString` the long way: character by character, every rule; exported for its tests. */
export function decodeStringSlowly(image: string, offset: number, triple: boolean, terminated: boolean): DecodedString {
  const quote = triple ? 3 : 1;
  const contentStart = offset + quote;
  const contentEnd = offset + image.length - (terminated ? quote : 0);
  const content = image.slice(quote, image.length - (terminated ? quote : 0));
  const segments = triple ? dedentSegments(content, contentStart) : [{ start: contentStart, end: contentEnd }];
  // `source(i)` reads the original text at absolute offset i.
  const source = (i: number): string => image.charAt(i - offset);

  // Pieces joined once at the end: appending millions of one-character escapes to a string
  // builds a chain of millions of small objects, seconds of garbage collection (issue #13).
  const value: string[] = [];
  const parts: RawPart[] = [];
  const problems: StringProblem[] = [];
  let text: string[] = [];
  const flushText = (): void => {
    if (text.length > 0) {
      const joined = text.join("");
      if (joined !== "") parts.push({ kind: "text", value: joined });
    }
    text = [];
  };

  segments.forEach((seg, index) => {
    if (index > 0) {
      value.push("\n");
      text.push("\n");
    }
    let i = seg.start;
    while (i < seg.end) {
      const c = source(i);
      if (c === "\\" && !triple) {
        const decoded = decodeEscape(source, i, seg.end);
        if (decoded.problem) problems.push(decoded.problem);
        value.push(decoded.text);
        text.push(decoded.text);
        i = decoded.next;
        continue;
      }
      if (c === "$") {
        const next = source(i + 1);
        if (next === "$" && i + 1 < seg.end) {
          value.push("$$");
          text.push("$");
          i += 2;
          continue;
        }
        if (next === "{" && i + 1 < seg.end) {
          let close = -1;
          for (let j = i + 2; j < seg.end; j++) {
            const cj = source(j);
            if (cj === "}") {
              close = j;
              break;
            }
            if (cj === "$" || cj === "{" || cj === '"') break;
          }
          if (close < 0) {
            problems.push({
              code: "MLP1005",
              start: i,
              end: i + 2,
              message: "unterminated placeholder: `${` has no closing `}`",
              help: [PLACEHOLDER_HELP],
            });
            value.push("${");
            text.push("${");
            i += 2;
            continue;
          }
          const name = image.slice(i + 2 - offset, close - offset);
          if (!isPlaceholderName(name)) {
            problems.push({
              code: "MLP1005",
              start: i,
              end: close + 1,
              message:
                name.trim() === ""
                  ? "empty placeholder `${}`"
                  : "invalid placeholder `${" + name + "}`: a placeholder holds one name or a dotted reference",
              help: [PLACEHOLDER_HELP],
            });
            const raw = "${" + name + "}";
            value.push(raw);
            text.push(raw);
            i = close + 1;
            continue;
          }
          flushText();
          parts.push({ kind: "placeholder", name, start: i, end: close + 1 });
          value.push("${" + name + "}");
          i = close + 1;
          continue;
        }
      }
      // A run of plain characters, copied in one piece (a string built a character at a time
      // is a chain of one small object per character until it is flattened).
      let j = i + 1;
      while (j < seg.end) {
        const cj = source(j);
        if (cj === "$" || (cj === "\\" && !triple)) break;
        j++;
      }
      const run = image.slice(i - offset, j - offset);
      value.push(run);
      text.push(run);
      i = j;
    }
  });
  flushText();
  return { value: value.join(""), parts, problems };
}

interface EscapeResult {
  readonly text: string;
  readonly next: number;
  readonly problem?: StringProblem;
}

function decodeEscape(source: (i: number) => string, i: number, end: number): EscapeResult {
  const c = i + 1 < end ? source(i + 1) : "";
  switch (c) {
    case '"':
      return { text: '"', next: i + 2 };
    case "\\":
      return { text: "\\", next: i + 2 };
    case "n":
      return { text: "\n", next: i + 2 };
    case "t":
      return { text: "\t", next: i + 2 };
    case "u": {
      if (source(i + 2) !== "{" || i + 2 >= end) {
        return badEscape(i, i + 2, "invalid unicode escape: expected `{` after `\\u`", ["write a code point as `\\u{1F600}`"]);
      }
      let j = i + 3;
      let hex = "";
      while (j < end && /[0-9A-Fa-f]/.test(source(j))) hex += source(j++);
      if (source(j) !== "}" || j >= end) {
        return badEscape(i, Math.min(j + (j < end ? 1 : 0), end), "invalid unicode escape: expected hex digits and `}`", [
          "write a code point as `\\u{1F600}`",
        ]);
      }
      const cp = hex === "" ? NaN : parseInt(hex, 16);
      if (hex.length > 6 || !(cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) {
        return badEscape(i, j + 1, "invalid unicode escape `\\u{" + hex + "}`: not a unicode scalar value", [
          "use a code point between `0` and `10FFFF`, outside `D800`-`DFFF`",
        ]);
      }
      return { text: String.fromCodePoint(cp), next: j + 1 };
    }
    default:
      return badEscape(i, Math.min(i + 2, end), "unknown escape sequence `\\" + c + "`", [
        "valid escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{…}`; write `\\\\` for a backslash, or use a `\"\"\"` string, where backslashes are literal",
      ]);
  }
}

function badEscape(start: number, end: number, message: string, help: string[]): EscapeResult {
  const length = Math.max(end - start, 1);
  return {
    text: "",
    next: start + length,
    problem: { code: "MLP1004", start, end: start + length, message, help },
  };
}

/**
 * The source ranges of a triple-quoted string's lines after dedent. `content` is the text
 * between the quotes and starts at absolute offset `start`.
 */
export function dedentSegments(content: string, start: number): Segment[] {
  const lines: Segment[] = [];
  const re = /\r\n|\n|\r/g;
  let lineStart = 0;
  for (let m = re.exec(content); m !== null; m = re.exec(content)) {
    lines.push({ start: lineStart, end: m.index });
    lineStart = m.index + m[0].length;
  }
  lines.push({ start: lineStart, end: content.length });
  const isBlank = (s: Segment): boolean => /^[ \t]*$/.test(content.slice(s.start, s.end));
  if (lines.length > 1 && isBlank(lines[0]!)) lines.shift();
  if (lines.length > 1 && isBlank(lines[lines.length - 1]!)) lines.pop();
  let prefix: string | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const indent = /^[ \t]*/.exec(content.slice(line.start, line.end))![0];
    if (prefix === undefined) prefix = indent;
    else {
      let k = 0;
      while (k < prefix.length && k < indent.length && prefix[k] === indent[k]) k++;
      prefix = prefix.slice(0, k);
    }
  }
  const cut = prefix?.length ?? 0;
  return lines.map((line) =>
    isBlank(line)
      ? { start: start + line.end, end: start + line.end }
      : { start: start + line.start + cut, end: start + line.end },
  );
}

/** `name`, `step.metric` or `sweep.step.metric`: up to three identifiers joined by single dots. */
const PLACEHOLDER_NAME = new RegExp(`^${IDENTIFIER_SOURCE}(?:\\.${IDENTIFIER_SOURCE}){0,2}$`);

function isPlaceholderName(name: string): boolean {
  return PLACEHOLDER_NAME.test(name);
}
