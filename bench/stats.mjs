// Small numeric helpers and the result shape every scenario returns.

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
export const median = (values) => percentile(values, 50);
export const max = (values) => (values.length ? Math.max(...values) : NaN);

export const ms = (v) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : 'n/a');
export const round = (v, digits = 2) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : null);

/**
 * One line of the results table.
 * pass: true / false / null (not measured). hard: a failure here is a correctness failure (or the
 * bundle budget) and makes the run exit non-zero; soft failures are timings and only get printed.
 */
export function check(name, target, figure, pass, { hard = false, value = null } = {}) {
  return { name, target, figure, pass, hard, value };
}
