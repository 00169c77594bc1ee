/**
 * `count(1, "node")` is "1 node", `count(2, "node")` "2 nodes": every count printed to a user
 * goes through here, so none reads "(1 nodes)" or "step(s)".
 */
export function count(n: number, singular: string, plural: string = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
