import { z } from 'zod';

/** Single or double marking of a session's subjective items; the tolerance in points. */
export const MarkingPlanSchema = z.object({
  double: z.boolean(),
  tolerance: z.number().min(0).max(100).default(0),
});

/** One examiner's mark of one answer: 0…max in half points (checked against the item's max). */
export const MarkInputSchema = z.object({
  points: z.coerce.number().min(0).max(100),
  comment: z.string().trim().max(500).optional(),
});
export type MarkInput = z.infer<typeof MarkInputSchema>;
