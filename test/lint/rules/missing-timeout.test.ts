/** RuleTester cases for `missing-timeout`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/missing-timeout.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `pipeline nightly {\n  schedule "0 3 * * *"\n  step train {\n    timeout 2h\n    run "echo train"\n  }\n}\n`,
    `pipeline adhoc {\n  step train {\n    run "echo train"\n  }\n}\n`,
    `component train {\n  timeout 1h\n  run "echo train"\n}\n\npipeline nightly {\n  schedule "0 3 * * *"\n  step t = train()\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline nightly {\n  schedule "0 3 * * *"\n  step train {\n    run "echo train"\n  }\n  step score {\n    timeout 5m\n    run "echo score"\n  }\n}\n`,
      errors: [{ messageId: "missing", line: 3, column: 8, message: "step `train` has no `timeout` but pipeline `nightly` runs on a schedule" }],
    },
    {
      code: `component train {\n  run "echo train"\n}\n\npipeline nightly {\n  schedule "0 3 * * *"\n  step t = train()\n}\n`,
      errors: [{ messageId: "missing", line: 7, column: 8, message: "step `t` has no `timeout` but pipeline `nightly` runs on a schedule" }],
    },
  ],
});
