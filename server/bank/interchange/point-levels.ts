import type { Level, Standard } from '../../standards/schemas';
import { fullPointCode } from '../../standards/schemas';

/** Looks up an appraisal point's levels in a standard's element tables (per part). */
export type PointLevelsResolver = (pointCode: string, part: 'theory' | 'skill') => readonly Level[] | undefined;

/**
 * A resolver over the element tables of a standard: theory items (judge, single, multiple,
 * short) are coded against the theory table, skill tasks against the skill table. Parts without
 * a table in the standard are listed in `partsWithTable` so callers can skip the check.
 */
export function pointResolverFromStandard(standard: Pick<Standard, 'elementTables'>): { resolve: PointLevelsResolver; partsWithTable: ReadonlySet<'theory' | 'skill'> } {
  const tables = new Map<'theory' | 'skill', Map<string, readonly Level[]>>();
  for (const table of standard.elementTables ?? []) {
    const points = new Map<string, readonly Level[]>();
    for (const point of table.points) points.set(fullPointCode(point), point.levels);
    tables.set(table.part, points);
  }
  return {
    resolve: (pointCode, part) => tables.get(part)?.get(pointCode),
    partsWithTable: new Set(tables.keys()),
  };
}
