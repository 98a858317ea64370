import { z } from 'zod';
import { ObjectIdString } from '../platform/ids';
import { COMBINATION_METHODS } from './rules';

/** Request shapes of examiner scoring (API bodies and page forms share them). */

const Username = z.string().trim().min(1).max(64);

export const CombinationSchema = z.object({
  method: z.enum(COMBINATION_METHODS).default('mean'),
  /** Scores dropped at each end by a trimmed mean. */
  trim: z.number().int().min(1).max(3).default(1),
});

export const PanelInputSchema = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9-]{1,12}$/, '考评组编号只能含字母、数字和连字符'),
  name: z.string().trim().min(1).max(60),
  /** The rooms (考场) whose candidates this group scores. */
  rooms: z.array(z.string().trim().min(1).max(12)).min(1).max(50),
  /** Usernames of the examiners (考评员) who score every candidate of the group. */
  examiners: z.array(Username).min(1).max(15),
  /** Username of the checker (核分人), who confirms the totals; not one of the group's examiners. */
  checker: Username,
});

export const ScoringPlanInputSchema = z.object({
  /** The plan's revision when changing an existing plan (compare-and-set). */
  revision: z.number().int().min(1).optional(),
  combination: CombinationSchema.default({ method: 'mean', trim: 1 }),
  panels: z.array(PanelInputSchema).min(1).max(50),
});
export type ScoringPlanInput = z.infer<typeof ScoringPlanInputSchema>;

export const SheetEntrySchema = z.object({
  /** One entry per scoring row, in the sheet's order: the deduction (扣分) and a remark. */
  rows: z.array(z.object({ deduction: z.number().min(0).max(100), remark: z.string().trim().max(500).default('') })).min(1).max(60),
  /** A veto row (否决项) was failed: the task scores 0. */
  vetoed: z.boolean().default(false),
  remarks: z.string().trim().max(2000).default(''),
  /** The sheet's revision when changing a saved sheet (compare-and-set). */
  revision: z.number().int().min(1).optional(),
});
export type SheetEntry = z.infer<typeof SheetEntrySchema>;

export const SignSchema = z.object({ revision: z.number().int().min(1) });
export const ReasonSchema = z.object({ reason: z.string().trim().min(2).max(500) });

export const TaskParams = z.object({ id: ObjectIdString, position: z.coerce.number().int().min(1).max(200) });
