/** `a`, `a or b`, `one of a, b, or c` — how a message lists the choices. */
export function disjunction(choices: readonly string[]): string {
  if (choices.length === 0) return '';
  if (choices.length === 1) return choices[0]!;
  if (choices.length === 2) return `${choices[0]} or ${choices[1]}`;
  return `one of ${choices.slice(0, -1).join(', ')}, or ${choices.at(-1)}`;
}

/** The choice most similar to `source` (Ratcliff/Obershelp ratio above 0.75), as Phoenix suggests; else null. */
export function closestMatch(source: string, choices: readonly string[], threshold = 0.75): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const choice of choices) {
    const score = similarity(source, choice);
    if (score > bestScore) {
      best = choice;
      bestScore = score;
    }
  }
  return bestScore > threshold ? best : null;
}

/** 2 × matching characters / total characters, matching blocks found longest first. */
export function similarity(a: string, b: string): number {
  if (a.length + b.length === 0) return 1;
  return (2 * matching(a, b)) / (a.length + b.length);
}

function matching(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  let bestLength = 0;
  let bestA = 0;
  let bestB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > bestLength) {
        bestLength = k;
        bestA = i;
        bestB = j;
      }
    }
  }
  if (bestLength === 0) return 0;
  return (
    bestLength +
    matching(a.slice(0, bestA), b.slice(0, bestB)) +
    matching(a.slice(bestA + bestLength), b.slice(bestB + bestLength))
  );
}
