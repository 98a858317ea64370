import { questionTypes } from '../../question-types';
import { FACILITY_BY_DIFFICULTY } from '../../bank/item-schema';
import type { Importance, Level } from '../../standards/schemas';
import { allocateCells, type Weight } from './largest-remainder';
import { randomIndex, randomUnit, streamFor, type Rng } from './rng';
import { BlueprintSchema, type Blueprint, type BlueprintSection, type ItemType, type PoolItem } from './types';

/**
 * Deterministic synthetic releases for tests, benchmarks and demos: functions with weights,
 * top-level scopes, appraisal points with X/Y/Z importance, items of three objective types over
 * levels, enemy groups (mostly inside a point, some across functions) and an exposure snapshot.
 */

export interface SyntheticOptions {
  items: number;
  /** Weight-table rows: B1, B2 (基本要求) and 1…n (职业功能); at least 3. */
  functions?: number;
  seed?: string;
  /** Share of items in enemy groups (default 0.2). */
  enemyShare?: number;
  /** Share of enemy groups that span two functions (default 0.05). */
  crossFunctionEnemyShare?: number;
  /** 'varied': 0–60 uses; 'constant': all 0. */
  exposure?: 'varied' | 'constant';
  /** Type mix (default judge 0.25, single 0.55, multiple 0.2). */
  typeShares?: Partial<Record<ItemType, number>>;
  /** Points per function-scope (default 40). */
  pointsPerScope?: number;
}

