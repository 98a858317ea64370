import type { ElementTable, Level, Standard } from '../../standards/schemas';
import { deriveCells, largestRemainder, weightsAtLevel } from './largest-remainder';
import { BlueprintSchema, type BlueprintCell, DEFAULT_DIFFICULTY_BAND, DEFAULT_EXPOSURE_POLICY, type Blueprint, type BlueprintInput, type BlueprintSection, type Dimension } from './types';

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

export interface SkillBlueprintOptions {
  /** The skill task's item type (asked of the question-type registry by the caller). */
  taskType: BlueprintSection['type'];
  /** Marks of the whole test (default 100), shared out over the tasks by the weights. */
  totalMarks?: number;
  difficulty?: { min: number; max: number };
  exposure?: Blueprint['exposure'];
  importanceMix?: Blueprint['importanceMix'];
  itemOrder?: Blueprint['itemOrder'];
  durationMinutes?: number;
  name?: string;
}

/**
 * The skill test (技能操作考核) of a standard at a level, following the skill weight table: one
 * task per 职业功能 assessed at that level, each worth its weight's share of the marks
 * (largest remainder, whole points), e.g. 50 / 35 / 15 at 五级 → three tasks of 50, 35 and 15
 * points. A function whose share rounds to 0 points gets no task.
 */
export function skillBlueprint(standard: Pick<Standard, 'weightTables' | 'levels'>, level: Level, options: SkillBlueprintOptions): Blueprint {
  const weights = weightsAtLevel(standard.weightTables.skill.rows, level);
  if (!weights.length) throw new RangeError(`the skill weight table assesses no function at level ${level}`);
  const totalMarks = options.totalMarks ?? 100;
  const points = largestRemainder(totalMarks, weights.map((w) => w.percent));
  const cells: BlueprintCell[] = [];
  weights.forEach((w, i) => {
    if (points[i]! > 0) cells.push({ section: 0, dimension: 'function', key: w.key, count: 1, pointsPerItem: points[i]! });
  });
  const duration = options.durationMinutes ?? standard.levels.find((l) => l.level === level)?.parts.find((p) => p.part === 'skill')?.durationMinutes;
  return BlueprintSchema.parse({
    ...(options.name ? { name: options.name } : {}),
    level,
    part: 'skill',
    // The section's own points are the equal share; every cell sets its weighted points.
    sections: [{ type: options.taskType, count: cells.length, pointsPerItem: Math.round((totalMarks / cells.length) * 100) / 100, title: '技能操作' }],
    cells,
    difficulty: options.difficulty ?? { ...DEFAULT_DIFFICULTY_BAND },
    exposure: options.exposure ?? DEFAULT_EXPOSURE_POLICY,
    importanceMix: options.importanceMix ?? [],
    itemOrder: options.itemOrder ?? 'cell',
    ...(duration ? { durationMinutes: duration } : {}),
    totalMarks,
  } satisfies BlueprintInput);
}
