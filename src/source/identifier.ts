/**
 * The one definition of an mlp identifier: letters, digits and `_`, not starting with a digit.
 * Every name in a `.mlp` file and in the IR has this form (the lexer's `Identifier` token, the IR
 * schema's `identifier` pattern, and the IR validator all use it), which is what lets targets and
 * the runtime paste names into file paths, job ids and environment variable names.
 */

/** The pattern's source, for token definitions and JSON Schemas. */
export const IDENTIFIER_SOURCE = "[A-Za-z_][A-Za-z0-9_]*";

/** The whole string is one identifier. */
export const IDENTIFIER = new RegExp(`^${IDENTIFIER_SOURCE}$`);

export function isIdentifier(text: string): boolean {
  return IDENTIFIER.test(text);
}
