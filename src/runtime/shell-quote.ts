/**
 * POSIX shell quoting for values spliced into a step's command. Every placeholder value (paths,
 * params, literals) goes through `shellQuote`, so no value from a `.mlp` file or the command line
 * can change the shape of the command.
 */

const SAFE = /^[A-Za-z0-9_\-.,/:=@%+]+$/;

/** Quotes `value` as one shell word: bare when it only has safe characters, else single-quoted. */
export function shellQuote(value: string): string {
  if (value !== "" && SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
