import { z } from 'zod';
import type { Blueprint, Infeasibility, Paper } from './engine';
import type { BlueprintDoc, PaperDoc } from './model';

/**
 * What assembly shows of blueprints and papers, each defined once: the zod schema (used by
 * the OpenAPI document), the type inferred from it, and the one mapper from the document.
 * Engine structures (a blueprint, an infeasible cell, a paper item) are typed by the engine
 * and described here as objects.
 */
const engineObject = <T>(description: string) => z.custom<T>((value) => typeof value === 'object' && value !== null).meta({ type: 'object', description });

export const InfeasibleSchema = engineObject<Infeasibility>('an infeasible cell or rule: kind, message, proven, and what it needs');

export const FeasibilitySchema = z.object({ releaseId: z.string(), releaseNumber: z.number(), forms: z.number(), ok: z.boolean(), infeasible: z.array(InfeasibleSchema) });
export type FeasibilityReport = z.infer<typeof FeasibilitySchema>;

export const BlueprintViewSchema = z.object({
  id: z.string(),
  bankId: z.string(),
  name: z.string(),
  level: z.number(),
  part: z.enum(['theory', 'skill']),
  distribution: z.enum(['derived', 'override']),
  blueprint: engineObject<Blueprint>('the blueprint: sections, cells, bands, exposure policy'),
  revision: z.number(),
  feasibility: FeasibilitySchema.extend({ checkedAt: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BlueprintView = z.infer<typeof BlueprintViewSchema>;

export function blueprintView(doc: BlueprintDoc): BlueprintView {
  return {
    id: String(doc._id),
    bankId: String(doc.bankId),
    name: doc.name,
    level: doc.level,
    part: doc.part,
    distribution: doc.distribution,
    blueprint: doc.blueprint,
    revision: doc.revision,
    feasibility: doc.feasibility ? { ...doc.feasibility, forms: 1, checkedAt: new Date(doc.feasibility.checkedAt).toISOString() } : null,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export const PaperItemSchema = engineObject<Paper['items'][number] & { code: string }>('a pinned item: itemId, version, section, type, optionPermutation, points, cellKey, pointCode, code');

export const PaperViewSchema = z.object({
  id: z.string(),
  bankId: z.string(),
  releaseId: z.string(),
  releaseNumber: z.number(),
  blueprintId: z.string(),
  blueprintRevision: z.number(),
  blueprintName: z.string(),
  exposureSnapshotId: z.string(),
  /** The measured difficulties the draw used (a statistics difficulty snapshot); null: the writers' estimates. */
  difficulty: z.object({ snapshotId: z.string(), minResponses: z.number() }).nullable(),
  formSetId: z.string().nullable(),
  label: z.string(),
  seed: z.string(),
  level: z.number(),
  meanFacility: z.number(),
  totalPoints: z.number(),
  itemCount: z.number(),
  form: engineObject<NonNullable<Paper['form']>>('the parallel form (A/B卷) this paper is').nullable(),
  items: z.array(PaperItemSchema),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type PaperView = z.infer<typeof PaperViewSchema>;

export function paperView(doc: PaperDoc, codes: Map<string, string>): PaperView {
  return {
    id: String(doc._id),
    bankId: String(doc.bankId),
    releaseId: String(doc.releaseId),
    releaseNumber: doc.releaseNumber,
    blueprintId: String(doc.blueprintId),
    blueprintRevision: doc.blueprintRevision,
    blueprintName: doc.blueprintName,
    exposureSnapshotId: doc.exposureSnapshotId,
    difficulty: doc.difficulty ?? null,
    formSetId: doc.formSetId ?? null,
    label: doc.label,
    seed: doc.paper.seed,
    level: doc.paper.level,
    meanFacility: doc.paper.meanFacility,
    totalPoints: doc.paper.totalPoints,
    itemCount: doc.paper.items.length,
    form: doc.paper.form ?? null,
    items: codes.size ? doc.paper.items.map((i) => ({ ...i, code: codes.get(i.itemId) ?? '' })) : [],
    createdByName: doc.createdByName,
    createdAt: doc.createdAt.toISOString(),
  };
}
