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
  /**
   * Set when the code is no longer reported: why, and what reports the problem now (e.g. "an IR
   * name that is not an identifier is MLP9111, reported at the IR boundary"). A retired code keeps
   * its entry so `mlp explain` still answers for old logs; it is never reused.
   */
  readonly retired?: string;
  /** Extra files the examples import, by relative path. */
  readonly files?: Readonly<Record<string, string>>;
}
