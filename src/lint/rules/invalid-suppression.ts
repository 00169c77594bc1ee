/**
 * An `# mlp-ignore` comment must name known rules and say why (`# mlp-ignore MLP6001: reason`).
 * The lint runner checks suppressions itself (`src/lint/suppressions.ts`); this rule carries the
 * metadata, and its findings cannot be suppressed.
 */
import { createRule } from "../rule.js";

export default createRule({
  name: "invalid-suppression",
  meta: {
    code: "MLP6013",
    description: "an `mlp-ignore` comment without a reason or naming an unknown rule",
    defaultLevel: "warning",
    messages: {
      noReason: "suppression of `{{rules}}` gives no reason",
      unknownRule: "suppression names `{{rule}}`, which is neither a lint rule nor a warning's code",
      noRule: "suppression names no rule",
      errorCode: "suppression names `{{rule}}`, an error, which cannot be suppressed",
    },
    help: {
      noReason: "write the reason after a colon: `# mlp-ignore {{rules}}: why this is fine here`",
      unknownRule: "use a rule name or code from `mlp lint --list-rules`, or the code of a warning (`mlp explain CODE`)",
      noRule: "write `# mlp-ignore RULE: reason`",
      errorCode: "fix the error instead; only warnings and infos can be suppressed",
    },
  },
  check() {
    /* reported by the runner from the file's comments */
  },
});
