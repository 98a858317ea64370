import { z } from 'zod';
import { OccupationSchema } from './schemas';

/** The standards pages' forms (RouteTable `form`). */

const list = (text: string | undefined) =>
  (text ?? '')
    .split(/[,，、;；\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The occupation form: lists typed as text, then the occupation's own rules (OccupationSchema). */
export const OccupationForm = z.preprocess((raw) => {
  const f = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return { code: text(f.code), name: text(f.name), classificationEdition: text(f.classificationEdition) || '2022', aliases: list(text(f.aliases)), subTrades: list(text(f.subTrades)) };
}, OccupationSchema);

export const StandardImportForm = z.object({ document: z.string().default('') });

/** The weight grid: `w_<part>_<row>_<level>` cells, and the revision edited. */
export const WeightsForm = z.object({ revision: z.coerce.number().int().min(1) }).catchall(z.string());
