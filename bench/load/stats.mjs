// Figures shared by the generator, the harness and load/hops.mjs, so every table uses one percentile rule.

/** count, p50, p95, p99 and max of the samples (nearest rank, as every figure of docs/performance.md). */
export function percentiles(samples) {
  if (samples.length === 0) return { count: 0 };
  const sorted = Float64Array.from(samples).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/** Adds each kind's count of `counts` to `into` (errors by kind); returns `into`. */
export function addCounts(into, counts) {
  for (const [kind, n] of Object.entries(counts)) into[kind] = (into[kind] ?? 0) + n;
  return into;
}

/** A figure for a table: fixed digits, or a dash when there is none. */
export const fmt = (n, digits = 2) => (n === undefined || n === null || Number.isNaN(n) ? '–' : n.toFixed(digits));
