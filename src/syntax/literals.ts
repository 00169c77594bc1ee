/**
 * Literal tokens as AST nodes: strings (with their `${…}` placeholders), numbers, durations,
 * quantities and booleans, reporting MLP1003-1005 (strings) and MLP1009 (numbers) on the way.
 */
import type { IToken } from "chevrotain";
import type * as A from "./ast.js";
import type { BuildContext } from "./build-context.js";
import * as T from "./tokens.js";
import { decodeString, splitPlaceholders, type DecodedString } from "./strings.js";
import { decodeDuration, decodeNumber, decodeQuantity, explainBadNumber } from "./numbers.js";

/** A string token as a `StringLiteral`, reporting MLP1003/1004/1005. */
export function lowerString(t: IToken, cx: BuildContext): A.StringLiteral {
  const type = t.tokenType;
  if (type === T.PlainString) {
    // Most strings (images, paths, commands) have no escape: their parts are made directly,
    // without the decoded parts `decodeString` gives and a copy of them.
    const image = t.image;
    const content = image.slice(1, image.length - 1);
    if (content.indexOf("\\") < 0) {
      const parts = splitPlaceholders<A.TemplatePart>(content, t.startOffset + 1, (name, start, end) => ({
        kind: "placeholder",
        name,
        span: cx.span(start, end),
      }));
      if (parts !== undefined) {
        for (const p of parts) if (p.kind === "text") flatten(p.value);
        return { kind: "String", value: content, triple: false, parts, span: cx.tokenSpan(t) };
      }
    }
  }
  const triple = type === T.TripleString || type === T.UnterminatedTripleString;
  const terminated = type === T.TripleString || type === T.PlainString;
  return lowerDecodedString(t, decodeString(t.image, t.startOffset, triple, terminated), cx);
}

/**
 * The string token `t` as a `StringLiteral` from its decoding, reporting MLP1003/1004/1005 (the
 * way every string took before `lowerString`'s short cut; its test compares the two).
 */
export function lowerDecodedString(t: IToken, decoded: DecodedString, cx: BuildContext): A.StringLiteral {
  const type = t.tokenType;
  const triple = type === T.TripleString || type === T.UnterminatedTripleString;
  const terminated = type === T.TripleString || type === T.PlainString;
  if (!terminated) {
    const q = triple ? '"""' : '"';
    cx.report("MLP1003", "unterminated string", cx.span(t.startOffset, t.startOffset + q.length), {
      label: "this string is never closed",
      help: [
        triple
          ? "close it with `\"\"\"`"
          : "close it with `\"` on the same line; use `\"\"\"…\"\"\"` for a string that spans lines",
      ],
    });
  }
  for (const p of decoded.problems) {
    cx.report(p.code, p.message, cx.span(p.start, p.end), { help: [...p.help] });
  }
  const parts: A.TemplatePart[] = decoded.parts.map((p) =>
    p.kind === "text" ? (flatten(p.value), p) : { kind: "placeholder", name: p.name, span: cx.span(p.start, p.end) },
  );
  return { kind: "String", value: flatten(decoded.value), triple, parts, span: cx.tokenSpan(t) };
}

/**
 * `s`, stored flat. A decoded string is built a character at a time, which V8 keeps as a chain
 * of one small object per character until the string is first read; reading a character
 * flattens it in place, so the tree keeps one flat string per literal instead of the chain.
 */
function flatten(s: string): string {
  s.charCodeAt(0);
  return s;
}

/** A literal operand token (number, duration, quantity, bad number, string, `true`, `false`). */
export function lowerLiteral(t: IToken, cx: BuildContext): A.Expr {
  const type = t.tokenType;
  if (type === T.NumberLiteral) {
    const span = cx.tokenSpan(t);
    const { value, isInteger } = decodeNumber(t.image);
    if (isInteger && !Number.isSafeInteger(value)) {
      cx.report("MLP1009", "integer `" + t.image + "` is too large", span, {
        help: ["integers must be at most `9007199254740991`; write a decimal such as `1e20` for a float"],
      });
    }
    return { kind: "Number", value, isInteger, raw: t.image, span };
  }
  if (type === T.DurationLiteral) {
    return { kind: "Duration", ...decodeDuration(t.image), raw: t.image, span: cx.tokenSpan(t) };
  }
  if (type === T.QuantityLiteral) {
    return { kind: "Quantity", ...decodeQuantity(t.image), raw: t.image, span: cx.tokenSpan(t) };
  }
  if (type === T.BadNumber) {
    const span = cx.tokenSpan(t);
    const bad = explainBadNumber(t.image);
    cx.report("MLP1009", bad.message, span, { help: [bad.help] });
    return { kind: "Number", value: Number.isFinite(bad.value) ? bad.value : 0, isInteger: false, raw: t.image, span };
  }
  if (type === T.True || type === T.False) return { kind: "Bool", value: type === T.True, span: cx.tokenSpan(t) };
  return lowerString(t, cx);
}
