import { z } from 'zod';
import { ItemTypeSchema, type ItemType } from '../../bank/item-schema';
import { ImportanceSchema, LevelSchema, type Importance, type Level } from '../../standards/schemas';

/**
 * Input and output shapes of the paper-assembly engine (组卷引擎).
 *
 * The engine is pure: a paper is a function of (pool, blueprint, seed) and of the algorithm
 * version recorded on it. Nothing here reads a database, the clock or Math.random.
 */

/** Recorded on every paper; bump when a change would make old seeds give other papers. */
export const ALGORITHM_VERSION = 'assembly/1';

/** Tolerance for comparing sums of facilities (they carry floating-point rounding error). */
export const FACILITY_EPS = 1e-9;

export type { ItemType, Importance, Level };
export const IMPORTANCES = ['X', 'Y', 'Z'] as const;

/** What one item version contributes to assembly: no content, no answer key. */
export interface PoolItem {
  /** Item id (stable across versions). */
  id: string;
  /** The pinned version in the release. */
  version: number;
  type: ItemType;
  /** Full appraisal point code, e.g. `AB001`. */
  pointCode: string;
  /** Top-level 鉴定范围 code the point belongs to, e.g. `A`. */
  scopeCode: string;
  /** Weight-table row code the top-level scope counts towards, e.g. `B2` or `3`. */
  functionCode: string;
  importance: Importance;
  /** Levels the item may be used at. */
  levels: readonly Level[];
  /** Expected facility p (share answering correctly), strictly between 0 and 1. */
  facility: number;
  /** Items of one enemy group never appear on the same paper. */
  enemyGroup?: string | undefined;
  /** Number of options; 0 for items without options (true/false, subjective). */
  optionCount: number;
  /** Options are printed in the written order (e.g. "以上都对"). */
  keepOptionOrder: boolean;
  /** The item's own marks (informational: the blueprint decides the points on a paper). */
  points: number;
  /** Times used so far (from an exposure snapshot); lower is preferred by the draw. */
  exposure: number;
}

export type Dimension = 'function' | 'scope';

// ---------------------------------------------------------------------------------------------
// Blueprint (组卷方案)
// ---------------------------------------------------------------------------------------------

export const BlueprintSectionSchema = z.object({
  type: ItemTypeSchema,
  count: z.number().int().min(1).max(500),
  pointsPerItem: z.number().positive().max(100),
  title: z.string().trim().max(200).optional(),
});

export const BlueprintCellSchema = z.object({
  /** Index into `sections` (0-based). */
  section: z.number().int().min(0),
  dimension: z.enum(['function', 'scope']),
  /** Weight-table row code (function) or top-level scope code (scope). */
  key: z.string().trim().min(1).max(16),
  count: z.number().int().min(0).max(500),
  /** Points each item of this cell carries; default the section's (skill tasks weighted by function). */
  pointsPerItem: z.number().positive().max(100).optional(),
});

const ImportanceMinimumsSchema = z
  .object({ X: z.number().int().min(0).optional(), Y: z.number().int().min(0).optional(), Z: z.number().int().min(0).optional() })
  .strict();

export const ImportanceRuleSchema = z.object({
  section: z.number().int().min(0),
  /** Minimum number of items of each importance in the section. */
  min: ImportanceMinimumsSchema,
});

export const DifficultyBandSchema = z
  .object({ min: z.number().min(0).max(1), max: z.number().min(0).max(1) })
  .refine((b) => b.min <= b.max, { message: 'min must not exceed max', params: { i18n: 'validation.rule.minMax' } });

/**
 * How the draw inside a cell favours less-exposed items. Items of equal exposure are always
 * treated alike, so with a constant exposure every policy is a uniform draw.
 * - `stratified` (default): the cell's items, ordered by exposure, are split into up to
 *   `strata` bands (never splitting a tie); an item of band s is `preference`^s times less
 *   likely than one of band 0. Every item keeps a chance, so a stale exposure snapshot cannot
 *   starve items or make favourites beyond that ratio.
 * - `randomesque`: uniform among the `window` × count least-exposed items (ties kept whole);
 *   the rest only when the window runs out.
 * - `least-used`: least-used first (randomesque with window 1), random among ties.
 * - `uniform`: ignore exposure.
 */
