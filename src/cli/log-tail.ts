/**
 * The last lines of a step's log, read from the end of the file: a failing step may have printed
 * hundreds of megabytes, and reading all of it to show 20 lines took seconds, a gigabyte of memory
 * and, past V8's string limit, showed nothing at all.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** At most this much of the file's end is read; a longer last line is shown cut. */
const MAX_TAIL_BYTES = 1 << 20;

/** The last `count` lines of the file at `path` (without the final newline's empty line). */
export function lastLines(path: string, count: number): string[] {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    let chunk = Math.min(size, 64 * 1024);
    for (;;) {
      const buffer = Buffer.alloc(chunk);
      const read = readSync(fd, buffer, 0, chunk, size - chunk);
      const lines = buffer.subarray(0, read).toString("utf8").split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      const whole = chunk === size;
      // Past the start of the file, the first piece is part of a longer line: keep it only when
      // there is nothing else, marked as cut.
      if (whole || lines.length > count) return lines.slice(-count);
      if (chunk >= MAX_TAIL_BYTES) return [`… ${lines[0]!.replace(/^\uFFFD+/, "")}`, ...lines.slice(1)].slice(-count);
      chunk = Math.min(size, chunk * 4, MAX_TAIL_BYTES);
    }
  } finally {
    closeSync(fd);
  }
}
