/** The last lines of a log file, shown under a failure. */
import { closeSync, openSync, readSync, statSync } from "node:fs";

/** Last `lines` lines of the log at `path` (of its last 64 KiB); "" when it cannot be read. */
export function readTail(path: string, lines = 30): string {
  try {
    const st = statSync(path);
    const fd = openSync(path, "r");
    try {
      const len = Math.min(st.size, 64 * 1024);
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, st.size - len);
      const text = buf.toString("utf8").split("\n");
      if (text[text.length - 1] === "") text.pop();
      return text.slice(-lines).join("\n");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}
