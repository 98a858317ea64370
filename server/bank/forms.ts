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

const ImportDefaultText = z.string().trim().max(40).optional();
/**
 * The import form (page and API): mode, the column mapping as repeated `map` values
 * `field|header`, and the defaults for cells the file leaves empty.
 */
export const ImportOptionsSchema = z.object({
  mode: z.enum(['draft', 'approved']).default('draft'),
  map: z.union([z.string().max(300), z.array(z.string().max(300)).max(64)]).optional(),
  category: z.union([z.string().max(400), z.array(z.string().max(400)).max(64)]).optional(),
  defaultType: ImportDefaultText,
  defaultPoint: ImportDefaultText,
  defaultLevels: ImportDefaultText,
  defaultDifficulty: ImportDefaultText,
  defaultPoints: ImportDefaultText,
  binary: z.enum(['one-is-true', 'one-is-false', '']).optional(),
});
/** Pasted text in the Chinese paper layout, with the same defaults (no column mapping). */
export const PastedImportSchema = ImportOptionsSchema.omit({ map: true, category: true }).extend({ text: z.string().min(1).max(500_000) });
export const PastedImportForm = PastedImportSchema.extend({ mode: z.enum(['draft', 'approved']).catch('draft') }).catchall(FieldValue);
export const ImportForm = ImportOptionsSchema.extend({ mode: z.enum(['draft', 'approved']).catch('draft') }).catchall(FieldValue);

export const ConfirmForm = z.record(z.string(), FieldValue);