export const ExposurePolicySchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('stratified'), strata: z.number().int().min(1).max(16).default(4), preference: z.number().min(1).max(100).default(2) }),
  z.object({ policy: z.literal('randomesque'), window: z.number().min(1).max(100).default(3) }),
  z.object({ policy: z.literal('least-used') }),
  z.object({ policy: z.literal('uniform') }),
]);
export type ExposurePolicy = z.infer<typeof ExposurePolicySchema>;

export const DEFAULT_DIFFICULTY_BAND = { min: 0.55, max: 0.75 } as const;
export const DEFAULT_EXPOSURE_POLICY: ExposurePolicy = { policy: 'stratified', strata: 4, preference: 2 };

export const BlueprintSchema = z.object({
  /** Free label (e.g. the stored blueprint's id); not part of the fingerprint. */
  name: z.string().trim().max(200).optional(),
  level: LevelSchema,
  part: z.enum(['theory', 'skill']).default('theory'),
  sections: z.array(BlueprintSectionSchema).min(1).max(10),
  cells: z.array(BlueprintCellSchema).min(1).max(1000),
  importanceMix: z.array(ImportanceRuleSchema).max(10).default([]),
  /** Band for the points-weighted mean facility of the paper (expected share of marks). */
  difficulty: DifficultyBandSchema.default({ ...DEFAULT_DIFFICULTY_BAND }),
  /**
   * Which measured difficulty stands in for the writer's estimate once an item has enough
   * responses: its measured facility (absent: the default) or its Rasch difficulty expressed as
   * a facility. The engine sees only facilities; the service that builds the pool applies this,
   * and the pool's fingerprint covers the result.
   */
  difficultyMeasure: z.enum(['facility', 'rasch']).optional(),
  exposure: ExposurePolicySchema.default(DEFAULT_EXPOSURE_POLICY),
  /** Order of items inside a section: shuffled per paper, or grouped by cell in blueprint order. */
  itemOrder: z.enum(['shuffle', 'cell']).default('shuffle'),
  durationMinutes: z.number().int().min(1).max(600).optional(),
  /** When given, must equal Σ count × points over the cells (usually 100). */
  totalMarks: z.number().positive().max(1000).optional(),
});
/** A normalised blueprint (defaults applied). Treat as immutable once passed to the engine. */
export type Blueprint = z.infer<typeof BlueprintSchema>;
export type BlueprintInput = z.input<typeof BlueprintSchema>;
export type BlueprintSection = Blueprint['sections'][number];
export type BlueprintCell = Blueprint['cells'][number];
export type ImportanceRule = Blueprint['importanceMix'][number];

// ---------------------------------------------------------------------------------------------
// Papers
// ---------------------------------------------------------------------------------------------

export interface PaperItem {
  itemId: string;
  version: number;
  /** Index of the blueprint section. */
  section: number;
  type: ItemType;
  /** Display position → original option index (0-based). Identity when keep-order; [] without options. */
  optionPermutation: number[];
  points: number;
  dimension: Dimension;
  /** Key of the blueprint cell the item fills. */
  cellKey: string;
  pointCode: string;
  functionCode: string;
  scopeCode: string;
  importance: Importance;
  facility: number;
}

export interface Paper {
  algorithm: string;
  seed: string;
  level: Level;
  /** Fingerprints of what the paper was drawn from; reproduction needs the same two. */
  poolFingerprint: string;
  blueprintFingerprint: string;
  /** For parallel forms: which form of how many, and what the set was drawn with. */
  form?: { index: number; of: number; setSeed: string; maxSharedFraction: number; maxFacilityGap: number; band: { min: number; max: number } };
  /** In paper order: sections in blueprint order. */
  items: PaperItem[];
  /** Points-weighted mean facility (expected share of marks), rounded to 1e-6. */
  meanFacility: number;
  totalPoints: number;
}

export interface ParallelFormsOptions {
  /** Number of forms (A/B卷: 2). */
  forms: number;
  /** Largest share of a form's items any other form may also contain (default 0: disjoint). */
  maxSharedFraction?: number;
  /** Largest difference between the mean facilities of any two forms (default 0.01). */
  maxFacilityGap?: number;
}

export interface AssembleOptions {
  /**
   * Node budget of the exact search used when the randomised draw and its repairs do not meet
   * the blueprint (default 50,000). Exhausting the search space proves infeasibility; running
   * out of budget is reported as not proven.
   */
  searchBudget?: number;
}

export type Seed = string | number;
