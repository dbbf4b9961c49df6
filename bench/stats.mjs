// Pure helpers of the benchmark (no I/O): percentiles, ratios, gzip sizes, Markdown tables.
// Kept apart so they can be checked on their own: `node --test bench/`.
import { gzipSync } from 'node:zlib';

/** Nearest-rank percentile (q in 0..1) of numbers; NaN for none. */
export function percentile(values, q) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

/** { n, p50, p90, min, max } of latency samples in ms. */
export function summarise(values) {
  return {
    n: values.length,
    p50: percentile(values, 0.5),
    p90: percentile(values, 0.9),
    min: values.length ? Math.min(...values) : NaN,
    max: values.length ? Math.max(...values) : NaN,
  };
}

/** a / b, or NaN when either is missing. */
export function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN;
}

/** Bytes of `buf` gzipped at level 9 (what a static server's precompressed .gz would be). */
export function gzipBytes(buf) {
  return gzipSync(buf, { level: 9 }).length;
}

/** Largest |a[i] - b[i]|; Infinity when the lengths differ. */
export function maxAbsDiff(a, b) {
  if (!a || !b || a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Long tasks (PerformanceLongTaskTiming-like { start, duration }) overlapping [from, to]. */
export function tasksWithin(tasks, from, to) {
  return tasks.filter((t) => t.start < to && t.start + t.duration > from);
}

/** Fixed-point text for a table cell; '–' for a missing figure. */
export function fmt(value, digits = 1) {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** Bytes as MB (10^6) with 2 decimals. */
export function mb(bytes) {
  return fmt(bytes / 1e6, 2);
}

/** A Markdown table from a header row and rows of cells. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
