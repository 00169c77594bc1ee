/**
 * A name or value from an untrusted source (a hand-written IR, a command line) as it can be
 * quoted in a diagnostic: control characters and quotes escaped as in JSON, so a message can never
 * carry a newline, an escape sequence or a bidi control into a terminal.
 */
export function printable(text: string, maxLength = Infinity): string {
  const shown = JSON.stringify(text).slice(1, -1);
  return shown.length > maxLength ? `${shown.slice(0, maxLength - 3)}...` : shown;
}
