import type { Severity } from "../diagnostic.js";

/**
 * Catalogue entry for one diagnostic code. `docs/diagnostics.md` is generated from these, and a
 * meta-test compiles every `bad` example expecting exactly this code and every `fixed` example
 * expecting it gone.
 */
export interface CodeInfo {
  readonly code: string;
  readonly severity: Severity;
  /** One line: what the code means. */
  readonly title: string;
  /** A minimal `.mlp` file that triggers the code. Omitted only for codes that no source can trigger (I/O). */
  readonly bad?: string;
  /** The same file, fixed. */
  readonly fixed?: string;
  /** For MLP5xxx: the target whose compile reports the code. */
  readonly target?: string;
  /** Extra files the examples import, by relative path. */
  readonly files?: Readonly<Record<string, string>>;
}
