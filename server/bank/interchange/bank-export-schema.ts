import { z } from 'zod';
import { ItemContentSchema } from '../item-schema';
import { OccupationCodeSchema, OccupationSchema, StandardSchema } from '../../standards/schemas';
import { ITEM_CODE_PATTERN, UNPLACED_CODE_PATTERN, UNPLACED_POINT, isUnplacedCode, pointCodeOfItemCode } from './codes';

/**
 * The bank export document (question-bank-schema/bank-export.schema.json) as zod schemas: the
 * JSON Schema is the published contract (shapes), these add the cross-field rules and give the
 * typed values. Objects strip unknown keys here; the JSON Schema rejects them.
 */

export const BANK_EXPORT_FORMAT = 'skill-appraisal-bank-export';
export const BANK_EXPORT_FORMAT_VERSION = 1;

export const BANK_TIERS = ['national', 'provincial', 'industry'] as const;
export const BankTierSchema = z.enum(BANK_TIERS);
export type BankTier = z.infer<typeof BankTierSchema>;

export const BankCodeSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'bank codes are letters, digits, - and _');

export const BankMetaSchema = z
  .object({
    code: BankCodeSchema,
    name: z.string().trim().min(1).max(120),
    occupationCode: OccupationCodeSchema,
    standardEdition: z.string().regex(/^\d{4}$/, 'editions are a year such as 2018'),
    tier: BankTierSchema,
    parentCode: BankCodeSchema.optional(),
  })
  .superRefine((bank, ctx) => {
    if (bank.tier === 'national' && bank.parentCode !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['parentCode'], message: 'a national bank has no parent bank' });
    }
    if (bank.tier !== 'national' && bank.parentCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['parentCode'], message: 'a sub-bank names its parent bank' });
    }
  });
export type BankMeta = z.infer<typeof BankMetaSchema>;

/** Workflow states of an item as exported (the bank service may keep finer ones). */
export const ITEM_STATUSES = ['draft', 'in_review', 'approved', 'rejected', 'retired'] as const;
export const ItemStatusSchema = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatusSchema>;

/** A standard with its occupation, as in standard.schema.json. */
export const StandardDocumentSchema = StandardSchema.extend({ occupation: OccupationSchema }).superRefine((doc, ctx) => {
  if (doc.occupation.code !== doc.occupationCode) {
    ctx.addIssue({ code: 'custom', path: ['occupationCode'], message: `occupationCode ${doc.occupationCode} differs from occupation.code ${doc.occupation.code}` });
  }
});
export type StandardDocument = z.infer<typeof StandardDocumentSchema>;

const DateTimeSchema = z.iso.datetime({ offset: true });

export const BankExportItemSchema = z
  .object({
    code: z.string().refine((code) => ITEM_CODE_PATTERN.test(code) || UNPLACED_CODE_PATTERN.test(code), 'item codes look like AB001-003 (or UNPLACED-000001 for an item without a point)'),
    status: ItemStatusSchema,
    version: z.number().int().min(1),
    updatedAt: DateTimeSchema.optional(),
    content: ItemContentSchema,
  })
  .superRefine((item, ctx) => {
    const point = isUnplacedCode(item.code) ? UNPLACED_POINT : pointCodeOfItemCode(item.code);
    if (point !== undefined && point !== item.content.pointCode) {
      ctx.addIssue({ code: 'custom', path: ['code'], message: `item code ${item.code} does not start with its appraisal point ${item.content.pointCode}` });
    }
  });
export type BankExportItem = z.infer<typeof BankExportItemSchema>;
export type BankExportItemInput = z.input<typeof BankExportItemSchema>;

/** Everything of the document but its items. */
export const BankExportHeaderSchema = z
  .object({
    format: z.literal(BANK_EXPORT_FORMAT),
    formatVersion: z.literal(BANK_EXPORT_FORMAT_VERSION),
    exportedAt: DateTimeSchema,
    generator: z.string().max(200).optional(),
    bank: BankMetaSchema,
    standard: StandardDocumentSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    if (!doc.standard) return;
    if (doc.standard.occupationCode !== doc.bank.occupationCode) {
      ctx.addIssue({ code: 'custom', path: ['standard', 'occupationCode'], message: `the standard is for occupation ${doc.standard.occupationCode}, the bank for ${doc.bank.occupationCode}` });
    }
    if (doc.standard.edition !== doc.bank.standardEdition) {
      ctx.addIssue({ code: 'custom', path: ['standard', 'edition'], message: `the standard is edition ${doc.standard.edition}, the bank follows ${doc.bank.standardEdition}` });
    }
  });
export type BankExportHeader = z.infer<typeof BankExportHeaderSchema>;
