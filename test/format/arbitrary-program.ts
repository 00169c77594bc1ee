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

/** A sweep over the last step's output: one or two dimensions of 1-3 values, maybe a `best`, and a reader. */
function sweepBlock(last: string): fc.Arbitrary<string[]> {
  const values = fc.uniqueArray(fc.integer({ min: -5, max: 50 }), { minLength: 1, maxLength: 3 });
  return fc.tuple(values, fc.option(fc.uniqueArray(fc.constantFrom('"a"', '"b c"', '"ü"'), { minLength: 1, maxLength: 3 }), { nil: undefined }), fc.boolean(), blank, ws, fc.option(commentText, { nil: undefined }))
    .map(([ks, names, best, gap, sp, comment]) => [
      `  sweep tune {`,
      `    over${sp}k:${sp}[${ks.join(", ")}]${comment !== undefined ? `  # ${comment}` : ""}`,
      ...(names !== undefined ? [`    over name: [${names.join(",")}]`] : []),
      `${gap}    step fit {`,
      `      inputs { src: ${last}.out, k: k${names !== undefined ? ", name: name" : ""} }`,
      `      outputs { model: Model }`,
      `      metrics { score: float }`,
      `      run "fit \${src} \${k}${names !== undefined ? " ${name}" : ""} \${model} \${metrics}"`,
      `    }`,
      ...(best ? [`    best max fit.score`] : []),
      `  }`,
      `  step pick {`,
      `    inputs { all: collect(tune.fit.model)${best ? ", m: tune.fit.model" : ""} }`,
      `    run "cat \${all}${best ? " ${m}" : ""}"`,
      `  }`,
    ]);
}

/**
 * Control flow after the last step (language brief §9.2, §9.3): an `assert`, an else branch
 * (`after not ok`), strings built with `+` and `${…}`, a `finally` step, maybe a model from the
 * registry and a pull-request trigger.
 */
function controlBlock(last: string): fc.Arbitrary<string[]> {
  const label = fc.constantFrom('"v-${tag}"', '"model-" + tag', '"${tag} at ${' + last + '.score}"', '"$${HOME} ${tag}"');
  return fc.tuple(label, fc.boolean(), fc.boolean(), ws, blank).map(([text, registry, pr, sp, gap]) => [
    ...(pr ? [`  trigger on pull_request("data/**",${sp}"src/*.py")`] : []),
    `  param tag: string = "blue"`,
    `  step build {`,
    `    inputs { src: ${last}.out }`,
    `    outputs { model: Model }`,
    `    run "build \${src} \${model}"`,
    `  }`,
    `  assert${sp}sane {`,
    `    ${last}.score >= 0`,
    `  }`,
    `${gap}  step explain {`,
    `    after${sp}not${sp}ok`,
    `    inputs { title: ${text}${registry ? `, model: deployed(production).model ?? build.model` : ""} }`,
    `    run "explain \${title}${registry ? " ${model}" : ""}"`,
    `  }`,
    `  finally${sp}notify {`,
    `    inputs { tag: tag }`,
    `    run "notify \${status} \${tag}"`,
    `  }`,
    `  deploy production {`,
    `    model build.model`,
    `    after ok, sane`,
    `    to command { command: "ship \${tag}" }`,
    `  }`,
  ]);
}

/** A pipeline with `steps` chained steps, maybe a sweep, a gate and a deploy. */
export const arbitraryProgram: fc.Arbitrary<string> = fc.integer({ min: 1, max: 5 }).chain((steps) => {
  const bodies = Array.from({ length: steps }, (_, i) => stepBody(i, i === 0 ? undefined : `s${i - 1}`));
  const sweep = fc.option(sweepBlock(`s${steps - 1}`), { nil: undefined });
  const control = fc.option(controlBlock(`s${steps - 1}`), { nil: undefined });
  return fc.tuple(fc.tuple(...bodies), blank, fc.option(commentText, { nil: undefined }), ws, sweep, control).map(([stepLines, gap, headComment, sp, sweepLines, controlLines]) => {
    const out: string[] = [];
    if (headComment !== undefined) out.push(`# ${headComment}`, "");
    out.push(`pipeline${sp}demo${sp}{`);
    out.push(`  param${sp}threshold: float = 0.5`);
    out.push(`  dataset raw: File = "data/raw.csv"${gap}`);
    stepLines.forEach((lines, i) => {
      out.push(`  step s${i} {`, ...lines, "  }");
    });
    const last = `s${steps - 1}`;
    if (sweepLines !== undefined) out.push(...sweepLines);
    out.push(`  gate ok {`, `    ${last}.score >= threshold`, `  }`);
    out.push(`  step publish {`, `    after ok`, `    inputs { m: ${last}.out }`, `    run "cat \${m}"`, `  }`);
    if (controlLines !== undefined) out.push(...controlLines);
    out.push("}");
    return out.join("\n") + "\n";
  });
});
