/** RuleTester cases for `unused-component`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/unused-component.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `component greet {\n  run "echo hi"\n}\n\npipeline p {\n  step s = greet()\n}\n`,
    { code: `import "./lib.mlp"\n\npipeline p {\n  step s = greet()\n}\n`, files: { "lib.mlp": `component greet {\n  run "echo hi"\n}\n` } },
  ],
  invalid: [
    {
      code: `component greet {\n  run "echo hi"\n}\n\ncomponent wave {\n  run "echo wave"\n}\n\npipeline p {\n  step s = greet()\n}\n`,
      errors: [{ messageId: "unused", line: 5, column: 11, message: "component `wave` is never used" }],
    },
  ],
});
