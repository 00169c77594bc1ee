/**
 * Keeping `.mlp` values inert inside an Argo Workflow.
 *
 * Argo runs `{{…}}` substitution (simple tags and `{{=expr}}` expression tags) over the JSON of
 * every template, several times (global pass, argument pass, template pass), and a value inserted
 * by one pass is scanned again by the next. So a user string containing `{{` must never appear in
 * a template: there is no escape syntax, and an expression that evaluates to `{{` is re-scanned.
 * Strings without `{{` are inert (fasttemplate only opens a tag at `{{`).
 *
 * The rule this target follows: every user value is placed in a field on its own or inside a
 * POSIX shell script that mlp assembles; when the assembled field would contain `{{`, the value is
 * carried base64-encoded and decoded inside the container (`base64 -d`), where Argo never looks.
 * Argo tags written by mlp itself are built only from validated names and numbers.
 */

/** True when Argo would see a template tag in `s`. */
export function hasArgoTag(s: string): boolean {
  return s.includes("{{");
}

/**
 * `s` as the kubelet will hand it to the container: Kubernetes expands `$(VAR)` in a container's
 * `command`, `args` and `env` values to the value of the container's variable `VAR` (a secret's,
 * say) and turns `$$` into `$`; with every `$` doubled the text arrives exactly as written.
 */
export function kubeLiteral(s: string): string {
  return s.replaceAll("$", "$$$$");
}

/** `s` as one POSIX shell word: single-quoted, with `'` written as `'\''`. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Base64 of the UTF-8 bytes of `s` (alphabet `A-Za-z0-9+/=`, so it never contains a tag). */
export function base64(s: string): string {
  return Buffer.from(s, "utf8").toString("base64");
}

/**
 * A shell command that runs `script` without it ever appearing in the Workflow: the script is
 * read from the environment variable `envName` (base64) and evaluated by the same shell.
 */
export function decodeAndEval(envName: string): string {
  return `eval "$(printf '%s' "$${envName}" | base64 -d)"`;
}

/**
 * A shell statement that sets `variable` to the base64-decoded value of `$${envName}`, keeping
 * trailing newlines (command substitution would strip them, so a sentinel `x` is appended and
 * removed).
 */
export function decodeVariable(variable: string, envName: string): string {
  return `${variable}="$(printf '%s' "$${envName}" | base64 -d; printf x)"; ${variable}="\${${variable}%x}"`;
}

/**
 * A single-quoted expr-lang string literal for `s` that survives Argo's JSON round trip and its
 * tag scanner: characters other than letters, digits, space and `_.,/@+-=` are written as
 * `\uXXXX` (or `\UXXXXXXXX`), so the literal contains no quote, brace, `?` or `:`.
 */
export function exprString(s: string): string {
  let out = "'";
  for (const ch of s) {
    if (/^[A-Za-z0-9 _.,/@+=-]$/.test(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      out += cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, "0")}` : `\\U${cp.toString(16).padStart(8, "0")}`;
    }
  }
  return out + "'";
}
