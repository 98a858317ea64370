import { z } from 'zod';

/**
 * The assembly pages' forms (RouteTable `form`). Values are converted here; the blueprint's
 * own rules stay with the service, which reports them by field as for the API.
 */

const Text = z.string().optional();

/** A textarea holding JSON: its value, undefined when blank, an error in place when not JSON. */
const JsonText = Text.transform((text, ctx) => {
  if (!text?.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON', params: { i18n: 'validation.rule.json' } });
    return z.NEVER;
  }
});

export const BlueprintForm = z
  .object({
    name: Text,
    level: Text,
    part: z.enum(['theory', 'skill']).catch('theory'),
    difficultyMin: Text,
    difficultyMax: Text,
    exposure: Text,
    sections: JsonText,
    cells: JsonText,
  })
  .transform((f) => ({
    name: f.name,
    level: Number(f.level),
    part: f.part,
    difficulty: { min: Number(f.difficultyMin), max: Number(f.difficultyMax) },
    exposure: { policy: f.exposure || 'stratified' },
    ...(f.sections !== undefined ? { sections: f.sections } : {}),
    ...(f.cells !== undefined ? { cells: f.cells } : {}),
  }));

export const AssembleForm = z.object({
  forms: z.coerce.number().int().catch(1).transform((n) => Math.min(10, Math.max(1, n || 1))),
  seed: z.string().trim().max(200).optional().transform((s) => s || undefined),
  label: z.string().trim().max(200).optional().transform((s) => s || undefined),
});

/**
 * The blueprint grid form: the blueprint's settings, plus one field per grid cell and column
 * (`cell_<type>_<row>`, `cellpoints_<type>_<row>`, `count_<type>`, `points_<type>`, `title_<type>`),
 * read by `readGrid` against the weight table. Settings are converted here; the grid's own
 * rules and the blueprint's are reported by field.
 */
export const BlueprintGridForm = z
  .object({
    name: Text,
    level: Text,
    part: z.enum(['theory', 'skill']).catch('theory'),
    revision: z.coerce.number().int().min(1).optional().catch(undefined),
    difficultyMin: Text,
    difficultyMax: Text,
    exposure: z.enum(['stratified', 'randomesque', 'least-used', 'uniform']).catch('stratified'),
    itemOrder: z.enum(['shuffle', 'cell']).catch('shuffle'),
    durationMinutes: Text,
    importanceMix: JsonText,
  })
  .catchall(z.union([z.string(), z.array(z.string())]))
  .transform((f) => ({
    settings: {
      name: f.name,
      level: Number(f.level),
      part: f.part,
      difficulty: { min: Number(f.difficultyMin), max: Number(f.difficultyMax) },
      exposure: { policy: f.exposure },
      itemOrder: f.itemOrder,
      ...(f.durationMinutes?.trim() ? { durationMinutes: Number(f.durationMinutes) } : {}),
      ...(f.importanceMix !== undefined ? { importanceMix: f.importanceMix } : {}),
    },
    revision: f.revision,
    fields: f as Record<string, string | string[] | undefined>,
  }));
