import type { ItemType } from './item-schema';
import type { PointFacts } from '../standards/point-index';

export interface CoverageCell {
  type: ItemType;
  level: number;
  count: number;
  short: boolean;
}

export interface CoverageRow {
  pointCode: string;
  pointName: string;
  part: PointFacts['part'];
  importance: PointFacts['importance'];
  cells: CoverageCell[];
  shortCells: number;
}

export interface CoverageReport {
  minimum: number;
  /** The item types counted for theory points: those the release uses at all. */
  theoryTypes: ItemType[];
  rows: CoverageRow[];
  totalCells: number;
  shortCells: number;
}

const THEORY_TYPE_ORDER: ItemType[] = ['judge', 'single', 'multiple', 'short'];

/**
 * Approved items per appraisal point × item type × level, flagging cells below the minimum
 * (the coverage rule, default 4). Theory points are checked for every theory item type the
 * release uses; skill points for skill tasks. Pure.
 */
export function coverageReport(points: Iterable<PointFacts>, items: Iterable<{ pointCode: string; type: ItemType; levels: readonly number[] }>, minimum: number): CoverageReport {
  const counts = new Map<string, number>();
  const usedTheoryTypes = new Set<ItemType>();
  for (const item of items) {
    if (item.type !== 'skill') usedTheoryTypes.add(item.type);
    for (const level of item.levels) {
      const key = `${item.pointCode}|${item.type}|${level}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const theoryTypes = THEORY_TYPE_ORDER.filter((t) => usedTheoryTypes.has(t));
  const rows: CoverageRow[] = [];
  for (const point of [...points].sort((a, b) => (a.part === b.part ? (a.code < b.code ? -1 : 1) : a.part === 'theory' ? -1 : 1))) {
    const types: ItemType[] = point.part === 'skill' ? ['skill'] : theoryTypes;
    const cells: CoverageCell[] = [];
    for (const type of types) {
      for (const level of [...point.levels].sort((a, b) => b - a)) {
        const count = counts.get(`${point.code}|${type}|${level}`) ?? 0;
        cells.push({ type, level, count, short: count < minimum });
      }
    }
    rows.push({ pointCode: point.code, pointName: point.name, part: point.part, importance: point.importance, cells, shortCells: cells.filter((c) => c.short).length });
  }
  return { minimum, theoryTypes, rows, totalCells: rows.reduce((s, r) => s + r.cells.length, 0), shortCells: rows.reduce((s, r) => s + r.shortCells, 0) };
}
