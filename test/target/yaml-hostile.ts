/** Hostile strings for the YAML printer's property tests (shared by its two test files). */
import fc from "fast-check";

/** Hostile pieces: YAML indicators, 1.1 booleans and numbers, template syntax, line breaks, unicode. */
export const HOSTILE = [
  "", " ", "  ", "a", "yes", "No", "ON", "off", "y", "n", "Y", "null", "Null", "NULL", "~", "true", "False", "010", "0o17", "0x1F", "0b101",
  "1_000", "1e3", "1E-3", ".5", "-.5", "+1", ".inf", "-.Inf", ".nan", "1:20", "190:20:30.15", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
  "<<", "=", "-", "?", ":", "- a", "? x", "a: b", "a:", "key:value", "a #b", "#x", "&a", "*a", "!x", "!!python/object:os.system", "%YAML",
  "@x", "`x`", "|", ">", "'", '"', "'\"", "a'b", 'a"b', "{x}", "[1]", ",", "${{ secrets.X }}", "{{ x }}", "{% raw %}", "---", "...", "--- x",
  "\n", "\n\n", "a\n", "a\n\n", "\na", " a", "a ", "a\n ", " a\nb", "a\n \nb", "a \nb", "a\n\tb", "\ta", "a\r\nb", "\r", "\t", "\r\n \n", "\n \n",
  "\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\ufeff", "\ud800", "\udc00", "\ufffe", "\uffff", "😀", "é—", "a\\b", "\\",
];

const piece = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", maxLength: 6 }));
/** Arbitrary strings, most of them made of hostile pieces. */
export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.array(piece, { maxLength: 5 }).map((a) => a.join("")) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("a", " ", "\n", "\t", ":", "#", "-", "'", '"', "0", ".", "%"), maxLength: 12 }) },
);
