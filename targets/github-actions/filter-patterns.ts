/**
 * GitHub's filter patterns (`on.push.paths`, `on.push.branches`), checked the way actionlint
 * checks them (rhysd/actionlint `glob.go`, "Glob filter pattern syntax validation"), so a
 * workflow that actionlint or GitHub refuses is never written. The rules, from GitHub's "Filter
 * pattern cheat sheet" and actionlint:
 * - a pattern is not empty, holds no line break (LF or CR) and no NUL;
 * - `?` and `+` repeat the character before them, so that character must not be special
 *   (`*`, `?`, `+`, the pattern's start or a leading `!`);
 * - `[…]` is closed, not empty, not one character (`[x]`), and its ranges run forwards (`a-z`);
 * - `!` alone is not a pattern;
 * - `\` escapes `[ ? * + \ !`; in a path it is otherwise an ordinary character;
 * - a path does not start or end with a space (actionlint: "path value must not start with
 *   spaces" / "end with spaces").
 * Branch patterns are Git ref names too: no space, tab, `~`, `^`, `:`, no escaped `[ ? *`, no
 * other `\`, no leading `/`, no trailing `/` or `.`.
 */

export type FilterKind = "path" | "branch";

/** Why GitHub would refuse `pattern` as a `kind` filter, or undefined when it accepts it. */
export function filterPatternProblem(pattern: string, kind: FilterKind): string | undefined {
  if (pattern === "") return "a pattern cannot be empty";
  const chars = Array.from(pattern);
  if (chars.includes("\0")) return "a pattern cannot contain a NUL character";
  const ref = kind === "branch";
  if (!ref && pattern.startsWith(" ")) return "a path pattern cannot start with a space";
  if (!ref && pattern.endsWith(" ")) return "a path pattern cannot end with a space";
  let i = 0;
  // Whether the character before can be repeated by `?` or `+`.
  let repeatable = false;
  if (chars[0] === "/" && ref) {
    return "a branch name cannot start with `/`";
  } else if (chars[0] === "!") {
    if (chars.length === 1) return "`!` (negation) must be followed by a pattern";
    i = 1;
  }
  for (; i < chars.length; i++) {
    const c = chars[i]!;
    const next = chars[i + 1];
    switch (c) {
      case "\\":
        if (next === "[" || next === "?" || next === "*") {
          if (ref) return `a branch name cannot contain \`${next}\`, even escaped`;
          i++;
        } else if (next === "+" || next === "\\" || next === "!") {
          i++;
        } else if (ref) {
          return "in a branch pattern `\\` may only escape `[ ? + * \\ !`";
        }
        repeatable = true;
        break;
      case "?":
      case "+":
        if (!repeatable) return `\`${c}\` repeats the character before it, which must not be the pattern's start, \`!\`, \`*\`, \`?\` or \`+\``;
        repeatable = false;
        break;
      case "*":
        repeatable = false;
        break;
      case "[": {
        const problem = characterClassProblem(chars, i);
        if (typeof problem === "string") return problem;
        i = problem;
        repeatable = true;
        break;
      }
      case "\r":
      case "\n":
        return "a pattern cannot contain a line break";
      case " ":
      case "\t":
      case "~":
      case "^":
      case ":":
        if (ref) return `a branch name cannot contain ${c === " " ? "a space" : c === "\t" ? "a tab" : `\`${c}\``}`;
        repeatable = true;
        break;
      default:
        repeatable = true;
    }
  }
  const last = chars[chars.length - 1]!;
  if (ref && (last === "/" || last === ".")) return `a branch name cannot end with \`${last}\``;
  return undefined;
}

/** Checks the `[…]` starting at `chars[open]`; returns the index of its `]` or a problem. */
function characterClassProblem(chars: readonly string[], open: number): number | string {
  if (chars[open + 1] === "]") return "`[]` matches nothing: a character class cannot be empty";
  let members = 0;
  for (let i = open + 1; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "]") {
      if (members === 1) return `\`${chars.slice(open, i + 1).join("")}\` holds one character: write it without \`[ ]\``;
      return i;
    }
    if (chars[i + 1] !== "-") {
      members++;
      continue;
    }
    members += 2;
    const end = chars[i + 2];
    if (end === "]") return `the range \`${c}-\` in \`[…]\` has no end`;
    if (end === undefined) break;
    if (c.codePointAt(0)! > end.codePointAt(0)!) return `the range \`${c}-${end}\` in \`[…]\` runs backwards`;
    i += 2;
  }
  return "`[` opens a character class that is never closed with `]`";
}
