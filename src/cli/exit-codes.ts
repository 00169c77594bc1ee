/** Process exit codes of every `mlp` command (documented in docs/cli.md). */
export const EXIT = {
  /**
   * Success, no error diagnostics. For `mlp run` also a run that ended `gated` (a gate did not
   * hold; what depends on it was skipped): changed: such a run exited 3 before (#16).
   */
  ok: 0,
  /** Diagnostics with at least one error; for `mlp run`, a step failed. */
  failed: 1,
  /** Usage or I/O error (bad flag, missing file, bad parameter value). */
  usage: 2,
  /** `mlp run`: a deploy waits for `mlp approve RUN ENV`. */
  awaitingApproval: 4,
  /** An internal error (a bug in mlp, MLP9001), like sysexits' EX_SOFTWARE. */
  internal: 70,
  /** `mlp run`: interrupted (SIGINT/SIGTERM); the run is recorded as cancelled. */
  cancelled: 130,
} as const;
