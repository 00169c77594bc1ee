/** RuleTester cases for `invalid-suppression`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/invalid-suppression.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n  step s {\n    image "python:latest"  # mlp-ignore unpinned-image: the smoke test wants the newest python\n    run "true"\n  }\n}\n`,
    `pipeline p {\n  step s {\n    run "true"\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n  step s {\n    image "python:latest"  # mlp-ignore unpinned-image\n    run "true"\n  }\n}\n`,
      errors: [{ messageId: "noReason", line: 3, column: 28, message: "suppression of `unpinned-image` gives no reason" }],
    },
    {
      code: `pipeline p {\n  step s {\n    image "python:latest"  # mlp-ignore unpined-image: typo\n    run "true"\n  }\n}\n`,
      errors: [{ messageId: "unknownRule", line: 3, column: 28, message: "suppression names `unpined-image`, which is neither a lint rule nor a warning's code" }],
    },
    {
      code: `pipeline p {\n  step s {\n    run "true"  # mlp-ignore\n  }\n}\n`,
      errors: [{ messageId: "noRule", line: 3, column: 17, message: "suppression names no rule" }],
    },
    {
      code: `pipeline p {\n  step s {\n    run "true"  # mlp-ignore MLP2004: not a warning\n  }\n}\n`,
      errors: [{ messageId: "errorCode", line: 3, column: 17, message: "suppression names `MLP2004`, an error, which cannot be suppressed" }],
    },
  ],
});
