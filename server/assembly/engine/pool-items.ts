import type { Importance, Level } from '../../standards/schemas';
import type { ItemType, PoolItem } from './types';

/**
 * From a release's item rows (what the bank pins per item: no content) and the standard's
 * appraisal points to the engine's PoolItem. The point decides the scope, the weight-table row
 * and the importance; the exposure snapshot decides `exposure`.
 */
export interface ReleaseItemRow {
  itemId: string;
  version: number;
  type: ItemType;
  pointCode: string;
  levels: readonly number[];
  facility: number;
  enemyGroup?: string | undefined;
  optionCount: number;
  keepOptionOrder: boolean;
  points: number;
}

export interface PointFactsLike {
  importance: Importance;
  /** Top-level scope code (`A`). */
  topScopeCode: string;
  /** Weight-table row of the top-level scope. */
  weightRowCode: string | undefined;
}

export interface PoolItemsResult {
  items: PoolItem[];
  /** Rows left out because their point is unknown or has no weight-table row. */
  skipped: Array<{ itemId: string; pointCode: string; reason: string }>;
}

export function poolItemsFromRelease(
  rows: Iterable<ReleaseItemRow>,
  pointFacts: (pointCode: string) => PointFactsLike | undefined,
  exposureOf: (itemId: string) => number = () => 0,
): PoolItemsResult {
  const items: PoolItem[] = [];
  const skipped: PoolItemsResult['skipped'] = [];
  for (const row of rows) {
    const facts = pointFacts(row.pointCode);
    if (!facts) {
      skipped.push({ itemId: row.itemId, pointCode: row.pointCode, reason: 'appraisal point not in the standard' });
      continue;
    }
    if (!facts.weightRowCode) {
      skipped.push({ itemId: row.itemId, pointCode: row.pointCode, reason: 'the point\'s top-level scope names no weight-table row' });
      continue;
    }
    items.push({
      id: row.itemId,
      version: row.version,
      type: row.type,
      pointCode: row.pointCode,
      scopeCode: facts.topScopeCode,
      functionCode: facts.weightRowCode,
      importance: facts.importance,
      levels: row.levels as Level[],
      facility: Math.min(0.999, Math.max(0.001, row.facility)),
      ...(row.enemyGroup ? { enemyGroup: row.enemyGroup } : {}),
      optionCount: row.optionCount,
      keepOptionOrder: row.keepOptionOrder,
      points: row.points,
      exposure: exposureOf(row.itemId),
    });
  }
  return { items, skipped };
}
