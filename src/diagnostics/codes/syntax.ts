/** MLP1xxx: lexing and syntax (reported by `src/syntax/parse.ts`) */
import type { CodeInfo } from "./code-info.js";

/** Wraps step members in the smallest complete pipeline. */
function pipeline(stepBody: string, extra = ""): string {
  return "pipeline demo {\n" + extra + "  step hello {\n" + stepBody + "  }\n}\n";
}

const HELLO = '    run "echo hello"\n';

export const SYNTAX_CODES: CodeInfo[] = [
  {
    code: "MLP1001",
    severity: "error",
    title: "a character that is not part of the language",
    bad: pipeline('    run "echo hello";\n'),
    fixed: pipeline(HELLO),
  },
  {
    code: "MLP1002",
    severity: "error",
    title: "unexpected token: the parser expected something else here",
    bad: pipeline('    run = "echo hello"\n'),
    fixed: pipeline(HELLO),
  },
  {
    code: "MLP1003",
    severity: "error",
    title: "a string is never closed",
    bad: pipeline('    run "echo hello\n'),
    fixed: pipeline(HELLO),
  },
  {
    code: "MLP1004",
    severity: "error",
    title: "an invalid escape sequence in a string",
    bad: pipeline('    run "grep \\d log.txt"\n'),
    fixed: pipeline('    run "grep \\\\d log.txt"\n'),
  },
  {
    code: "MLP1005",
    severity: "error",
    title: "a malformed `${…}` placeholder in a string",
    bad: pipeline('    run "echo ${1st}"\n'),
    fixed: pipeline('    run "echo $${1st}"\n'),
  },
  {
    code: "MLP1006",
    severity: "error",
    title: "an unknown member in a block",
    bad: pipeline('    command "echo hello"\n'),
    fixed: pipeline(HELLO),
  },
  {
    code: "MLP1007",
    severity: "error",
    title: "two members, fields or conditions on one line",
    bad: 'pipeline demo {\n  step hello { image "alpine:3.20" run "echo hello" }\n}\n',
    fixed: 'pipeline demo {\n  step hello {\n    image "alpine:3.20"\n    run "echo hello"\n  }\n}\n',
  },
  {
    code: "MLP1008",
    severity: "error",
    title: "brackets, blocks, type arguments or prefix operators nested too deeply",
    bad: pipeline(HELLO, "  param depth: int = " + "(".repeat(64) + "1" + ")".repeat(64) + "\n"),
    fixed: pipeline(HELLO, "  param depth: int = 1\n"),
  },
  {
    code: "MLP1009",
    severity: "error",
    title: "an invalid number, duration or quantity literal",
    bad: pipeline(HELLO + "    timeout 5min\n"),
    fixed: pipeline(HELLO + "    timeout 5m\n"),
  },
  {
    code: "MLP1010",
    severity: "error",
    title: "a block, argument list or list is not closed",
    bad: "pipeline demo {\n  step hello {\n" + HELLO + "  }\n",
    fixed: pipeline(HELLO),
  },
  {
    code: "MLP1011",
    severity: "error",
    title: "chained comparison operators (`a < b < c`)",
    bad: pipeline(HELLO, "  param lo: int = 1\n  gate ordered {\n    0 < lo < 10\n  }\n"),
    fixed: pipeline(HELLO, "  param lo: int = 1\n  gate ordered {\n    0 < lo and lo < 10\n  }\n"),
  },
  {
    code: "MLP1012",
    severity: "error",
    title: "a reserved word used as a name",
    bad: 'pipeline demo {\n  step string {\n    run "echo hello"\n  }\n}\n',
    fixed: 'pipeline demo {\n  step text {\n    run "echo hello"\n  }\n}\n',
  },
];
