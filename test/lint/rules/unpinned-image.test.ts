/** RuleTester cases for `unpinned-image`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/unpinned-image.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n  step s {\n    image "python:3.12-slim"\n    run "true"\n  }\n}\n`,
    `pipeline p {\n  step s {\n    image "python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"\n    run "true"\n  }\n}\n`,
    `pipeline p {\n  step s {\n    image "localhost:5000/team/trainer:1.4"\n    run "true"\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n  step s {\n    image "python:latest"\n    run "true"\n  }\n}\n`,
      errors: [{ messageId: "latest", line: 3, column: 11, message: "image `python:latest` uses the moving tag `latest`" }],
    },
    {
      code: `component c {\n  image "localhost:5000/team/trainer"\n  run "true"\n}\n\npipeline p {\n  step s = c()\n}\n`,
      errors: [{ messageId: "untagged", line: 2, column: 9, message: "image `localhost:5000/team/trainer` has no tag or digest" }],
    },
  ],
});
