import { z } from 'zod';
import { EXAM_PARTS } from './part-scores';

/** A correction (更正) or re-check (复核): new part scores, a reason, and the version it corrects. */
export const CorrectionInputSchema = z.object({
  kind: z.enum(['correction', 'recheck']).default('correction'),
  reason: z.string().trim().min(4).max(500),
  /** The version the caller saw: a correction made meanwhile makes this one a conflict. */
  expectedVersion: z.coerce.number().int().min(1),
  parts: z
    .array(z.object({ part: z.enum(EXAM_PARTS), score: z.coerce.number().min(0).max(100) }))
    .min(1)
    .max(3),
});
export type CorrectionInput = z.infer<typeof CorrectionInputSchema>;

export const CandidateParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i), candidateId: z.string().regex(/^[0-9a-f]{24}$/i) });

/** A regrade: the item whose key was corrected, and the corrected (approved) version. */
export const RegradeInputSchema = z.object({
  itemId: z.string().regex(/^[0-9a-f]{24}$/i),
  version: z.number().int().min(1),
});
export const RegradeApplySchema = RegradeInputSchema.extend({
  /** The preview's digest: applying refuses when the scores changed since the preview. */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
