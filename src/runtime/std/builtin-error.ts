/**
 * The one error the `std.*` runtime throws on bad data or bad arguments. It carries the place in
 * the data (file, line, table column) so the executor and `mlp std` can print it without a stack
 * trace; `kind` lets the CLI choose the exit code (usage vs failed).
 */
export class BuiltinError extends Error {
  override readonly name = "BuiltinError";
  /**
   * `usage`: a bad argument or a missing input file (exit 2 from `mlp std`);
   * `data`: the data is malformed or does not match its schema;
   * `expectation`: `std.expect` ran and an expectation does not hold (outputs were written).
   */
  readonly kind: "usage" | "data" | "expectation";
  readonly file?: string;
  /** 1-based line in `file` where the offending record or field starts. */
  readonly line?: number;
  /** The table column (header name) involved, if any. */
  readonly column?: string;
  /** A diagnostic code when the problem has its own (MLP7026: an object store cannot be read). */
  readonly code?: string;
  /** What to do about it. */
  readonly help?: string;

  constructor(
    message: string,
    options: { kind?: BuiltinError["kind"]; file?: string; line?: number; column?: string; code?: string; help?: string } = {},
  ) {
    super(message);
    this.kind = options.kind ?? "data";
    if (options.file !== undefined) this.file = options.file;
    if (options.line !== undefined) this.line = options.line;
    if (options.column !== undefined) this.column = options.column;
    if (options.code !== undefined) this.code = options.code;
    if (options.help !== undefined) this.help = options.help;
  }
}

/** `file:line: ` prefix for messages about a place in a data file. */
export function at(file: string, line?: number): string {
  return line === undefined ? `${file}: ` : `${file}:${line}: `;
}
