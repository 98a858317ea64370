/**
 * Test helpers for the assembly engine, written independently of the engine's own code paths:
 * they work on plain PoolItem arrays, not on the index, so they can serve as oracles.
 */
import type { Blueprint, Importance, ItemType, Level, Paper, PoolItem } from '../../../server/assembly/engine/types';

let serial = 0;
export function poolItem(partial: Partial<PoolItem> & { functionCode?: string }): PoolItem {
  serial++;
  const type: ItemType = partial.type ?? 'single';
  return {
    id: partial.id ?? `T${String(serial).padStart(6, '0')}`,
    version: partial.version ?? 1,
    type,
    pointCode: partial.pointCode ?? 'AA001',
    scopeCode: partial.scopeCode ?? 'A',
    functionCode: partial.functionCode ?? 'F1',
    importance: partial.importance ?? 'Y',
    levels: partial.levels ?? [3],
    facility: partial.facility ?? 0.65,
    ...(partial.enemyGroup !== undefined ? { enemyGroup: partial.enemyGroup } : {}),
    optionCount: partial.optionCount ?? (type === 'judge' ? 0 : 4),
    keepOptionOrder: partial.keepOptionOrder ?? type === 'judge',
    points: partial.points ?? 1,
    exposure: partial.exposure ?? 0,
  };
}

const keyOf = (item: PoolItem, dimension: 'function' | 'scope') => (dimension === 'function' ? item.functionCode : item.scopeCode);

export function eligible(pool: readonly PoolItem[], level: Level, type: ItemType, dimension: 'function' | 'scope', key: string): PoolItem[] {
  return pool.filter((i) => i.type === type && i.levels.includes(level) && keyOf(i, dimension) === key);
}

/** Items grouped by enemy group; a loose item is its own group. */
export function groupKey(item: PoolItem): string {
  return item.enemyGroup !== undefined ? `g:${item.enemyGroup}` : `i:${item.id}`;
}

export function distinctGroups(items: readonly PoolItem[]): number {
  return new Set(items.map(groupKey)).size;
}

interface OracleCell {
  section: number;
  type: ItemType;
  dimension: 'function' | 'scope';
  key: string;
  count: number;
  items: PoolItem[];
  pointsPerItem: number;
}

export function oracleCells(pool: readonly PoolItem[], bp: Blueprint): OracleCell[] {
  return bp.cells
    .filter((c) => c.count > 0)
    .map((c) => {
      const section = bp.sections[c.section]!;
      return { section: c.section, type: section.type, dimension: c.dimension, key: c.key, count: c.count, pointsPerItem: section.pointsPerItem, items: eligible(pool, bp.level, section.type, c.dimension, c.key) };
    });
}

/** Independent check of a paper against the raw pool; returns a list of problems. */
export function oracleCheck(paper: Paper, pool: readonly PoolItem[], bp: Blueprint, band = bp.difficulty): string[] {
  const problems: string[] = [];
  const byId = new Map(pool.map((i) => [i.id, i]));
  const ids = paper.items.map((i) => i.itemId);
  if (new Set(ids).size !== ids.length) problems.push('duplicate item');
  const groups = new Set<string>();
  for (const pi of paper.items) {
    const item = byId.get(pi.itemId);
    if (!item) {
      problems.push(`unknown ${pi.itemId}`);
      continue;
    }
    if (item.version !== pi.version) problems.push(`version ${pi.itemId}`);
    if (!item.levels.includes(bp.level)) problems.push(`level ${pi.itemId}`);
    if (item.type !== bp.sections[pi.section]?.type) problems.push(`type ${pi.itemId}`);
    if (item.enemyGroup !== undefined) {
      if (groups.has(item.enemyGroup)) problems.push(`enemy ${item.enemyGroup}`);
      groups.add(item.enemyGroup);
    }
    if (pi.points !== bp.sections[pi.section]!.pointsPerItem) problems.push(`points ${pi.itemId}`);
    const perm = [...pi.optionPermutation].sort((a, b) => a - b);
    if (perm.length !== item.optionCount || perm.some((v, i) => v !== i)) problems.push(`permutation ${pi.itemId}`);
    if ((item.keepOptionOrder || item.optionCount <= 1) && pi.optionPermutation.some((v, i) => v !== i)) problems.push(`kept order ${pi.itemId}`);
  }
  for (const c of bp.cells) {
    const got = paper.items.filter((pi) => pi.section === c.section && byId.get(pi.itemId) && keyOf(byId.get(pi.itemId)!, c.dimension) === c.key).length;
    if (got !== c.count) problems.push(`cell ${c.section}/${c.key}: ${got} ≠ ${c.count}`);
  }
  bp.sections.forEach((s, i) => {
    const got = paper.items.filter((pi) => pi.section === i).length;
    if (got !== s.count) problems.push(`section ${i}: ${got} ≠ ${s.count}`);
  });
  for (const rule of bp.importanceMix) {
    for (const cls of ['X', 'Y', 'Z'] as Importance[]) {
      const got = paper.items.filter((pi) => pi.section === rule.section && byId.get(pi.itemId)?.importance === cls).length;
      if (got < (rule.min[cls] ?? 0)) problems.push(`importance ${rule.section}/${cls}`);
    }
  }
  let num = 0;
  let den = 0;
  for (const pi of paper.items) {
    num += (byId.get(pi.itemId)?.facility ?? 0) * pi.points;
    den += pi.points;
  }
  const mean = num / den;
  if (mean < band.min - 1e-9 || mean > band.max + 1e-9) problems.push(`difficulty ${mean}`);
  return problems;
}

