/** RuleTester cases for `unused-param`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/unused-param.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n  param n: int = 1\n  step s {\n    inputs { x: n }\n    run "echo \${x}"\n  }\n}\n`,
    `pipeline p {\n  param n: int = 1\n  step s {\n    retry n\n    run "true"\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n  param n: int = 1\n  param unused: string = "x"\n  step s {\n    inputs { x: n }\n    run "echo \${x}"\n  }\n}\n`,
      errors: [{ messageId: "unused", line: 3, column: 9, message: "param `unused` is never used" }],
    },
  ],
});
