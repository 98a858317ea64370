import type { ElementTable, Importance, Level, Standard } from './schemas';

/** What the bank and assembly need to know about one appraisal point. */
export interface PointFacts {
  code: string;
  name: string;
  part: ElementTable['part'];
  levels: Level[];
  importance: Importance;
  /** The leaf scope it belongs to, and that scope's top-level ancestor. */
  scopeCode: string;
  topScopeCode: string;
  /** The weight-table row (职业功能 or 基本要求) its top-level scope counts towards. */
  weightRowCode: string | undefined;
}

/** Appraisal points of a standard by full code (`AB001`). Pure. */
export function indexPoints(standard: Pick<Standard, 'elementTables'>): Map<string, PointFacts> {
  const index = new Map<string, PointFacts>();
  for (const table of standard.elementTables) {
    const scopes = new Map(table.scopes.map((s) => [s.code, s]));
    for (const point of table.points) {
      const topScopeCode = point.scopeCode.slice(0, 1);
      index.set(`${point.scopeCode}${point.code}`, {
        code: `${point.scopeCode}${point.code}`,
        name: point.name,
        part: table.part,
        levels: point.levels,
        importance: point.importance,
        scopeCode: point.scopeCode,
        topScopeCode,
        weightRowCode: scopes.get(topScopeCode)?.weightRowCode,
      });
    }
  }
  return index;
}
