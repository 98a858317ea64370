import { z } from 'zod';
import { questionTypes } from '../question-types';
import type { JudgeContent, MultipleContent, ShortContent, SingleContent, SkillContent } from '../question-types';
import type { JudgeContentSchema } from '../question-types/judge';
import type { MultipleContentSchema, SingleContentSchema } from '../question-types/choice';
import type { ShortContentSchema } from '../question-types/short';
import type { SkillContentSchema } from '../question-types/skill';

/**
 * The content of one item version. What a type's content holds is defined by its module in
 * server/question-types/; this file is the bank's view of them all: the schema of any
 * registered type, and the types of the built-in ones.
 */
export { OPTION_KEYS, OptionSchema, ItemCommonSchema, type OptionKey, type ItemOption } from '../question-types/common';
export { JudgeContentSchema } from '../question-types/judge';
export { SingleContentSchema, MultipleContentSchema } from '../question-types/choice';
export { ShortContentSchema } from '../question-types/short';
export { SkillContentSchema, SkillScoringRowSchema } from '../question-types/skill';

/** A type name; which names exist is the registry's business. */
export type ItemType = string;

/** The built-in types, in registration order (lists and reports iterate the registry). */
export const ITEM_TYPES: readonly ItemType[] = questionTypes.names();

export const ItemTypeSchema = z
  .string()
  .refine((name) => questionTypes.has(name), { message: 'unknown item type', params: { i18n: 'validation.rule.itemType' } })
  .meta({ enum: questionTypes.names() });

/** The content of an item of a built-in type; code that handles any type goes through the registry. */
export type ItemContent = JudgeContent | SingleContent | MultipleContent | ShortContent | SkillContent;
export type ItemContentInput =
  | z.input<typeof JudgeContentSchema>
  | z.input<typeof SingleContentSchema>
  | z.input<typeof MultipleContentSchema>
  | z.input<typeof ShortContentSchema>
  | z.input<typeof SkillContentSchema>;

/**
 * Item content of any registered type, with the cross-field rules (option keys in order,
 * answers among the options, totals). Dispatches to the registry at parse time, so a type
 * registered later is accepted too; issues keep their paths.
 */
export const ItemContentSchema = z.unknown().transform((value, ctx) => {
  const result = questionTypes.contentSchema().safeParse(value);
  if (result.success) return result.data as ItemContent;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
}) as unknown as z.ZodType<ItemContent, ItemContentInput>;

/** Default points per item type when neither the item nor the blueprint says. */
export function defaultPointsOf(type: ItemType): number {
  return questionTypes.get(type).defaults.points;
}

export function pointsOf(item: { type: string }): number {
  return questionTypes.of(item).pointsOf(item as never);
}

/**
 * Expected facility (share of candidates answering correctly) from the written difficulty,
 * used until measured statistics replace it.
 */
export const FACILITY_BY_DIFFICULTY: Record<number, number> = { 1: 0.9, 2: 0.75, 3: 0.62, 4: 0.48, 5: 0.35 };
