import type { z } from 'zod';
import { problems } from '../platform/problem';
import { isFieldKey, type HeaderChoice } from './interchange/foreign/headers';
import type { ImportChoices } from './transfer-service';
import type { ImportOptionsSchema } from './forms';

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
  if (bad.length) throw problems.rule(bad.map((b) => ({ path: 'body.map', message: `列映射“${b.slice(0, 40)}”无法识别：应为“字段|列名”` })), 'A column mapping entry is not field|header.');
  const defaults = {
    ...(options.defaultType ? { type: options.defaultType } : {}),
    ...(options.defaultPoint ? { pointCode: options.defaultPoint } : {}),
    ...(options.defaultLevels ? { levels: options.defaultLevels } : {}),
    ...(options.defaultDifficulty ? { difficulty: options.defaultDifficulty } : {}),
    ...(options.defaultPoints ? { points: options.defaultPoints } : {}),
    ...(options.binary ? { binary: options.binary } : {}),
  };
  return { choices, defaults };
}
