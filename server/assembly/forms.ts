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
