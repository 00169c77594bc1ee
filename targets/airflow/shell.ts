/**
 * Shell helpers for the scripts the Airflow target writes. Placeholder values never enter a
 * script as text: each becomes an environment variable, referenced with the quoting that fits
 * where the placeholder sits in the user's command.
 */
import { isIdentifier } from "../../src/source/identifier.js";

/** POSIX single-quoting: `'…'` with each `'` written as `'\''`. */
export function shQuote(text: string): string {
  return "'" + text.replace(/'/g, "'\\''") + "'";
}

/** Quoting state of a POSIX shell lexer at some point in a script. */
export type ShellQuoteState = "none" | "single" | "double";

/**
 * The quoting state after reading `text` from state `state`. It follows backslash escapes,
 * single and double quotes and `#` comments (to the end of the line) well enough to choose how
 * to reference a variable; it does not need to understand the full grammar.
 */
export function shellStateAfter(text: string, state: ShellQuoteState): ShellQuoteState {
  let s = state;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (comment) {
      if (ch === "\n") comment = false;
      continue;
    }
    if (s === "single") {
      if (ch === "'") s = "none";
    } else if (s === "double") {
      if (ch === "\\") i++;
      else if (ch === '"') s = "none";
    } else {
      if (ch === "\\") i++;
      else if (ch === "'") s = "single";
      else if (ch === '"') s = "double";
      else if (ch === "#" && (i === 0 || /[\s;&|()]/.test(text[i - 1] ?? " "))) comment = true;
    }
  }
  return s;
}

/**
 * A reference to environment variable `name` that expands to its exact value, as one word,
 * at a point of the script in quoting state `state`.
 */
export function shVarRef(name: string, state: ShellQuoteState): string {
  // A POSIX shell variable name has exactly an identifier's form.
  if (!isIdentifier(name)) throw new Error(`internal: bad variable name ${name}`);
  // No braces: the closing quote ends the name, so following text cannot extend it.
  switch (state) {
    case "none":
      return `"$${name}"`;
    case "double":
      return `""$${name}""`;
    case "single":
      return `'"$${name}"'`;
  }
}
