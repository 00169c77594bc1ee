/**
 * "Did you mean" suggestions: the closest candidate by edit distance, when it is close enough
 * to be a plausible typo (at most a third of the name's length, and always at least one edit).
 * Names over `MAX_SUGGESTED_NAME_LENGTH` characters get none, so the cost stays linear in the
 * number of candidates whatever the user wrote (see src/source/edit-distance.ts).
 */
import { editDistance as boundedEditDistance, isSuggestible, MAX_SUGGESTED_NAME_LENGTH } from "../source/edit-distance.js";

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two adjacent
 * characters (optimal string alignment), bounded: returns `limit + 1` as soon as the distance
 * exceeds `limit`. Swaps count once because `flaot` for `float` is the commonest typo.
 */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  return boundedEditDistance(a, b, Math.min(limit, Math.max(a.length, b.length)), { swaps: true });
}

/**
 * The best suggestion for `name` among `candidates`, or undefined. Ties go to the candidate
 * that comes first in sorted order, so the result is deterministic.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  if (!isSuggestible(name)) return undefined;
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDist = limit + 1;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name || Math.abs(c.length - name.length) > limit || c.length > MAX_SUGGESTED_NAME_LENGTH + limit) continue;
    // a case-only difference is the most likely typo
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(name, c, limit);
    if (d < bestDist || (d === bestDist && best !== undefined && c < best)) {
      best = c;
      bestDist = d;
    }
  }
  return bestDist <= limit ? best : undefined;
}

/** A `help` line for a suggestion, or nothing. */
export function suggestionHelp(name: string, candidates: Iterable<string>): string[] {
  const s = didYouMean(name, candidates);
  return s === undefined ? [] : [`did you mean \`${s}\`?`];
}
