import { z } from 'zod';
import { REVIEW_CHECKS } from './review';

/**
 * The bank pages' forms, validated with zod like the API bodies (RouteTable `form`). Item
 * content itself is checked by the bank service, whose field errors the editor shows in place.
 */

const FieldValue = z.union([z.string(), z.array(z.string())]);

/** The item editor posts flat fields; each type's module reads its own (editor-form.ts). */
export const EditorForm = z.record(z.string(), FieldValue);

export const EditItemForm = z.object({ baseVersion: z.coerce.number().int().min(1) }).catchall(FieldValue);

export const TransitionForm = z.object({
  version: z.coerce.number().int().min(1),
  comment: z.string().max(2_000).optional(),
  /** Ticked checklist items: one checkbox posts a string, several an array. */
  checklist: z
    .union([z.enum(REVIEW_CHECKS), z.array(z.enum(REVIEW_CHECKS))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

export const RetireForm = z.object({ reason: z.string().trim().max(500).optional() }).catchall(FieldValue);

export const PublishForm = z.object({ comment: z.string().trim().max(2_000).default('') }).catchall(FieldValue);

export const ImportForm = z.object({ mode: z.enum(['draft', 'approved']).catch('draft') }).catchall(FieldValue);

export const ConfirmForm = z.record(z.string(), FieldValue);
