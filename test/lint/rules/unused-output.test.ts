/** RuleTester cases for `unused-output`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/unused-output.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n  step s {\n    outputs { report: File }\n    run "touch \${report}"\n  }\n  step t {\n    inputs { r: s.report }\n    run "cat \${r}"\n  }\n}\n`,
    `pipeline p {\n  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy prod {\n    model train.model\n    to local\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n  step s {\n    outputs { report: File, scratch: File }\n    run "touch \${report} \${scratch}"\n  }\n  step t {\n    inputs { r: s.report }\n    run "cat \${r}"\n  }\n}\n`,
      errors: [{ messageId: "unused", line: 3, column: 29, message: "output `scratch` of step `s` is never used" }],
    },
  ],
});