/**
 * Brute force: does any paper meet the blueprint? Enumerates cell by cell with only the enemy
 * group rule pruning; meant for tiny pools.
 */
export function bruteForceFeasible(pool: readonly PoolItem[], bp: Blueprint, limit = 2_000_000): boolean | 'too-big' {
  const cells = oracleCells(pool, bp);
  const totalPoints = bp.sections.reduce((a, s) => a + s.count * s.pointsPerItem, 0);
  const used = new Set<string>();
  const picked: Array<{ item: PoolItem; cell: OracleCell }> = [];
  let steps = 0;
  const done = (): boolean => {
    let num = 0;
    for (const { item, cell } of picked) num += item.facility * cell.pointsPerItem;
    const mean = num / totalPoints;
    if (mean < bp.difficulty.min - 1e-9 || mean > bp.difficulty.max + 1e-9) return false;
    for (const rule of bp.importanceMix) {
      for (const cls of ['X', 'Y', 'Z'] as Importance[]) {
        const got = picked.filter(({ item, cell }) => cell.section === rule.section && item.importance === cls).length;
        if (got < (rule.min[cls] ?? 0)) return false;
      }
    }
    return true;
  };
  const rec = (c: number, start: number, k: number): boolean => {
    if (++steps > limit) throw new Error('too-big');
    if (c === cells.length) return done();
    const cell = cells[c]!;
    if (k === cell.count) return rec(c + 1, 0, 0);
    for (let i = start; i <= cell.items.length - (cell.count - k); i++) {
      const item = cell.items[i]!;
      const g = groupKey(item);
      if (used.has(g)) continue;
      used.add(g);
      picked.push({ item, cell });
      if (rec(c, i + 1, k + 1)) return true;
      picked.pop();
      used.delete(g);
    }
    return false;
  };
  try {
    return rec(0, 0, 0);
  } catch (error) {
    if ((error as Error).message === 'too-big') return 'too-big';
    throw error;
  }
}

/**
 * Largest number of items the given cells can hold together with distinct enemy groups
 * (each cell at most its count): a max-flow by simple augmenting paths, groups → cells.
 */
export function maxDistinctGroupFill(pool: readonly PoolItem[], bp: Blueprint, cells: Array<{ section: number; key: string }>): number {
  const all = oracleCells(pool, bp);
  const chosen = all.filter((c) => cells.some((x) => x.section === c.section && x.key === c.key));
  const groupCells = new Map<string, Set<number>>();
  chosen.forEach((cell, ci) => {
    for (const item of cell.items) {
      const g = groupKey(item);
      if (!groupCells.has(g)) groupCells.set(g, new Set());
      groupCells.get(g)!.add(ci);
    }
  });
  const groups = [...groupCells.keys()];
  const matchOf = new Map<string, number>();
  const load = chosen.map(() => 0);
  const tryGroup = (g: string, seen: Set<number>): boolean => {
    for (const ci of groupCells.get(g)!) {
      if (seen.has(ci)) continue;
      seen.add(ci);
      if (load[ci]! < chosen[ci]!.count) {
        matchOf.set(g, ci);
        load[ci]!++;
        return true;
      }
      for (const [other, at] of matchOf) {
        if (at !== ci) continue;
        if (tryGroup(other, seen)) {
          matchOf.set(g, ci);
          return true;
        }
      }
    }
    return false;
  };
  let flow = 0;
  for (const g of groups) {
    if (matchOf.has(g)) continue;
    if (tryGroup(g, new Set())) flow++;
  }
  return flow;
}
