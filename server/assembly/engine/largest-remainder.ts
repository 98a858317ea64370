import type { Level, ScopeNode, WeightRow } from '../../standards/schemas';
import type { BlueprintCell, Dimension } from './types';

/**
 * Integer allocation of items over a weight table.
 *
 * `largestRemainder` is Hamilton's method. `allocateCells` spreads several sections over the
 * same weights at once ("controlled rounding"): every cell is the floor or the ceiling of its
 * exact share, every section gets exactly its count, and every row's total is the floor or the
 * ceiling of its exact share of the whole paper, the ceilings going to the largest remainders.
 * Rounding each section on its own could leave a 7% function with 6 or 8 of 100 items; this way
 * it gets exactly 7 whenever 7 is an integer share.
 */

const EPS = 1e-9;

export interface Weight {
  key: string;
  /** Percent (or any non-negative weight); null or 0 means "not assessed" and gets 0. */
  percent: number | null | undefined;
}

/**
 * Allocates `total` over `weights` by the largest-remainder method. The result sums to `total`
 * exactly; null, undefined and 0 weights get 0. Ties in the remainder go to the larger weight,
 * then to the earlier position, so the result never depends on anything but the input.
 */
export function largestRemainder(total: number, weights: ReadonlyArray<number | null | undefined>): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  const w = weights.map((value, i) => {
    const v = value ?? 0;
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`weight ${i} must be a non-negative number, got ${value}`);
    return v;
  });
  const sum = w.reduce((a, b) => a + b, 0);
  if (total === 0) return w.map(() => 0);
  if (sum <= 0) throw new RangeError(`cannot allocate ${total} over weights that are all zero or not assessed`);
  const floors = w.map((v) => Math.floor((total * v) / sum + EPS));
  const remainders = w.map((v, i) => (total * v) / sum - floors[i]!);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = w
    .map((_, i) => i)
    .filter((i) => w[i]! > 0)
    .sort((a, b) => {
      const dr = remainders[b]! - remainders[a]!;
      if (Math.abs(dr) > EPS) return dr;
      if (w[a] !== w[b]) return w[b]! - w[a]!;
      return a - b;
    });
  for (const i of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left--;
  }
  return floors;
}

/** The weights of a weight table's rows at one level; `—` (null) rows are left out. */
export function weightsAtLevel(rows: readonly WeightRow[], level: Level): Weight[] {
  const out: Weight[] = [];
  for (const row of rows) {
    const cell = row.cells.find((c) => c.level === level);
    if (cell && cell.percent !== null && cell.percent > 0) out.push({ key: row.code, percent: cell.percent });
  }
  return out;
}

/** The weights (鉴定比重) of the top-level scopes (鉴定范围) of an element table at one level. */
export function scopeWeightsAtLevel(scopes: readonly ScopeNode[], level: Level): Weight[] {
  const out: Weight[] = [];
  for (const scope of scopes) {
    if (scope.code.length !== 1) continue;
    const w = scope.weights.find((x) => x.level === level);
    if (w && w.percent > 0) out.push({ key: scope.code, percent: w.percent });
  }
  return out;
}

/**
 * Blueprint cells for every section from one set of weights (controlled rounding, see above).
 * Zero-count cells are left out.
 */
