import type { Blueprint, BlueprintCell } from './types';

/**
 * Points on a paper: each item of a cell carries the cell's own points when the blueprint sets
 * them (a skill test whose tasks are weighted 50 / 35 / 15), else its section's points per item.
 */
export function cellPoints(blueprint: Pick<Blueprint, 'sections'>, cell: Pick<BlueprintCell, 'section' | 'pointsPerItem'>): number {
  return cell.pointsPerItem ?? blueprint.sections[cell.section]!.pointsPerItem;
}

/** The points a section gives: Σ over its cells of count × points. */
export function sectionPoints(blueprint: Pick<Blueprint, 'sections' | 'cells'>, section: number): number {
  let total = 0;
  for (const c of blueprint.cells) if (c.section === section) total += c.count * cellPoints(blueprint, c);
  return total;
}

/** The paper's total marks under the blueprint. */
export function blueprintPoints(blueprint: Pick<Blueprint, 'sections' | 'cells'>): number {
  return blueprint.sections.reduce((a, _s, i) => a + sectionPoints(blueprint, i), 0);
}

/** Points of the item in `section`'s cell `key` (the paper item records both). */
export function pointsOfCell(blueprint: Pick<Blueprint, 'sections' | 'cells'>, section: number, key: string): number | undefined {
  const cell = blueprint.cells.find((c) => c.section === section && c.key === key);
  return cell ? cellPoints(blueprint, cell) : undefined;
}
