/**
 * Airflow renders every string in an operator's `template_fields` (`bash_command`, `env`, the
 * pod operator's `cmds`, `env_vars`, `image`, …) with Jinja. Text from a `.mlp` file that lands
 * in such a field goes through `jinjaLiteral`, which Jinja renders back to exactly that text.
 */

/**
 * Rewrites `text` so that Jinja outputs it verbatim: every `{` becomes the expression
 * `{{ '{' }}`, so no `{{`, `{%` or `{#` can open a tag; every carriage return (which Jinja's
 * lexer would normalise to `\n`) becomes the expression `{{ '\r' }}`. A trailing newline (which
 * Jinja drops without `keep_trailing_newline`) is protected by ending on `{{ '' }}`, as is a string
 * ending in one of the operator's `template_ext` suffixes (BashOperator would otherwise load
 * `… train.sh` as a template file).
 */
export function jinjaLiteral(text: string, templateExt: readonly string[] = []): string {
  const escaped = text.replace(/\{/g, "{{ '{' }}").replace(/\r/g, "{{ '\\r' }}");
  const guard = escaped.endsWith("\n") || templateExt.some((ext) => escaped.endsWith(ext));
  return guard ? escaped + "{{ '' }}" : escaped;
}
