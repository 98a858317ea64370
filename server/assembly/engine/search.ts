import type { Blocker } from './draft';
import type { AssemblyPlan } from './plan';
import { shuffleInPlace, type Rng } from './rng';
import { FACILITY_EPS } from './types';

/**
 * Exact, budgeted depth-first search for a paper: the fallback when the randomised draw and its
 * repairs do not meet the blueprint. Cells are filled tightest first, candidates in a seeded
 * random order; branches are cut by the facility bounds of what is left and by the X/Y/Z
 * capacity of what is left. Exploring the whole tree without a solution proves that none
 * exists; running out of budget proves nothing.
 */

export type SearchResult = { status: 'found'; chosen: number[][]; nodes: number } | { status: 'exhausted' | 'limit'; nodes: number };

class BudgetSpent extends Error {}

export function exactSearch(plan: AssemblyPlan, rng: Rng, band: { min: number; max: number }, blocker: Blocker | undefined, budget: number): SearchResult {
  const { index, cells } = plan;
  const lo = band.min * plan.totalPoints - FACILITY_EPS;
  const hi = band.max * plan.totalPoints + FACILITY_EPS;
  const candidates = cells.map((cell) => shuffleInPlace(rng, Array.from(cell.pool).filter((ord) => blocker === undefined || blocker.allows(ord))));
  const order = cells.map((c) => c.id).sort((a, b) => candidates[a]!.length - cells[a]!.count - (candidates[b]!.length - cells[b]!.count) || a - b);
  if (order.some((id) => candidates[id]!.length < cells[id]!.count)) return { status: 'exhausted', nodes: 0 };

  const m = order.length;
  const sections = plan.blueprint.sections.length;
  // Facility bounds and X/Y/Z capacity of the cells after position p in `order`.
  const suffixMin = new Float64Array(m + 1);
  const suffixMax = new Float64Array(m + 1);
  const suffixCap: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(sections * 3).fill(0));
  for (let p = m - 1; p >= 0; p--) {
    const cell = cells[order[p]!]!;
    suffixMin[p] = suffixMin[p + 1]! + cell.prefixMin[cell.count]! * cell.pointsPerItem;
    suffixMax[p] = suffixMax[p + 1]! + cell.prefixMax[cell.count]! * cell.pointsPerItem;
    const cap = suffixCap[p]!;
    const next = suffixCap[p + 1]!;
    for (let k = 0; k < cap.length; k++) cap[k] = next[k]!;
    for (let i = 0; i < 3; i++) cap[cell.section * 3 + i]! += Math.min(cell.count, cell.groupsByMask[1 << i]!);
  }

  const usedGroup = new Uint8Array(index.groupCount);
  const classCount = plan.mins.map(() => [0, 0, 0]);
  const chosen: number[][] = cells.map(() => []);
  let sum = 0;
  let nodes = 0;

  const boundsOk = (p: number, remainingInCell: number): boolean => {
    const cell = cells[order[p]!]!;
    const r = remainingInCell;
    if (sum + cell.prefixMax[r]! * cell.pointsPerItem + suffixMax[p + 1]! < lo) return false;
    if (sum + cell.prefixMin[r]! * cell.pointsPerItem + suffixMin[p + 1]! > hi) return false;
    if (plan.hasMins) {
      const later = suffixCap[p + 1]!;
      for (let s = 0; s < sections; s++) {
        const mins = plan.mins[s]!;
        for (let i = 0; i < 3; i++) {
          if (mins[i] === 0) continue;
          const here = s === cell.section ? Math.min(r, cell.groupsByMask[1 << i]!) : 0;
          if (classCount[s]![i]! + here + later[s * 3 + i]! < mins[i]!) return false;
        }
      }
    }
    return true;
  };

  const fill = (p: number, start: number, k: number): boolean => {
    const cellId = order[p]!;
    const cell = cells[cellId]!;
    if (k === cell.count) {
      if (p + 1 === m) return sum >= lo && sum <= hi && plan.mins.every((mins, s) => mins.every((x, i) => classCount[s]![i]! >= x));
      return boundsOk(p + 1, cells[order[p + 1]!]!.count) && fill(p + 1, 0, 0);
    }
    const list = candidates[cellId]!;
    const r = cell.count - k;
    for (let q = start; q <= list.length - r; q++) {
      if (++nodes > budget) throw new BudgetSpent();
      const ord = list[q]!;
      const g = index.group[ord]!;
      if (usedGroup[g]) continue;
      if (blocker !== undefined && !blocker.allows(ord)) continue;
      usedGroup[g] = 1;
      const imp = index.importance[ord]!;
      classCount[cell.section]![imp]!++;
      sum += index.facility[ord]! * cell.pointsPerItem;
      chosen[cellId]!.push(ord);
      blocker?.onAdd(ord);
      if (boundsOk(p, r - 1) && fill(p, q + 1, k + 1)) return true;
      blocker?.onRemove(ord);
      chosen[cellId]!.pop();
      sum -= index.facility[ord]! * cell.pointsPerItem;
      classCount[cell.section]![imp]!--;
      usedGroup[g] = 0;
    }
    return false;
  };

  try {
    if (m === 0) return { status: 'exhausted', nodes };
    if (boundsOk(0, cells[order[0]!]!.count) && fill(0, 0, 0)) {
      // Leave the blocker as the caller found it: the paper is rebuilt from `chosen`.
      for (const list of chosen) for (const ord of list) blocker?.onRemove(ord);
      return { status: 'found', chosen, nodes };
    }
    return { status: 'exhausted', nodes };
  } catch (error) {
    if (error instanceof BudgetSpent) {
      for (const list of chosen) for (const ord of list) blocker?.onRemove(ord);
      return { status: 'limit', nodes };
    }
    throw error;
  }
}
