/** RuleTester cases for `orphan-gate`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/orphan-gate.js";
import { ruleTester } from "../harness.js";

const EVALUATE = `  step evaluate {\n    metrics { accuracy: float }\n    run "echo '{}' > \${metrics}"\n  }\n  gate quality {\n    evaluate.accuracy >= 0.9\n  }\n`;

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n${EVALUATE}  step publish {\n    after quality\n    run "echo publish"\n  }\n}\n`,
    `pipeline p {\n${EVALUATE}  step train {\n    outputs { model: Model }\n    run "touch \${model}"\n  }\n  deploy prod {\n    model train.model\n    after quality\n    to local\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n${EVALUATE}  step publish {\n    run "echo publish"\n  }\n}\n`,
      errors: [{ messageId: "orphan", line: 6, column: 8, message: "gate `quality` guards nothing: no step or deploy is `after` it" }],
    },
  ],
});
