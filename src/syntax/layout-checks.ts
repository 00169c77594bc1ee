/**
 * Layout rules the grammar leaves loose on purpose, so that one bad line cannot derail a block:
 * one member per line (MLP1007), and entries of a `{ … }` block separated by `,` or a line end
 * (MLP1002). Checked as the parser reads each part, in source order.
 */
import type { IToken } from "chevrotain";
import type { BuildContext } from "./build-context.js";
import { Sep, type Frame } from "./frame.js";

/**
 * MLP1007 when the member from `first` to offset `end` starts on the line where the previous
 * member of the same block ended; `what` names the members (`member`, `declaration`, `condition`).
 */
export function checkOwnLine(f: Frame, first: IToken, end: number, what: string, cx: BuildContext): void {
  if (cx.spans.lineOf(first.startOffset) === f.line) {
    cx.report("MLP1007", "expected a new line before `" + first.image + "`", cx.tokenSpan(first), {
      label: "starts on the same line as the previous " + what,
      help: ["put each " + what + " on its own line"],
    });
  }
  // The line of the member's last character (a newline token ends on the line it ends).
  f.line = cx.spans.lineOf(end - 1);
}

/** MLP1002 for an entry that follows another with no separator between (`{ a: 1 b: 2 }`). */
export function checkEntry(f: Frame, first: IToken, cx: BuildContext): void {
  if (f.sep === Sep.Entry) {
    cx.report("MLP1002", "expected `,` or a new line before `" + first.image + "`", cx.tokenSpan(first), {
      label: "a new entry starts here",
      help: ["separate entries with `,` or put each on its own line"],
    });
  }
  f.sep = Sep.Entry;
}

/** MLP1002 for a comma with no entry before it (`{ , a: 1 }`, `{ a: 1,, b: 2 }`). */
export function checkComma(f: Frame, comma: IToken, cx: BuildContext): void {
  if (f.sep === Sep.Start || f.sep === Sep.Comma) {
    cx.report("MLP1002", "unexpected `,`", cx.tokenSpan(comma), {
      label: f.sep === Sep.Start ? "no entry before this comma" : "second comma",
      help: ["remove this `,`"],
    });
  }
  f.sep = Sep.Comma;
}
