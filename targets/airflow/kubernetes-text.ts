/**
 * Kubernetes expands `$(VAR)` references in a container's `command`, `args` and `env` values,
 * and turns `$$` into `$`. Text from a `.mlp` file that lands there goes through `kubeLiteral`
 * so the kubelet passes it through unchanged.
 */

/**
 * Doubles each `$` that the kubelet would read as an escape or a reference (one followed by
 * `$` or `(`); its expansion then turns the result back into exactly `text`.
 */
export function kubeLiteral(text: string): string {
  return text.replace(/\$(?=[$(])/g, "$$$$");
}

/** DNS-1123 label: lowercase alphanumerics and `-`, starting and ending alphanumeric, at most 63. */
export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** DNS-1123 subdomain: labels joined by `.`, at most 253 characters. */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}

/** Kubernetes resource quantity (`2`, `500m`, `4Gi`, `1.5`, `1e3`). */
export function isQuantity(text: string): boolean {
  return /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$/.test(text);
}

/** A pod name derived from a task id: lowercase, `[a-z0-9-]`, at most `max` characters. */
export function podNameFor(taskId: string, max = 50): string {
  const s = taskId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/g, "");
  return s.length > 0 ? s : "mlp-task";
}
