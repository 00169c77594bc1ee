/**
 * Masking secret values in everything `mlp run` and `mlp approve` write or report: step and
 * deploy logs, diagnostics, progress events, run records. One `Redactor` per run, built from the
 * values of the pipeline's secrets in the environment; every writer goes through it.
 *
 * Matching is on bytes (a log is bytes, not text), earliest match first and the longest secret
 * when two start at the same byte. A value shorter than `MIN_SECRET_LENGTH` characters is not
 * masked: masking a one-character secret would replace that character everywhere and make every
 * log unreadable while hiding almost nothing. The caller warns about those instead (MLP7060).
 * A multi-line value is also masked line by line.
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { Buffer } from "node:buffer";

/** What a masked secret becomes. */
export const MASK = "***";
const MASK_BYTES = Buffer.from(MASK);

/** Values shorter than this (in characters) are not masked; see the module comment. */
export const MIN_SECRET_LENGTH = 4;

/** A secret by name, with its value (undefined or "" when it is not set). */
export interface SecretValue {
  readonly name: string;
  readonly value: string | undefined;
}

export class Redactor {
  /** Secret values as UTF-8, longest first (so the longer one wins a tie). */
  private readonly needles: readonly Buffer[];
  /** Bytes a chunk must keep back: a secret may start in them and end in the next chunk. */
  readonly holdBack: number;
  /** Names of the set secrets too short to mask. */
  readonly tooShort: readonly string[];

  constructor(secrets: readonly SecretValue[]) {
    const values = new Set<string>();
    const short: string[] = [];
    for (const s of secrets) {
      if (s.value === undefined || s.value === "") continue;
      if ([...s.value].length < MIN_SECRET_LENGTH) short.push(s.name);
      else {
        values.add(s.value);
        // The same value inside JSON text (records, JSON logs) when it holds a quote, a backslash or a control character.
        values.add(JSON.stringify(s.value).slice(1, -1));
        // Each line of a multi-line value (a PEM key) on its own, as GitHub Actions masks them:
        // a step that prints part of the value prints whole lines of it.
        if (s.value.includes("\n")) {
          for (const line of s.value.split(/\r?\n/)) if ([...line.trim()].length >= MIN_SECRET_LENGTH) values.add(line);
        }
      }
    }
    this.needles = [...values].map((v) => Buffer.from(v, "utf8")).sort((a, b) => b.length - a.length);
    this.holdBack = this.needles.length === 0 ? 0 : this.needles[0]!.length - 1;
    this.tooShort = short;
  }

  /** The secrets named in `names`, valued from `env`. */
  static fromEnv(names: readonly string[], env: NodeJS.ProcessEnv): Redactor {
    return new Redactor(names.map((name) => ({ name, value: env[name] })));
  }

  /** Whether there is anything to mask (callers skip work when not). */
  get active(): boolean {
    return this.needles.length > 0;
  }

  /** `text` with every secret value masked. */
  text(text: string): string {
    if (!this.active || text === "") return text;
    const buf = Buffer.from(text, "utf8");
    const r = this.scan(buf, buf.length);
    return r.hits === 0 ? text : Buffer.concat(r.parts).toString("utf8");
  }

  /** A copy of a JSON-like value with every string (keys included) masked. */
  deep<T>(value: T): T {
    if (!this.active) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.walk(v);
    return out;
  }

  /** A stream matcher: feed it chunks in order, it masks secrets that span chunk boundaries. */
  stream(): RedactingStream {
    return new RedactingStream(this);
  }

  /**
   * Masks matches that start before `limit`; returns the pieces of `buf` up to `consumed` with
   * the matches replaced. Bytes from `consumed` on are left for the next chunk.
   */
  scan(buf: Buffer, limit: number): { parts: Buffer[]; consumed: number; hits: number } {
    const parts: Buffer[] = [];
    const next = this.needles.map((n) => buf.indexOf(n, 0));
    let pos = 0;
    let hits = 0;
    for (;;) {
      let best = -1;
      for (let i = 0; i < next.length; i++) {
        const at = next[i]!;
        if (at >= 0 && at < limit && (best < 0 || at < next[best]!)) best = i;
      }
      if (best < 0) break;
      const at = next[best]!;
      parts.push(buf.subarray(pos, at), MASK_BYTES);
      pos = at + this.needles[best]!.length;
      hits++;
      for (let i = 0; i < next.length; i++) if (next[i]! >= 0 && next[i]! < pos) next[i] = buf.indexOf(this.needles[i]!, pos);
    }
    const consumed = Math.max(pos, Math.min(limit, buf.length));
    if (consumed > pos) parts.push(buf.subarray(pos, consumed));
    return { parts, consumed, hits };
  }
}

/** Masks a byte stream chunk by chunk, holding back the bytes a split secret could start in. */
export class RedactingStream {
  private carry: Buffer = Buffer.alloc(0);
  /** How many secrets were masked so far. */
  hits = 0;

  constructor(private readonly redactor: Redactor) {}

  /** The masked bytes that are final so far. */
  push(chunk: Buffer): Buffer {
    const buf = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const r = this.redactor.scan(buf, buf.length - this.redactor.holdBack);
    this.hits += r.hits;
    this.carry = Buffer.from(buf.subarray(r.consumed));
    return Buffer.concat(r.parts);
  }

  /** The rest, once the input has ended. */
  end(): Buffer {
    const r = this.redactor.scan(this.carry, this.carry.length);
    this.hits += r.hits;
    this.carry = Buffer.alloc(0);
    return Buffer.concat(r.parts);
  }
}

/**
 * Masks secrets in the file at `path`, in chunks of `chunkSize` bytes (bounded memory, however
 * large the log). A first pass looks for a secret; only a file that has one is rewritten, through
 * a temporary file renamed over it. Returns how many secrets were masked. Throws on I/O errors.
 */
export function redactFile(path: string, redactor: Redactor, chunkSize = 1 << 20): number {
  if (!redactor.active) return 0;
  const fd = openSync(path, "r");
  let found: number;
  let mode: number;
  let buf: Buffer;
  try {
    const st = fstatSync(fd);
    mode = st.mode & 0o777;
    // Sized to the file (most logs are small): zero-filling 1 MiB per log was most of the cost.
    buf = Buffer.allocUnsafe(Math.max(1, Math.min(chunkSize, st.size)));
    found = pass(fd, redactor, buf, null);
  } finally {
    closeSync(fd);
  }
  if (found === 0) return 0;
  const tmp = `${path}.redacting`;
  const out = openSync(tmp, "w", mode);
  try {
    const again = openSync(path, "r");
    try {
      pass(again, redactor, buf, out);
    } finally {
      closeSync(again);
    }
  } catch (e) {
    closeSync(out);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(out);
  renameSync(tmp, path);
  return found;
}

/** Streams the open file `fd` through a matcher; writes the masked bytes to `out` when given. */
function pass(fd: number, redactor: Redactor, buf: Buffer, out: number | null): number {
  const s = redactor.stream();
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    const masked = s.push(buf.subarray(0, n));
    if (out !== null) writeAll(out, masked);
  }
  const rest = s.end();
  if (out !== null) writeAll(out, rest);
  return s.hits;
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}
