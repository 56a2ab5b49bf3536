/** Display helpers for the trace viewer; they never throw on odd values (NaN, null, huge numbers). */

/** `1.24s`, `380ms`, `0.42ms`, `2m 5s`; an em dash when the duration is unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < 1) return `${sign}${abs.toFixed(2)}ms`;
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)}s`;
  const minutes = Math.floor(abs / 60_000);
  const seconds = Math.round((abs % 60_000) / 1000);
  return `${sign}${minutes}m ${seconds}s`;
}

/** Duration of a span in ms, or null when a time is missing. */
export function spanDuration(start: number | null, end: number | null): number | null {
  return start == null || end == null || !Number.isFinite(start) || !Number.isFinite(end) ? null : end - start;
}

/** An ISO-like local timestamp with milliseconds, or an em dash. */
export function formatTimestamp(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '—' : date.toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/** `1,234` / `12.3k` style compact counts for the tree rows. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) < 10_000) return String(Math.round(value));
  if (Math.abs(value) < 1_000_000) return `${(value / 1000).toFixed(1)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

/** A score with at most 2 decimals, no trailing zeros. */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Math.round(value * 100) / 100);
}
