/**
 * Agreement statistics for judge calibration. Every statistic that can be undefined for some
 * inputs (kappa when chance agreement is 1, a correlation when one side is constant, anything
 * over zero pairs) is returned as a {@link Statistic}: a number, or `null` with the reason —
 * never `NaN`, which would print as "NaN" in a table and compare false with everything.
 */

/** A number, or `null` with a sentence saying why it cannot be computed. */
export type Statistic = { value: number; reason: null } | { value: null; reason: string };

/** A computed statistic. */
export const defined = (value: number): Statistic => ({ value, reason: null });
/** A statistic that cannot be computed, with the reason. */
export const undefinedBecause = (reason: string): Statistic => ({ value: null, reason });

/** The arithmetic mean; `null` for an empty list. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Ranks starting at 1, ties sharing the average of the ranks they span (the "fractional" ranking
 * Spearman's rho needs): `[10, 20, 20, 30]` → `[1, 2.5, 2.5, 4]`.
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    // positions start..end (0-based) hold ranks start+1..end+1; their average is the midpoint
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) ranks[order[k]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Pearson's r of two equally long lists; undefined under two pairs or when a side is constant. */
export function pearson(xs: readonly number[], ys: readonly number[], sides = { x: 'the x values', y: 'the y values' }): Statistic {
  if (xs.length !== ys.length) throw new RangeError(`pearson: ${xs.length} x values but ${ys.length} y values`);
  if (xs.length < 2) return undefinedBecause(`needs at least 2 pairs, got ${xs.length}`);
  const mx = mean(xs)!;
  const my = mean(ys)!;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i += 1) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 && syy === 0) return undefinedBecause(`${sides.x} and ${sides.y} are each constant`);
  if (sxx === 0) return undefinedBecause(`${sides.x} are all equal (${xs[0]})`);
  if (syy === 0) return undefinedBecause(`${sides.y} are all equal (${ys[0]})`);
  // clamp: rounding can push a perfect correlation a hair past ±1
  return defined(Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))));
}

/** Spearman's rho: Pearson's r of the average ranks, so ties are handled exactly. */
export function spearman(xs: readonly number[], ys: readonly number[], sides = { x: 'the x values', y: 'the y values' }): Statistic {
  if (xs.length !== ys.length) throw new RangeError(`spearman: ${xs.length} x values but ${ys.length} y values`);
  return pearson(averageRanks(xs), averageRanks(ys), sides);
}

/** Mean absolute error of `predicted` against `actual`; undefined over zero pairs. */
export function meanAbsoluteError(actual: readonly number[], predicted: readonly number[]): Statistic {
  if (actual.length !== predicted.length) {
    throw new RangeError(`meanAbsoluteError: ${actual.length} actual values but ${predicted.length} predicted`);
  }
  if (actual.length === 0) return undefinedBecause('no pairs with a score on both sides');
  return defined(mean(actual.map((value, i) => Math.abs(value - predicted[i]!)))!);
}

/**
 * Cohen's kappa from a square confusion matrix (rows: one rater, columns: the other).
 * Undefined over zero pairs, and when chance agreement is 1 — both raters used one and the same
 * label for everything, so agreement beyond chance has nothing to measure.
 */
export function cohensKappa(matrix: readonly (readonly number[])[], labels: readonly string[]): Statistic {
  const size = matrix.length;
  let total = 0;
  let agreed = 0;
  const rowSums = new Array<number>(size).fill(0);
  const columnSums = new Array<number>(size).fill(0);
  for (let i = 0; i < size; i += 1) {
    for (let j = 0; j < size; j += 1) {
      const count = matrix[i]![j]!;
      total += count;
      rowSums[i]! += count;
      columnSums[j]! += count;
      if (i === j) agreed += count;
    }
  }
  if (total === 0) return undefinedBecause('no pairs with a label on both sides');
  const observed = agreed / total;
  let chance = 0;
  for (let i = 0; i < size; i += 1) chance += (rowSums[i]! / total) * (columnSums[i]! / total);
  if (1 - chance < 1e-12) {
    const only = labels[rowSums.findIndex((sum) => sum > 0)] ?? '';
    return undefinedBecause(
      `human and judge both gave every pair the same label ("${only}"): chance agreement is 1, so kappa is undefined`,
    );
  }
  return defined((observed - chance) / (1 - chance));
}
