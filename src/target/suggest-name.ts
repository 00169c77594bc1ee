/**
 * "Did you mean" for target and option names: the closest candidate within a small edit distance.
 * Bounded like every suggestion (see src/source/edit-distance.ts): a name over 64 characters gets
 * none, and each comparison costs O(name length * allowed distance).
 */
import { editDistance as boundedEditDistance, isSuggestible } from "../source/edit-distance.js";

/** The candidate closest to `name` (at most a third of its length away), or undefined. */
export function suggestName(name: string, candidates: readonly string[]): string | undefined {
  if (!isSuggestible(name)) return undefined;
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of [...candidates].sort()) {
    const d = boundedEditDistance(lower, c.toLowerCase(), limit);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
