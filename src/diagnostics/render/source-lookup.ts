/**
 * How renderers get the user's source text: a lookup from a span's `file` to the text the compiler
 * read. Renderers never read files themselves, so the excerpt they print is exactly the text that
 * was checked (the CLI passes the contents its host read; tests pass literals).
 */
export type SourceLookup = (file: string) => string | undefined;

/** A lookup over a fixed map of paths to texts; handy for tests and for single-file tools. */
export function lookupFrom(files: Readonly<Record<string, string>>): SourceLookup {
  return (file) => (Object.prototype.hasOwnProperty.call(files, file) ? files[file] : undefined);
}
