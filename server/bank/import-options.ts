import type { z } from 'zod';
import { problems } from '../platform/problem';
import { isFieldKey, type HeaderChoice } from './interchange/foreign/headers';
import type { ImportChoices } from './transfer-service';
import type { ImportOptionsSchema } from './forms';
import type { ImportDefaults } from './interchange/foreign/records';

export type ImportOptions = z.infer<typeof ImportOptionsSchema>;

/**
 * The posted form → the admin's choices. `map` values are `field|header` (a header may hold
 * `|`; a field never does); a field that does not exist is a 422 naming the value.
 */
export function importChoicesFrom(options: ImportOptions): ImportChoices {
  const entries = options.map === undefined ? [] : Array.isArray(options.map) ? options.map : [options.map];
  const choices: HeaderChoice[] = [];
  const bad: string[] = [];
  for (const entry of entries) {
    const at = entry.indexOf('|');
    const field = at < 0 ? '' : entry.slice(0, at);
    const header = at < 0 ? '' : entry.slice(at + 1).trim();
    if (!header || !isFieldKey(field)) bad.push(entry);
    else choices.push({ header, field });
  }
  const categoryPoints: Array<{ category: string; pointCode: string }> = [];
  for (const entry of options.category === undefined ? [] : Array.isArray(options.category) ? options.category : [options.category]) {
    const at = entry.indexOf('|');
    const pointCode = at < 0 ? '' : entry.slice(0, at).trim();
    const category = at < 0 ? '' : entry.slice(at + 1);
    if (at < 0 || !category) bad.push(entry);
    else if (pointCode) categoryPoints.push({ category, pointCode });
  }
  if (bad.length) throw problems.rule(bad.map((b) => ({ path: 'body.map', message: `列映射“${b.slice(0, 40)}”无法识别：应为“字段|列名”` })), 'A column mapping entry is not field|header.');
  const defaults: Record<string, string> = {};
  for (const [key, name] of DEFAULT_FIELDS) {
    const value = options[name];
    if (value) defaults[key] = value;
  }
  return { choices, defaults: defaults as ImportDefaults, ...(categoryPoints.length ? { categoryPoints } : {}) };
}

/** Each default and the form field that carries it. */
const DEFAULT_FIELDS: ReadonlyArray<readonly [keyof ImportDefaults, 'defaultType' | 'defaultPoint' | 'defaultLevels' | 'defaultDifficulty' | 'defaultPoints' | 'binary']> = [
  ['type', 'defaultType'],
  ['pointCode', 'defaultPoint'],
  ['levels', 'defaultLevels'],
  ['difficulty', 'defaultDifficulty'],
  ['points', 'defaultPoints'],
  ['binary', 'binary'],
];

/** The inverse, for a form that posts a job's defaults again (the mapping preview's re-check). */
export function formFieldsOfDefaults(defaults: ImportDefaults = {}): Array<{ name: string; value: string }> {
  return DEFAULT_FIELDS.flatMap(([key, name]) => (defaults[key] ? [{ name, value: String(defaults[key]) }] : []));
}