export interface SyntheticRelease {
  items: PoolItem[];
  /** Theory weights (percent) of the weight-table rows, the same at every level. */
  functionWeights: Weight[];
  scopeWeights: Weight[];
  /** Function → its top-level scopes. */
  scopesOf: Map<string, string[]>;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function pickWeighted<T>(rng: Rng, entries: ReadonlyArray<[T, number]>): T {
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let u = randomUnit(rng) * total;
  for (const [value, w] of entries) {
    u -= w;
    if (u < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

export function syntheticRelease(options: SyntheticOptions): SyntheticRelease {
  const rng = streamFor(options.seed ?? 'synthetic', 'release');
  const fnCount = Math.max(3, options.functions ?? 12);
  const functionCodes = ['B1', 'B2', ...Array.from({ length: fnCount - 2 }, (_, i) => String(i + 1))];
  // Weights: B1 5%, B2 20%, the rest of 75% spread unevenly over the functions.
  const raw = functionCodes.slice(2).map((_, i) => 1 + ((i * 7) % 5));
  const rawTotal = raw.reduce((a, b) => a + b, 0);
  const fnPercents = allocateCellsToPercent(75, raw, rawTotal);
  const functionWeights: Weight[] = [
    { key: 'B1', percent: 5 },
    { key: 'B2', percent: 20 },
    ...functionCodes.slice(2).map((key, i) => ({ key, percent: fnPercents[i]! })),
  ];
  // Scopes: one per function, a second one for the first functions while letters last.
  const scopesOf = new Map<string, string[]>();
  functionCodes.forEach((code, i) => scopesOf.set(code, [LETTERS[i % 26]!]));
  for (let i = 0; i + functionCodes.length < 26 && i < functionCodes.length; i++) scopesOf.get(functionCodes[i]!)!.push(LETTERS[functionCodes.length + i]!);
  const scopeWeights: Weight[] = [];
  for (const w of functionWeights) {
    const scopes = scopesOf.get(w.key)!;
    scopes.forEach((s) => scopeWeights.push({ key: s, percent: (w.percent ?? 0) / scopes.length }));
  }

  const typeShares = { judge: 0.25, single: 0.55, multiple: 0.2, ...options.typeShares };
  const typeEntries = (Object.entries(typeShares) as [ItemType, number][]).filter(([, w]) => w > 0);
  const pointsPerScope = options.pointsPerScope ?? 40;
  const enemyShare = options.enemyShare ?? 0.2;
  const crossShare = options.crossFunctionEnemyShare ?? 0.05;
  const levelRanges: Array<[Level[], number]> = [
    [[5, 4, 3], 0.3],
    [[4, 3], 0.2],
    [[3], 0.15],
    [[3, 2], 0.15],
    [[2, 1], 0.12],
    [[1], 0.08],
  ];
  const difficulty: Array<[number, number]> = [
    [1, 0.1],
    [2, 0.3],
    [3, 0.35],
    [4, 0.18],
    [5, 0.07],
  ];
  // Points: function chosen by weight, then scope, then point number.
  const fnEntries = functionWeights.map((w) => [w.key, w.percent ?? 0] as [string, number]);
  const pointImportance = new Map<string, Importance>();
  const importanceOf = (point: string): Importance => {
    let imp = pointImportance.get(point);
    if (!imp) {
      imp = pickWeighted<Importance>(rng, [
        ['X', 0.4],
        ['Y', 0.45],
        ['Z', 0.15],
      ]);
      pointImportance.set(point, imp);
    }
    return imp;
  };

  const items: PoolItem[] = [];
  const width = String(options.items).length;
  let groupSerial = 0;
  let pending: { group: string; left: number; point?: string } | undefined;
  for (let n = 0; n < options.items; n++) {
    const fn = pickWeighted(rng, fnEntries);
    const scopes = scopesOf.get(fn)!;
    const scope = scopes[randomIndex(rng, scopes.length)]!;
    const sub = LETTERS[randomIndex(rng, 4)]!;
    let pointCode = `${scope}${sub}${String(1 + randomIndex(rng, pointsPerScope)).padStart(3, '0')}`;
    let enemyGroup: string | undefined;
    if (pending) {
      enemyGroup = pending.group;
      // Same point unless the group is one of the cross-function ones.
      if (pending.point) pointCode = pending.point;
      if (--pending.left === 0) pending = undefined;
    } else if (randomUnit(rng) < enemyShare / 2.5) {
      const size = 2 + randomIndex(rng, 3);
      enemyGroup = `G${++groupSerial}`;
      const cross = randomUnit(rng) < crossShare;
      pending = { group: enemyGroup, left: size - 1, ...(cross ? {} : { point: pointCode }) };
    }
    const type = pickWeighted(rng, typeEntries);
    const defaults = questionTypes.get(type).defaults;
    const d = pickWeighted(rng, difficulty);
    const facility = Math.min(0.97, Math.max(0.05, FACILITY_BY_DIFFICULTY[d]! + (randomUnit(rng) - 0.5) * 0.1));
    const topScope = pointCode[0]!;
    const fnOfScope = [...scopesOf].find(([, list]) => list.includes(topScope))![0];
    items.push({
      id: `I${String(n).padStart(width, '0')}`,
      version: 1 + randomIndex(rng, 3),
      type,
      pointCode,
      scopeCode: topScope,
      functionCode: fnOfScope,
      importance: importanceOf(pointCode),
      levels: pickWeighted(rng, levelRanges),
      facility: Math.round(facility * 1000) / 1000,
      ...(enemyGroup ? { enemyGroup } : {}),
      optionCount: defaults.optionCount,
      keepOptionOrder: defaults.optionCount === 0 ? true : randomUnit(rng) < 0.03,
      points: defaults.points,
      exposure: options.exposure === 'constant' ? 0 : randomIndex(rng, 61),
    });
  }
  return { items, functionWeights, scopeWeights, scopesOf };
}

function allocateCellsToPercent(total: number, raw: number[], rawTotal: number): number[] {
  const cells = allocateCells(
    raw.map((r, i) => ({ key: String(i), percent: (r / rawTotal) * 100 })),
    [{ count: total }],
    'function',
  );
  return raw.map((_, i) => cells.find((c) => c.key === String(i))?.count ?? 0);
}

/** A blueprint over a synthetic release's function weights. */
export function syntheticBlueprint(release: SyntheticRelease, level: Level, sections: BlueprintSection[], extra: Partial<Blueprint> = {}): Blueprint {
  return BlueprintSchema.parse({
    level,
    sections,
    cells: allocateCells(release.functionWeights, sections, 'function'),
    ...extra,
  });
}
