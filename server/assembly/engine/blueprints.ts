import type { ElementTable, Level, Standard } from '../../standards/schemas';
import { deriveCells } from './largest-remainder';
import { BlueprintSchema, DEFAULT_DIFFICULTY_BAND, DEFAULT_EXPOSURE_POLICY, type Blueprint, type BlueprintInput, type BlueprintSection, type Dimension } from './types';

/**
 * Default blueprints (组卷方案). These are defaults to store as data and edit, not rules: the
 * classic national theory paper for levels 5–3 is 判断 20 × 1 + 单选 80 × 1; technician levels
 * (2 and 1) add 多选 (here 判断 20 × 1 + 单选 60 × 1 + 多选 10 × 2).
 */
export function defaultTheorySections(level: Level): BlueprintSection[] {
  if (level <= 2) {
    return [
      { type: 'judge', count: 20, pointsPerItem: 1, title: '判断题' },
      { type: 'single', count: 60, pointsPerItem: 1, title: '单项选择题' },
      { type: 'multiple', count: 10, pointsPerItem: 2, title: '多项选择题' },
    ];
  }
  return [
    { type: 'judge', count: 20, pointsPerItem: 1, title: '判断题' },
    { type: 'single', count: 80, pointsPerItem: 1, title: '单项选择题' },
  ];
}

export interface TheoryBlueprintOptions {
  sections?: BlueprintSection[];
  /** Distribute by weight-table rows (default) or by the element table's top-level scopes. */
  dimension?: Dimension;
  /** Replaces the derived cells (a blueprint's override of the weight table). */
  cells?: Blueprint['cells'];
  importanceMix?: Blueprint['importanceMix'];
  difficulty?: { min: number; max: number };
  difficultyMeasure?: Blueprint['difficultyMeasure'];
  exposure?: Blueprint['exposure'];
  itemOrder?: Blueprint['itemOrder'];
  durationMinutes?: number;
  name?: string;
}

/** The theory blueprint of a standard at a level, cells derived from its weights. */
export function theoryBlueprint(standard: Pick<Standard, 'weightTables' | 'elementTables' | 'levels'>, level: Level, options: TheoryBlueprintOptions = {}): Blueprint {
  const sections = options.sections ?? defaultTheorySections(level);
  const dimension = options.dimension ?? 'function';
  let cells = options.cells;
  if (!cells) {
    if (dimension === 'function') cells = deriveCells(standard.weightTables.theory.rows, level, sections);
    else {
      const table: ElementTable | undefined = standard.elementTables.find((t) => t.part === 'theory');
      if (!table) throw new RangeError('the standard has no theory element table to distribute by scope');
      cells = deriveCells(table.scopes, level, sections, 'scope');
    }
  }
  const duration = options.durationMinutes ?? standard.levels.find((l) => l.level === level)?.parts.find((p) => p.part === 'theory')?.durationMinutes;
  const input: BlueprintInput = {
    ...(options.name ? { name: options.name } : {}),
    level,
    part: 'theory',
    sections,
    cells,
    importanceMix: options.importanceMix ?? [],
    difficulty: options.difficulty ?? { ...DEFAULT_DIFFICULTY_BAND },
    ...(options.difficultyMeasure ? { difficultyMeasure: options.difficultyMeasure } : {}),
    exposure: options.exposure ?? DEFAULT_EXPOSURE_POLICY,
    itemOrder: options.itemOrder ?? 'shuffle',
    ...(duration ? { durationMinutes: duration } : {}),
    totalMarks: sections.reduce((a, s) => a + s.count * s.pointsPerItem, 0),
  };
  return BlueprintSchema.parse(input);
}

/**
 * X/Y/Z minimum counts from target shares (percent) for a section of `count` items, rounded
 * down so that a share is never turned into more than it asks for.
 */
export function importanceMinimums(count: number, shares: Partial<Record<'X' | 'Y' | 'Z', number>>): { X?: number; Y?: number; Z?: number } {
  const out: { X?: number; Y?: number; Z?: number } = {};
  for (const cls of ['X', 'Y', 'Z'] as const) {
    const share = shares[cls];
    if (share !== undefined && share > 0) out[cls] = Math.floor((count * share) / 100 + 1e-9);
  }
  return out;
}
