import { z } from 'zod';
import { LevelSchema } from '../standards/schemas';

/**
 * The content of one item version, as QTI-like data. Rich text fields hold HTML in a safe
 * subset (paragraphs, emphasis, sub/superscript, tables, images); the bank service sanitises
 * them on save. Option keys are letters in order (A, B, C…); answers refer to keys.
 */
export const ITEM_TYPES = ['judge', 'single', 'multiple', 'short', 'skill'] as const;
export const ItemTypeSchema = z.enum(ITEM_TYPES);
export type ItemType = z.infer<typeof ItemTypeSchema>;

export const ITEM_TYPE_NAMES: Record<ItemType, { zh: string; en: string }> = {
  judge: { zh: '判断题', en: 'True/false' },
  single: { zh: '单项选择题', en: 'Single choice' },
  multiple: { zh: '多项选择题', en: 'Multiple choice' },
  short: { zh: '简答/计算/论述题', en: 'Short answer' },
  skill: { zh: '技能操作试题', en: 'Skill task' },
};

export const OPTION_KEYS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];

const RichText = z.string().trim().min(1, 'must not be empty').max(50_000);
const PlainLine = z.string().trim().min(1).max(500);

export const OptionSchema = z.object({ key: z.enum(OPTION_KEYS), html: RichText.max(5_000) });
export type ItemOption = z.infer<typeof OptionSchema>;

export const ItemCommonSchema = z.object({
  /** Full appraisal point code, e.g. `AB001`. */
  pointCode: z.string().regex(/^[A-Z]{1,3}\d{3}$/, 'appraisal point codes look like AB001'),
  levels: z.array(LevelSchema).min(1).max(5),
  /** Difficulty as written, 1 (easy) to 5 (hard). */
  difficulty: z.number().int().min(1).max(5),
  estimatedSeconds: z.number().int().min(5).max(4 * 3600),
  stem: RichText,
  /** 解析. */
  explanation: z.string().trim().max(20_000).default(''),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  /** Items of one enemy group never appear on the same paper. */
  enemyGroup: z.string().trim().min(1).max(60).optional(),
  /** Suggested points (分值); blueprints decide the points on a paper. */
  points: z.number().positive().max(100).optional(),
});

export const JudgeContentSchema = ItemCommonSchema.extend({ type: z.literal('judge'), answer: z.boolean() });
export const SingleContentSchema = ItemCommonSchema.extend({
  type: z.literal('single'),
  options: z.array(OptionSchema).min(2).max(6),
  answer: z.enum(OPTION_KEYS),
  keepOptionOrder: z.boolean().default(false),
});
export const MultipleContentSchema = ItemCommonSchema.extend({
  type: z.literal('multiple'),
  options: z.array(OptionSchema).min(2).max(8),
  answer: z.array(z.enum(OPTION_KEYS)).min(2, 'a multiple-choice item has at least two correct options'),
  keepOptionOrder: z.boolean().default(false),
});
export const ShortContentSchema = ItemCommonSchema.extend({
  type: z.literal('short'),
  referenceAnswer: RichText,
  markingPoints: z.array(z.object({ text: PlainLine, points: z.number().positive().max(100) })).min(1).max(30),
});
export const SkillScoringRowSchema = z.object({
  /** 考核要素. */
  element: PlainLine,
  /** 考核要求. */
  requirement: z.string().trim().min(1).max(2_000),
  /** 配分. */
  points: z.number().positive().max(100),
  /** 评分标准: the deduction rules. */
  deductionRules: z.string().trim().min(1).max(2_000),
  /** A veto row: failing it voids the task (e.g. 发生严重设备和人身事故取消考试资格). */
  veto: z.boolean().default(false),
});
export const SkillContentSchema = ItemCommonSchema.extend({
  type: z.literal('skill'),
  venuePreparation: z.array(PlainLine).max(50).default([]),
  candidatePreparation: z.array(PlainLine).max(50).default([]),
  timeAllowedMinutes: z.number().int().min(1).max(600),
  scoringRows: z.array(SkillScoringRowSchema).min(1).max(60),
});

const ItemContentUnion = z.discriminatedUnion('type', [
  JudgeContentSchema,
  SingleContentSchema,
  MultipleContentSchema,
  ShortContentSchema,
  SkillContentSchema,
]);

/** Item content with the cross-field rules (option keys in order, answers among the options, totals). */
export const ItemContentSchema = ItemContentUnion.superRefine((item, ctx) => {
  if (item.type === 'single' || item.type === 'multiple') {
    item.options.forEach((option, index) => {
      if (option.key !== OPTION_KEYS[index]) {
        ctx.addIssue({ code: 'custom', path: ['options', index, 'key'], message: `option ${index + 1} must have key ${OPTION_KEYS[index]}` });
      }
    });
    const keys = new Set(item.options.map((o) => o.key));
    const answers = item.type === 'single' ? [item.answer] : item.answer;
    answers.forEach((answer, index) => {
      if (!keys.has(answer)) {
        ctx.addIssue({ code: 'custom', path: item.type === 'single' ? ['answer'] : ['answer', index], message: `answer ${answer} is not one of the options` });
      }
    });
    if (item.type === 'multiple' && new Set(item.answer).size !== item.answer.length) {
      ctx.addIssue({ code: 'custom', path: ['answer'], message: 'answer letters must not repeat' });
    }
  }
  const uniqueLevels = new Set(item.levels);
  if (uniqueLevels.size !== item.levels.length) ctx.addIssue({ code: 'custom', path: ['levels'], message: 'levels must not repeat' });
  if (item.type === 'skill') {
    const total = item.scoringRows.reduce((sum, row) => sum + row.points, 0);
    const expected = item.points ?? total;
    if (Math.abs(total - expected) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['scoringRows'], message: `scoring rows total ${total} but the task is worth ${expected}` });
    }
  }
  if (item.type === 'short') {
    const total = item.markingPoints.reduce((sum, p) => sum + p.points, 0);
    if (item.points !== undefined && Math.abs(total - item.points) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['markingPoints'], message: `marking points total ${total} but the item is worth ${item.points}` });
    }
  }
});
export type ItemContent = z.infer<typeof ItemContentUnion>;
export type ItemContentInput = z.input<typeof ItemContentUnion>;

/** Default points per item type when neither the item nor the blueprint says. */
export const DEFAULT_POINTS: Record<ItemType, number> = { judge: 1, single: 1, multiple: 2, short: 10, skill: 100 };

export function pointsOf(item: ItemContent): number {
  if (item.type === 'skill') return item.scoringRows.reduce((sum, row) => sum + row.points, 0);
  if (item.type === 'short') return item.points ?? item.markingPoints.reduce((sum, p) => sum + p.points, 0);
  return item.points ?? DEFAULT_POINTS[item.type];
}

/**
 * Expected facility (share of candidates answering correctly) from the written difficulty,
 * used until measured statistics replace it.
 */
export const FACILITY_BY_DIFFICULTY: Record<number, number> = { 1: 0.9, 2: 0.75, 3: 0.62, 4: 0.48, 5: 0.35 };
