/** RuleTester cases for `untracked-script`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/untracked-script.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n  step train {\n    code "steps/train.py"\n    run "python steps/train.py"\n  }\n}\n`,
    `pipeline p {\n  step train {\n    run "echo train"\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n  step train {\n    run "python steps/train.py"\n  }\n}\n`,
      errors: [{ messageId: "untracked", line: 3, column: 9, message: "`run` executes `steps/train.py` but `code` does not list it" }],
    },
    {
      code: `pipeline p {\n  step train {\n    code "steps/other.py"\n    run "bash scripts/prepare.sh"\n  }\n}\n`,
      errors: [{ messageId: "untracked", line: 4, column: 9, message: "`run` executes `scripts/prepare.sh` but `code` does not list it" }],
    },
  ],
});
