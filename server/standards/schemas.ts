import { z } from 'zod';

/**
 * Occupations, national occupational skill standards, weight tables and appraisal element
 * tables (鉴定要素细目表), as data. Rules that relate the parts live in `rules.ts`.
 */

/** Skill levels: 5 is the lowest (五级/初级工), 1 the highest (一级/高级技师). */
export const LEVELS = [5, 4, 3, 2, 1] as const;
export type Level = (typeof LEVELS)[number];
export const LevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

export const DEFAULT_LEVEL_NAMES: Record<Level, { zh: string; en: string }> = {
  5: { zh: '五级/初级工', en: 'Level 5 / Junior' },
  4: { zh: '四级/中级工', en: 'Level 4 / Intermediate' },
  3: { zh: '三级/高级工', en: 'Level 3 / Senior' },
  2: { zh: '二级/技师', en: 'Level 2 / Technician' },
  1: { zh: '一级/高级技师', en: 'Level 1 / Senior technician' },
};

/** 理论知识 / 技能操作 / 综合评审 (panel review, levels 2 and 1 only). */
export const PartSchema = z.enum(['theory', 'skill', 'review']);
export type Part = z.infer<typeof PartSchema>;

export const OccupationCodeSchema = z.string().regex(/^\d-\d{2}-\d{2}-\d{2}$/, 'occupation codes look like 6-31-01-03');

export const OccupationSchema = z.object({
  code: OccupationCodeSchema,
  name: z.string().trim().min(1).max(60),
  /** Edition of 职业分类大典 the code comes from. */
  classificationEdition: z.enum(['2015', '2022']),
  aliases: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
  /** Codes of the same occupation in other editions. */
  formerCodes: z.array(z.object({ edition: z.enum(['2015', '2022']), code: OccupationCodeSchema })).max(5).default([]),
  /** 工种 / 职业方向. */
  subTrades: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
});
export type Occupation = z.infer<typeof OccupationSchema>;

export const LevelPartSchema = z.object({
  part: PartSchema,
  durationMinutes: z.number().int().min(1).max(600),
  passMark: z.number().min(0).max(100).default(60),
  /** Examiners per candidate (skill test, panel review): odd, at least 3. */
  examinerCount: z.number().int().min(1).max(15).optional(),
});
export type LevelPart = z.infer<typeof LevelPartSchema>;

export const StandardLevelSchema = z.object({
  level: LevelSchema,
  name: z.string().trim().min(1).max(40),
  parts: z.array(LevelPartSchema).min(1).max(3),
});
export type StandardLevel = z.infer<typeof StandardLevelSchema>;

/** A cell of a weight table: a percentage, or null for "—" (not assessed at that level). */
export const WeightCellSchema = z.object({ level: LevelSchema, percent: z.number().min(0).max(100).nullable() });
export type WeightCell = z.infer<typeof WeightCellSchema>;

export const WeightRowSchema = z.object({
  /** e.g. `B1` (职业道德), `B2` (基础知识), `1`…`n` (职业功能). */
  code: z.string().trim().regex(/^[A-Za-z0-9]{1,8}$/, 'row codes are 1–8 letters or digits'),
  name: z.string().trim().min(1).max(60),
  group: z.enum(['basic', 'function']),
  cells: z.array(WeightCellSchema).length(5),
});
export type WeightRow = z.infer<typeof WeightRowSchema>;

export const WeightTableSchema = z.object({ rows: z.array(WeightRowSchema).min(1).max(40) });
export type WeightTable = z.infer<typeof WeightTableSchema>;

export const ImportanceSchema = z.enum(['X', 'Y', 'Z']);
export type Importance = z.infer<typeof ImportanceSchema>;

/**
 * 鉴定范围: codes are uppercase letters, one more letter per nesting level (`A` → `AB` → `ABC`),
 * so a node's parent is its code without the last letter. Top-level nodes name the weight-table
 * row they belong to.
 */
export const ScopeNodeSchema = z.object({
  code: z.string().regex(/^[A-Z]{1,3}$/, 'scope codes are 1–3 uppercase letters'),
  name: z.string().trim().min(1).max(80),
  weightRowCode: z.string().optional(),
  /** 鉴定比重 per level, percent of the whole paper part. Levels not listed are not assessed. */
  weights: z.array(z.object({ level: LevelSchema, percent: z.number().min(0).max(100) })).max(5),
  /** Target share of X/Y/Z points (percent, summing to 100), optional. */
  xyz: z.object({ X: z.number().min(0).max(100), Y: z.number().min(0).max(100), Z: z.number().min(0).max(100) }).optional(),
});
export type ScopeNode = z.infer<typeof ScopeNodeSchema>;

/** 鉴定点: the smallest assessable element; full code = scope code + point code (`AB001`). */
export const AppraisalPointSchema = z.object({
  scopeCode: z.string().regex(/^[A-Z]{1,3}$/),
  code: z.string().regex(/^\d{3}$/, 'point codes are three digits'),
  name: z.string().trim().min(1).max(120),
  importance: ImportanceSchema,
  levels: z.array(LevelSchema).min(1).max(5),
});
export type AppraisalPoint = z.infer<typeof AppraisalPointSchema>;

export const ElementTableSchema = z.object({
  part: z.enum(['theory', 'skill']),
  scopes: z.array(ScopeNodeSchema).min(1).max(500),
  points: z.array(AppraisalPointSchema).max(5000),
});
export type ElementTable = z.infer<typeof ElementTableSchema>;

export const StandardSchema = z.object({
  occupationCode: OccupationCodeSchema,
  /** Edition of the standard, e.g. `2018`. */
  edition: z.string().regex(/^\d{4}$/, 'editions are a year such as 2018'),
  title: z.string().trim().min(1).max(120),
  levels: z.array(StandardLevelSchema).min(1).max(5),
  weightTables: z.object({ theory: WeightTableSchema, skill: WeightTableSchema }),
  elementTables: z.array(ElementTableSchema).max(2).default([]),
  /** Set on demo content so the UI can label its numbers as demo values. */
  demo: z.boolean().default(false),
});
export type Standard = z.infer<typeof StandardSchema>;

/** `AB001` → `{ scopeCode: 'AB', pointCode: '001' }`. */
export function splitPointCode(full: string): { scopeCode: string; pointCode: string } | undefined {
  const match = /^([A-Z]{1,3})(\d{3})$/.exec(full);
  return match ? { scopeCode: match[1]!, pointCode: match[2]! } : undefined;
}

export function fullPointCode(point: Pick<AppraisalPoint, 'scopeCode' | 'code'>): string {
  return `${point.scopeCode}${point.code}`;
}
