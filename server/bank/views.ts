import { z } from 'zod';
import { BankTierSchema } from './interchange/bank-export-schema';
import { VERSION_STATES, type BankDoc, type ItemDoc, type ItemStatus, type ItemVersionDoc, type ReleaseDoc } from './model';
import type { ItemContent } from './item-schema';
import { StatisticsSlotSchema } from '../statistics/views';
import type { VersionStatisticsSlot } from '../statistics/model';

/**
 * What the bank shows of its records, each defined once: the zod schema (which the API's
 * OpenAPI document uses), the type inferred from it, and the one mapper from the document.
 */

export const BankViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  tier: BankTierSchema,
  occupationCode: z.string(),
  standardEdition: z.string(),
  parentBankId: z.string().nullable(),
  coverageMinimum: z.number(),
  createdAt: z.string(),
});
export type BankView = z.infer<typeof BankViewSchema>;

export function bankView(doc: BankDoc): BankView {
  return {
    id: String(doc._id),
    code: doc.code,
    name: doc.name,
    tier: doc.tier,
    occupationCode: doc.occupationCode,
    standardEdition: doc.standardEdition,
    parentBankId: doc.parentBankId ? String(doc.parentBankId) : null,
    coverageMinimum: doc.coverageMinimum,
    createdAt: doc.createdAt.toISOString(),
  };
}

const VersionStateSchema = z.enum(VERSION_STATES);
const ItemStatusSchema = z.enum([...VERSION_STATES, 'retired']);

export const ItemSummarySchema = z.object({
  id: z.string(),
  bankId: z.string(),
  code: z.string(),
  type: z.string(),
  pointCode: z.string(),
  levels: z.array(z.number()),
  difficulty: z.number(),
  tags: z.array(z.string()),
  status: ItemStatusSchema,
  latestVersion: z.number(),
  approvedVersion: z.number().nullable(),
  updatedAt: z.string(),
  stem: z.string().optional().describe('plain-text stem; only for roles that may read item bodies'),
});
export type ItemSummary = z.infer<typeof ItemSummarySchema>;

export function statusOf(item: Pick<ItemDoc, 'retired' | 'latestState'>): ItemStatus {
  return item.retired ? 'retired' : item.latestState;
}

export function itemSummary(item: ItemDoc, withStem: boolean): ItemSummary {
  return {
    id: String(item._id),
    bankId: String(item.bankId),
    code: item.code,
    type: item.type,
    pointCode: item.pointCode,
    levels: item.levels,
    difficulty: item.difficulty,
    tags: item.tags,
    status: statusOf(item),
    latestVersion: item.latestVersion,
    approvedVersion: item.approvedVersion,
    updatedAt: item.updatedAt.toISOString(),
    ...(withStem ? { stem: item.stemText } : {}),
  };
}

export const VersionSummarySchema = z.object({
  version: z.number(),
  state: VersionStateSchema,
  authorId: z.string(),
  authorName: z.string(),
  basedOn: z.number().nullable(),
  contentHash: z.string(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  review: z.object({ reviewerName: z.string(), decision: z.string(), comment: z.string(), checklist: z.array(z.string()), at: z.string() }).nullable(),
  /** 试题分析 of this version: the latest session run's and release run's (absent until measured). */
  statistics: z.object({ session: StatisticsSlotSchema.optional(), release: StatisticsSlotSchema.optional() }).optional(),
});
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

export function versionSummary(v: ItemVersionDoc): VersionSummary {
  return {
    version: v.version,
    state: v.state,
    authorId: v.authorId,
    authorName: v.authorName,
    basedOn: v.basedOn,
    contentHash: v.contentHash,
    createdAt: v.createdAt.toISOString(),
    submittedAt: v.submittedAt ? v.submittedAt.toISOString() : null,
    review: v.review ? { reviewerName: v.review.reviewerName, decision: v.review.decision, comment: v.review.comment, checklist: v.review.checklist ?? [], at: new Date(v.review.at).toISOString() } : null,
    ...(v.statistics && (v.statistics.session || v.statistics.release)
      ? { statistics: { ...(v.statistics.session ? { session: slotJson(v.statistics.session) } : {}), ...(v.statistics.release ? { release: slotJson(v.statistics.release) } : {}) } }
      : {}),
  };
}

function slotJson(slot: VersionStatisticsSlot): z.infer<typeof StatisticsSlotSchema> {
  return { ...slot, computedAt: new Date(slot.computedAt).toISOString() };
}

/** Item content as stored (validated on save against item.schema.json's rules). */
const ItemContentView = z.custom<ItemContent>((value) => typeof value === 'object' && value !== null).meta({ type: 'object', description: 'item content (question-bank-schema/item.schema.json)' });

export const ItemDetailSchema = ItemSummarySchema.extend({ version: VersionSummarySchema, content: ItemContentView, versions: z.array(VersionSummarySchema) });
export type ItemDetail = z.infer<typeof ItemDetailSchema>;

export const ReleaseViewSchema = z.object({
  id: z.string(),
  bankId: z.string(),
  bankCode: z.string(),
  number: z.number(),
  itemCount: z.number(),
  countsByType: z.array(z.object({ type: z.string(), count: z.number() })),
  hash: z.string(),
  parentReleaseId: z.string().nullable(),
  notes: z.object({ added: z.array(z.string()), changed: z.array(z.string()), retired: z.array(z.string()) }),
  comment: z.string(),
  publishedBy: z.string(),
  publishedByName: z.string(),
  publishedAt: z.string(),
});
export type ReleaseView = z.infer<typeof ReleaseViewSchema>;

export function releaseView(doc: ReleaseDoc, bank: Pick<BankDoc, 'code'>): ReleaseView {
  return {
    id: String(doc._id),
    bankId: String(doc.bankId),
    bankCode: bank.code,
    number: doc.number,
    itemCount: doc.itemCount,
    countsByType: doc.countsByType.map((c) => ({ type: c.type, count: c.count })),
    hash: doc.hash,
    parentReleaseId: doc.parentReleaseId ? String(doc.parentReleaseId) : null,
    notes: doc.notes,
    comment: doc.comment,
    publishedBy: doc.publishedBy,
    publishedByName: doc.publishedByName,
    publishedAt: doc.publishedAt.toISOString(),
  };
}

/** The release being built: its number, when it started, the stage and rows written of all; null when none is. */
export const ReleaseProgressViewSchema = z
  .object({ number: z.number(), startedAt: z.string(), stage: z.enum(['reading', 'writing', 'finishing']), done: z.number(), total: z.number() })
  .nullable();
export type ReleaseProgressView = z.infer<typeof ReleaseProgressViewSchema>;
