/** RuleTester cases for `unused-dataset`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/unused-dataset.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n  dataset raw: File = "raw.txt"\n  step s {\n    inputs { r: raw }\n    run "cat \${r}"\n  }\n}\n`,
    `pipeline p {\n  dataset raw: File = "raw.txt"\n  trigger on change(raw)\n  step s {\n    inputs { r: raw }\n    run "cat \${r}"\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n  dataset raw: File = "raw.txt"\n  dataset old: File = "old.txt"\n  step s {\n    inputs { r: raw }\n    run "cat \${r}"\n  }\n}\n`,
      errors: [{ messageId: "unused", line: 3, column: 11, message: "dataset `old` is never used" }],
    },
  ],
});
