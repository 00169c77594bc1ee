/** RuleTester cases for `unused-metric`: each finding's message id, line, column and message. */
import { RULES } from "../../../src/lint/rules/index.js";
import rule from "../../../src/lint/rules/unused-metric.js";
import { ruleTester } from "../harness.js";

const EVALUATE = `  step evaluate {\n    metrics { accuracy: float, loss: float }\n    run "echo '{}' > \${metrics}"\n  }\n`;

ruleTester(rule, RULES, {
  valid: [
    `pipeline p {\n${EVALUATE}  gate quality {\n    evaluate.accuracy >= 0.9\n    evaluate.loss < 0.5\n  }\n  step publish {\n    after quality\n    run "echo publish"\n  }\n}\n`,
    `pipeline p {\n${EVALUATE}  step report {\n    inputs { a: evaluate.accuracy, l: evaluate.loss }\n    run "echo \${a} \${l}"\n  }\n}\n`,
  ],
  invalid: [
    {
      code: `pipeline p {\n${EVALUATE}  gate quality {\n    evaluate.accuracy >= 0.9\n  }\n  step publish {\n    after quality\n    run "echo publish"\n  }\n}\n`,
      errors: [{ messageId: "unused", line: 3, column: 32, message: "metric `loss` of step `evaluate` is never gated on or read" }],
    },
  ],
});
