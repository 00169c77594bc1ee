/** RuleTester cases for `cache-off-without-reason`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/cache-off-without-reason.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n  step fetch {\n    cache off  # reads the live feature store\n    run "echo fetch"\n  }\n}\n`,
    `pipeline p {\n  step fetch {\n    # the feed changes between runs\n    cache off\n    run "echo fetch"\n  }\n}\n`,
    `pipeline p {\n  step fetch {\n    cache on\n    run "echo fetch"\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n  step fetch {\n    cache off\n    run "echo fetch"\n  }\n}\n`,
      errors: [{ messageId: "noReason", line: 3, column: 5, message: "`cache off` has no comment saying why" }],
    },
    {
      code: `component fetch {\n  cache off\n  run "echo fetch"\n}\n\npipeline p {\n  step f = fetch()\n}\n`,
      errors: [{ messageId: "noReason", line: 2, column: 3, message: "`cache off` has no comment saying why" }],
    },
  ],
});
