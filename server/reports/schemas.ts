import { z } from 'zod';
import { ObjectIdString } from '../platform/ids';
import { LevelSchema, OccupationCodeSchema } from '../standards/schemas';

/**
 * The filters of the pass-rate report: a year (and within it a quarter), a centre, an
 * occupation, a level. The API refuses odd values (400, by field); the page drops them with a
 * notice (`PassRatePageQuery`) and shows the report without that filter.
 */
const fields = {
  year: z.coerce.number().int().min(2000).max(2100),
  quarter: z.coerce.number().int().min(1).max(4),
  centreId: ObjectIdString,
  occupationCode: z.string().trim().pipe(OccupationCodeSchema),
  level: z.coerce.number().pipe(LevelSchema),
};

export const PassRateQuerySchema = z
  .object({
    year: fields.year.optional().describe('calendar year of publication, in TIME_ZONE'),
    quarter: fields.quarter.optional().describe('1–4, within the year (needs year)'),
    centreId: fields.centreId.optional(),
    occupationCode: fields.occupationCode.optional().describe('e.g. 6-31-01-03'),
    level: fields.level.optional().describe('1 (一级/高级技师) … 5 (五级/初级工)'),
  })
  .superRefine((q, ctx) => {
    if (q.quarter !== undefined && q.year === undefined) ctx.addIssue({ code: 'custom', path: ['year'], message: 'a quarter needs a year', params: { i18n: 'validation.rule.quarterNeedsYear' } });
  });
export type PassRateQuery = z.infer<typeof PassRateQuerySchema>;

/** The page's filters: blank means all; anything odd is dropped (never a 4xx page). */
export const PassRatePageQuery = z
  .object({
    year: fields.year.optional().catch(undefined),
    quarter: fields.quarter.optional().catch(undefined),
    centreId: fields.centreId.optional().catch(undefined),
    occupationCode: fields.occupationCode.optional().catch(undefined),
    level: fields.level.optional().catch(undefined),
  })
  .transform((q): PassRateQuery => (q.year === undefined ? { ...q, quarter: undefined } : q));
