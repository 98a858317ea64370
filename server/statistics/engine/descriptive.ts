/** Small numeric helpers of the engine. Pure. */

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i]!;
  return values.length ? sum / values.length : Number.NaN;
}

/** Population variance (divisor n), the one KR-20's Σpq pairs with. */
export function variance(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += (values[i]! - m) ** 2;
  return values.length ? sum / values.length : Number.NaN;
}

/** Pearson's r; null when fewer than 2 pairs or either variable is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n !== y.length) throw new RangeError('pearson: the two variables differ in length');
  if (n < 2) return null;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Relative thresholds: a variable whose spread is rounding noise counts as constant.
  if (sxx <= 1e-12 * Math.max(1, mx * mx) * n || syy <= 1e-12 * Math.max(1, my * my) * n) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
