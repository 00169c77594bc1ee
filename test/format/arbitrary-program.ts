/**
 * fast-check generator of valid `.mlp` programs written in messy layouts: members in random
 * order, random spacing, blank lines and comments. Formatting them must be idempotent and must
 * not change their meaning.
 */
import fc from "fast-check";

const ws = fc.constantFrom(" ", "  ", "   ", "\t");
const blank = fc.constantFrom("", "", "\n", "\n\n\n");
const commentText = fc.constantFrom("note", "why: the feature store is live", "TODO tune", "ünïcode — ok", "");

/** A member line with random inner spacing and maybe a trailing comment. */
function line(parts: string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.array(ws, { minLength: parts.length, maxLength: parts.length }), fc.option(commentText, { nil: undefined })).map(
    ([spaces, comment]) => parts.map((p, i) => (i === 0 ? p : spaces[i]! + p)).join("") + (comment !== undefined ? `  # ${comment}` : ""),
  );
}

function stepBody(index: number, previous: string | undefined): fc.Arbitrary<string[]> {
  const inputs = previous ? `inputs { src: ${previous}.out, n: ${index} }` : `inputs { src: raw, n: ${index} }`;
  const members: fc.Arbitrary<string>[] = [
    line([inputs]),
    line([`outputs { out: File }`]),
    line([`metrics { score: float }`]),
    line([`image "alpine:3.20"`]),
    line([`timeout ${index + 1}m`]),
    line([`retry ${index % 3}`]),
    line([`env { LEVEL: "${index}" }`]),
    line([`run "cp \${src} \${out} && echo '{\\"score\\": 1}' > \${metrics}"`]),
  ];
  return fc.shuffledSubarray(members, { minLength: members.length, maxLength: members.length }).chain((shuffled) =>
    fc.tuple(...shuffled.map((m) => fc.tuple(blank, m))).map((pairs) => pairs.map(([b, m]) => b + "    " + m)),
  );
}

/** A pipeline with `steps` chained steps, a gate and a deploy. */
export const arbitraryProgram: fc.Arbitrary<string> = fc.integer({ min: 1, max: 5 }).chain((steps) => {
  const bodies = Array.from({ length: steps }, (_, i) => stepBody(i, i === 0 ? undefined : `s${i - 1}`));
  return fc.tuple(fc.tuple(...bodies), blank, fc.option(commentText, { nil: undefined }), ws).map(([stepLines, gap, headComment, sp]) => {
    const out: string[] = [];
    if (headComment !== undefined) out.push(`# ${headComment}`, "");
    out.push(`pipeline${sp}demo${sp}{`);
    out.push(`  param${sp}threshold: float = 0.5`);
    out.push(`  dataset raw: File = "data/raw.csv"${gap}`);
    stepLines.forEach((lines, i) => {
      out.push(`  step s${i} {`, ...lines, "  }");
    });
    const last = `s${steps - 1}`;
    out.push(`  gate ok {`, `    ${last}.score >= threshold`, `  }`);
    out.push(`  step publish {`, `    after ok`, `    inputs { m: ${last}.out }`, `    run "cat \${m}"`, `  }`);
    out.push("}");
    return out.join("\n") + "\n";
  });
});
