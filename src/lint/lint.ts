/**
 * Runs the enabled lint rules over files and turns their reports into diagnostics, applying the
 * configured levels and `# mlp-ignore` suppressions.
 */
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import { diagnostic, sortDiagnostics } from "../diagnostics/diagnostic.js";
import type { FileNode } from "../syntax/ast.js";
import type { LintConfig } from "./config.js";
import { formatMessage, type LintRule, type RuleLevel } from "./rule.js";
import { RULES } from "./rules/index.js";
import { codeInfo } from "../diagnostics/codes.js";
import { isSuppressed, parseSuppressions, type SuppressionTarget } from "./suppressions.js";
import invalidSuppression from "./rules/invalid-suppression.js";

const BY_KEY = new Map<string, LintRule>();
for (const rule of RULES) {
  BY_KEY.set(rule.name, rule);
  BY_KEY.set(rule.meta.code, rule);
}

/** Looks a rule up by name or code. */
export function findRule(nameOrCode: string): LintRule | undefined {
  return BY_KEY.get(nameOrCode);
}

/**
 * What a name in `# mlp-ignore` may silence: a lint rule (by name or code), or the code of a
 * compiler warning or info. A target's MLP51xx-53xx and third-party MLP59xx codes are not in the
 * compiler's catalogue (the targets declare them), so any such code is accepted.
 */
export function suppressionTarget(key: string): SuppressionTarget {
  const rule = findRule(key);
  if (rule) return { code: rule.meta.code };
  if (!/^MLP\d{4}$/.test(key)) return "unknown";
  const info = codeInfo(key);
  if (info) return info.severity === "error" ? "error" : { code: key };
  return /^MLP5[1-39]\d\d$/.test(key) ? { code: key } : "unknown";
}

/** The level a rule runs at under `config`. */
export function ruleLevel(rule: LintRule, config: LintConfig): RuleLevel {
  return config.rules[rule.name] ?? config.rules[rule.meta.code] ?? rule.meta.defaultLevel;
}

/**
 * Lints `files` (the files the user named); `program` holds them plus everything they import,
 * for rules that look across files.
 */
export function lint(files: readonly FileNode[], program: readonly FileNode[], config: LintConfig): Diagnostic[] {
  const out: Diagnostic[] = [];
  const suppressionLevel = ruleLevel(invalidSuppression, config);
  for (const file of files) {
    const { suppressions, problems } = parseSuppressions(file.comments, suppressionTarget);
    if (suppressionLevel !== "off") {
      for (const p of problems) out.push(toDiagnostic(invalidSuppression, suppressionLevel, p.span, p.messageId, p.data));
    }
    for (const rule of RULES) {
      const level = ruleLevel(rule, config);
      if (level === "off" || rule === invalidSuppression) continue;
      rule.check({
        file,
        program,
        report: (r) => {
          if (isSuppressed(suppressions, rule.meta.code, r.span.start.line)) return;
          out.push(toDiagnostic(rule, level, r.span, r.messageId, r.data ?? {}));
        },
      });
    }
  }
  return sortDiagnostics(out);
}

function toDiagnostic(
  rule: LintRule,
  level: Severity,
  span: Diagnostic["span"],
  messageId: string,
  data: Readonly<Record<string, string>>,
): Diagnostic {
  const template = rule.meta.messages[messageId];
  if (template === undefined) throw new Error(`lint rule ${rule.name} reported unknown message id ${messageId}`);
  const help = rule.meta.help?.[messageId];
  return diagnostic(rule.meta.code, level, formatMessage(template, data), span, {
    rule: rule.name,
    ...(help ? { help: [formatMessage(help, data)] } : {}),
  });
}
