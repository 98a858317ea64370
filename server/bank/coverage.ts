import type { ItemType } from './item-schema';
import { questionTypes } from '../question-types';
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
  /** The theory item types the release uses at each level (a type counts only where it is used). */
  theoryTypesByLevel: Array<{ level: number; types: ItemType[] }>;
  rows: CoverageRow[];
  totalCells: number;
  shortCells: number;
}


/**
 * Approved items per appraisal point × item type × level, flagging cells below the minimum
 * (the coverage rule, default 4). At each level, a theory point is checked for every theory
 * item type the release uses at that level (多选 only where technician papers use it); skill
 * points for skill tasks. Pure.
 */
export function coverageReport(points: Iterable<PointFacts>, items: Iterable<{ pointCode: string; type: ItemType; levels: readonly number[] }>, minimum: number): CoverageReport {
  const theoryTypes = questionTypes.ofPart('theory').map((m) => m.name);
  const skillTypes = questionTypes.ofPart('skill').map((m) => m.name);
  const counts = new Map<string, number>();
  const usedAt = new Map<number, Set<ItemType>>();
  for (const item of items) {
    for (const level of item.levels) {
      if (questionTypes.partOf(item.type) === 'theory') usedAt.set(level, (usedAt.get(level) ?? new Set()).add(item.type));
      const key = `${item.pointCode}|${item.type}|${level}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const typesAt = (level: number) => theoryTypes.filter((t) => usedAt.get(level)?.has(t));
  const rows: CoverageRow[] = [];
  for (const point of [...points].sort((a, b) => (a.part === b.part ? (a.code < b.code ? -1 : 1) : a.part === 'theory' ? -1 : 1))) {
    const cells: CoverageCell[] = [];
    for (const level of [...point.levels].sort((a, b) => b - a)) {
      for (const type of point.part === 'theory' ? typesAt(level) : skillTypes) {
        const count = counts.get(`${point.code}|${type}|${level}`) ?? 0;
        cells.push({ type, level, count, short: count < minimum });
      }
    }
    rows.push({ pointCode: point.code, pointName: point.name, part: point.part, importance: point.importance, cells, shortCells: cells.filter((c) => c.short).length });
  }
  const levels = [...usedAt.keys()].sort((a, b) => b - a);
  return { minimum, theoryTypesByLevel: levels.map((level) => ({ level, types: typesAt(level) })), rows, totalCells: rows.reduce((s, r) => s + r.cells.length, 0), shortCells: rows.reduce((s, r) => s + r.shortCells, 0) };
}
