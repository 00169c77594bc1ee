/**
 * The last line of defence: runs a command body and turns anything it throws into one MLP9001
 * line (exit 70) instead of a stack trace. A stack overflow from pathologically nested input is
 * reported as such (exit 2). Set `MLP_DEBUG=1` to see the stack.
 */
import { EXIT } from "./exit-codes.js";
import type { Streams } from "./report.js";

/** Runs `body`; a throw becomes an internal-error line on stderr and the exit code it implies. */
export async function runSafely(body: () => Promise<number> | number, streams: Streams): Promise<number> {
  try {
    return await body();
  } catch (e) {
    return reportCrash(e, streams);
  }
}

/** Prints one line for a crash and returns its exit code. */
export function reportCrash(e: unknown, streams: Streams): number {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    streams.stderr.write("error[MLP9001]: the input is nested too deeply for mlp to process (maximum call stack size exceeded)\n");
    return EXIT.usage;
  }
  const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0];
  streams.stderr.write(`error[MLP9001]: internal error: ${msg}\n  = note: this is a bug in mlp; please report it with the input that caused it\n`);
  if (process.env.MLP_DEBUG) streams.stderr.write(`${e instanceof Error ? (e.stack ?? "") : ""}\n`);
  return EXIT.internal;
}
