/** RuleTester cases for `secret-in-env`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/secret-in-env.js";
import { ruleTester } from "../harness.js";

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n  secret WAREHOUSE_TOKEN\n  step pull {\n    secrets [WAREHOUSE_TOKEN]\n    run "echo pull"\n  }\n}\n`,
    `pipeline p {\n  step pull {\n    env { LOG_LEVEL: "debug", REGION: "eu-west-1" }\n    run "echo pull"\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n  step pull {\n    env { WAREHOUSE_TOKEN: "s3cr3t" }\n    run "echo pull"\n  }\n}\n`,
      errors: [{ messageId: "suspicious", line: 3, column: 11, message: "`env` sets `WAREHOUSE_TOKEN` to a literal value that looks like a secret" }],
    },
    {
      code: `pipeline p {\n  secret token\n  step pull {\n    env { TOKEN: "x" }\n    run "echo pull"\n  }\n}\n`,
      errors: [{ messageId: "declared", line: 4, column: 11, message: "`env` sets `TOKEN`, which names the declared secret `token`" }],
    },
  ],
});
