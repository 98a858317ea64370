import { z } from 'zod';
import { LevelSchema } from '../standards/schemas';

/**
 * What every item version has, whatever its type, and the building blocks type modules use
 * for their own fields. Rich text fields hold HTML in a safe subset; the bank sanitises them
 * on save. Option keys are letters in order (A, B, C…); answers refer to keys.
 */

export const OPTION_KEYS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];

export const RichText = z.string().trim().min(1, 'must not be empty').max(50_000);
export const PlainLine = z.string().trim().min(1).max(500);

export const OptionSchema = z.object({ key: z.enum(OPTION_KEYS), html: RichText.max(5_000) });
export type ItemOption = z.infer<typeof OptionSchema>;

export const ItemCommonSchema = z.object({
  /**
   * Full appraisal point code, e.g. `AB001`; empty for an item imported without one (待指定鉴定点),
   * which stays a draft until a writer places it (server/bank/placement.ts).
   */
  pointCode: z.string().regex(/^(?:[A-Z]{1,3}\d{3})?$/, 'appraisal point codes look like AB001'),
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

/** The fields every type's content has (after parsing). */
export type CommonContent = z.infer<typeof ItemCommonSchema> & { type: string };

/** Which element table a type's appraisal points come from. */
export type Part = 'theory' | 'skill';

/** A text in both page languages, Chinese first. Type modules carry their own wording. */
export interface LocalText {
  zh: string;
  en: string;
}

/** Issues a type's cross-field rules report, as zod's refinement context takes them. */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string; params?: Record<string, unknown> }): void;
}
