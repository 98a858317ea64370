import { z } from 'zod';
import type { StatisticsRunDoc } from './model';

export const RunViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['session', 'release']),
  targetId: z.string(),
  targetLabel: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  stage: z.string(),
  progress: z.object({ done: z.number(), total: z.number() }),
  startedByName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  summary: z
    .object({
      candidates: z.number(),
      items: z.number(),
      dubious: z.number(),
      papers: z.array(z.object({ paperId: z.string(), candidates: z.number(), items: z.number(), kr20: z.number().nullable() })),
      rasch: z.object({ iterations: z.number(), converged: z.boolean(), extremePersons: z.number(), meanAbility: z.number(), estimated: z.number() }).optional(),
    })
    .nullable(),
});
export type RunView = z.infer<typeof RunViewSchema>;

export function runView(doc: StatisticsRunDoc): RunView {
  return {
    id: String(doc._id),
    kind: doc.kind,
    targetId: String(doc.targetId),
    targetLabel: doc.targetLabel,
    status: doc.status,
    stage: doc.stage,
    progress: { done: doc.progress.done, total: doc.progress.total },
    startedByName: doc.startedByName,
    startedAt: doc.startedAt.toISOString(),
    finishedAt: doc.finishedAt ? doc.finishedAt.toISOString() : null,
    error: doc.error ?? null,
    summary: doc.summary ?? null,
  };
}

const OptionRateSchema = z.object({ key: z.string(), count: z.number(), rate: z.number(), keyed: z.boolean() });
const RaschSchema = z.object({ status: z.enum(['estimated', 'extreme-low', 'extreme-high', 'no-responses']), difficulty: z.number().nullable(), se: z.number().nullable(), facility: z.number().nullable() });

/** One version's statistics as the API shows them (on the item and in a run's result). */
export const StatisticsSlotSchema = z.object({
  runId: z.string(),
  basis: z.object({ kind: z.enum(['session', 'release']), id: z.string(), label: z.string() }),
  n: z.number(),
  answered: z.number(),
  facility: z.number(),
  itemRest: z.number().nullable(),
  upperLower: z.number().nullable(),
  options: z.array(OptionRateSchema),
  omitted: z.object({ count: z.number(), rate: z.number() }),
  dubious: z.array(z.enum(['too-hard', 'too-easy', 'low-discrimination'])),
  rasch: RaschSchema.optional(),
  computedAt: z.string(),
});

export const RunResultSchema = RunViewSchema.extend({ items: z.array(StatisticsSlotSchema.extend({ itemId: z.string(), version: z.number(), code: z.string(), type: z.string() })) });

export const DubiousItemViewSchema = z.object({
  itemId: z.string(),
  code: z.string(),
  type: z.string(),
  version: z.number(),
  basis: z.object({ kind: z.enum(['session', 'release']), id: z.string(), label: z.string() }),
  n: z.number(),
  facility: z.number(),
  itemRest: z.number().nullable(),
  upperLower: z.number().nullable(),
  dubious: z.array(z.enum(['too-hard', 'too-easy', 'low-discrimination'])),
  rasch: RaschSchema.nullable(),
  computedAt: z.string(),
});
export type DubiousItemView = z.infer<typeof DubiousItemViewSchema>;