export function allocateCells(weights: readonly Weight[], sections: ReadonlyArray<{ count: number }>, dimension: Dimension): BlueprintCell[] {
  const rows = weights.filter((w) => (w.percent ?? 0) > 0);
  const keys = new Set<string>();
  for (const row of rows) {
    if (keys.has(row.key)) throw new RangeError(`weight key ${row.key} appears twice`);
    keys.add(row.key);
  }
  for (const [i, s] of sections.entries()) {
    if (!Number.isSafeInteger(s.count) || s.count < 0) throw new RangeError(`section ${i} count must be a non-negative integer`);
  }
  const total = rows.reduce((a, r) => a + (r.percent ?? 0), 0);
  const nonEmpty = sections.some((s) => s.count > 0);
  if (nonEmpty && total <= 0) throw new RangeError('cannot allocate items over weights that are all zero or not assessed');

  const R = rows.length;
  const S = sections.length;
  const exact: number[][] = rows.map((r) => sections.map((s) => ((r.percent ?? 0) / total) * s.count));
  const counts: number[][] = exact.map((row) => row.map((x) => Math.floor(x + EPS)));
  const frac: number[][] = exact.map((row, f) => row.map((x, s) => Math.max(0, x - counts[f]![s]!)));
  const fractional = (f: number, s: number) => frac[f]![s]! > EPS;

  // Residual demand of each section after the floors (an integer: the fractions of a column add
  // up to an integer because the section count is one).
  const demand = sections.map((s, j) => s.count - counts.reduce((a, row) => a + row[j]!, 0));
  const rowFrac = frac.map((row) => row.reduce((a, b) => a + b, 0));
  const rowFloor = rowFrac.map((x) => Math.floor(x + EPS));
  // Extra units per row: floor of its fractional mass is required, one more is optional.
  const extra: number[][] = rows.map(() => sections.map(() => 0));
  const load = sections.map(() => 0);

  // Column order inside a row: larger fraction first, then earlier section.
  const columnOrder = rows.map((_, f) =>
    sections
      .map((_, s) => s)
      .filter((s) => fractional(f, s))
      .sort((a, b) => frac[f]![b]! - frac[f]![a]! || a - b),
  );

  /**
   * One augmenting path from row f: a column with room, or a full column whose unit from
   * another row can move elsewhere. Columns are visited once per search.
   */
  const augment = (f: number, seenColumns: Set<number>): boolean => {
    for (const s of columnOrder[f]!) {
      if (extra[f]![s]! >= 1 || seenColumns.has(s)) continue;
      seenColumns.add(s);
      if (load[s]! < demand[s]!) {
        extra[f]![s] = 1;
        load[s]! += 1;
        return true;
      }
      for (let g = 0; g < R; g++) {
        if (g === f || extra[g]![s]! !== 1) continue;
        if (augment(g, seenColumns)) {
          // g took a unit in another column; hand its unit in s over to f.
          extra[g]![s] = 0;
          extra[f]![s] = 1;
          return true;
        }
      }
    }
    return false;
  };

  // Phase 1: each row's required units. Phase 2: the optional unit, largest remainder first.
  for (let f = 0; f < R; f++) {
    for (let k = 0; k < rowFloor[f]!; k++) {
      if (!augment(f, new Set())) throw new Error(`internal: controlled rounding could not place row ${rows[f]!.key}`);
    }
  }
  const phase2 = rows
    .map((_, f) => f)
    .filter((f) => rowFrac[f]! - rowFloor[f]! > EPS)
    .sort((a, b) => {
      const d = rowFrac[b]! - rowFloor[b]! - (rowFrac[a]! - rowFloor[a]!);
      if (Math.abs(d) > EPS) return d;
      const dw = (rows[b]!.percent ?? 0) - (rows[a]!.percent ?? 0);
      return dw !== 0 ? dw : a - b;
    });
  for (const f of phase2) augment(f, new Set());
  for (let s = 0; s < S; s++) {
    if (load[s] !== demand[s]) throw new Error(`internal: controlled rounding left section ${s} at ${load[s]} of ${demand[s]}`);
  }

  const cells: BlueprintCell[] = [];
  for (let s = 0; s < S; s++) {
    for (let f = 0; f < R; f++) {
      const count = counts[f]![s]! + extra[f]![s]!;
      if (count > 0) cells.push({ section: s, dimension, key: rows[f]!.key, count });
    }
  }
  return cells;
}

/**
 * Blueprint cells derived from a standard: from the weight table's rows (dimension `function`)
 * or from the element table's top-level scopes (dimension `scope`), at one level.
 */
export function deriveCells(weightRows: readonly WeightRow[], level: Level, sections: ReadonlyArray<{ count: number }>, dimension?: 'function'): BlueprintCell[];
export function deriveCells(scopes: readonly ScopeNode[], level: Level, sections: ReadonlyArray<{ count: number }>, dimension: 'scope'): BlueprintCell[];
export function deriveCells(
  source: readonly WeightRow[] | readonly ScopeNode[],
  level: Level,
  sections: ReadonlyArray<{ count: number }>,
  dimension: Dimension = 'function',
): BlueprintCell[] {
  const weights = dimension === 'function' ? weightsAtLevel(source as readonly WeightRow[], level) : scopeWeightsAtLevel(source as readonly ScopeNode[], level);
  return allocateCells(weights, sections, dimension);
}
