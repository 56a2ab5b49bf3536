import type { Statistic } from '../../core/insights';

/** A statistic to show: the number rounded, or `n/a`; the reason goes beside it. */
export function formatStatistic(statistic: Statistic, digits = 3): string {
  return statistic.value === null ? 'n/a' : formatNumber(statistic.value, digits);
}

/** A number with at most `digits` decimals and no trailing zeros (0.5, 0.667, 12). */
export function formatNumber(value: number, digits = 3): string {
  return String(Number(value.toFixed(digits)));
}

/** A share as a percentage (0.7 → `70%`). */
export function formatPercent(value: number): string {
  return `${formatNumber(value * 100, 1)}%`;
}
