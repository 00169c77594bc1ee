/** RuleTester cases for `unguarded-production-deploy`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/unguarded-production-deploy.js";
import { ruleTester } from "../harness.js";

const TRAIN = `  step train {\n    outputs { model: Model }\n    metrics { accuracy: float }\n    run "touch \${model} && echo '{}' > \${metrics}"\n  }\n  gate quality {\n    train.accuracy >= 0.9\n  }\n`;

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n${TRAIN}  deploy production {\n    model train.model\n    after quality\n    approval required\n    to local\n  }\n}\n`,
    `pipeline p {\n${TRAIN}  deploy staging {\n    model train.model\n    to local\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n${TRAIN}  deploy production {\n    model train.model\n    to local\n  }\n}\n`,
      errors: [
        { messageId: "noGate", line: 10, column: 10, message: "deploy `production` does not wait for any gate" },
        { messageId: "noApproval", line: 10, column: 10, message: "deploy `production` ships without `approval required`" },
      ],
    },
    {
      code: `pipeline p {\n${TRAIN}  deploy prod {\n    model train.model\n    after quality\n    to local\n  }\n}\n`,
      errors: [{ messageId: "noApproval", line: 10, column: 10, message: "deploy `prod` ships without `approval required`" }],
    },
  ],
});
