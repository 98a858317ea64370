import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/chain';
import { fieldErrorsFromZod, problems, type FieldError } from '../platform/problem';
import type { PointFacts } from '../standards/point-index';
import { ItemContentSchema, type ItemContent } from './item-schema';
import { questionTypes } from '../question-types';
import { isUnplaced } from './placement';
import { sanitizeItemRichText, richTextToPlain } from './interchange/rich-text';

export function contentHash(content: ItemContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export function stemPlainText(content: ItemContent): string {
  return richTextToPlain(content.stem).slice(0, 2_000);
}

/**
 * Validates item content for a bank: shape and cross-field rules (zod), rich text made safe,
 * and the appraisal point checked against the bank's standard (exists, right part, levels
 * within the point's levels). Throws a 400 problem naming each field.
 */
export function checkItemContent(input: unknown, points: Map<string, PointFacts>, prefix = 'body', options: { allowUnplaced?: boolean } = {}): ItemContent {
  const parsed = ItemContentSchema.safeParse(input);
  if (!parsed.success) throw problems.validation(fieldErrorsFromZod(parsed.error, prefix));
  const sanitized = sanitizeItemRichText(parsed.data);
  const reparsed = ItemContentSchema.safeParse(sanitized);
  if (!reparsed.success) {
    throw problems.validation(fieldErrorsFromZod(reparsed.error, prefix).map((e) => ({ ...e, message: `${e.message} (after removing unsafe markup)`, code: 'rule' })));
  }
  const errors = options.allowUnplaced && isUnplaced(reparsed.data) ? [] : pointErrors(reparsed.data, points, prefix);
  if (errors.length) throw problems.rule(errors);
  return reparsed.data;
}

export function pointErrors(content: Pick<ItemContent, 'pointCode' | 'levels' | 'type'>, points: Map<string, PointFacts>, prefix = 'body'): FieldError[] {
  if (isUnplaced(content)) return [{ path: `${prefix}.pointCode`, message: 'choose the appraisal point (鉴定点) of the item' }];
  const point = points.get(content.pointCode);
  if (!point) return [{ path: `${prefix}.pointCode`, message: `appraisal point ${content.pointCode} is not in the standard's element table` }];
  const errors: FieldError[] = [];
  const expectedPart = questionTypes.partOf(content.type);
  if (point.part !== expectedPart) {
    errors.push({ path: `${prefix}.pointCode`, message: `${content.type} items belong to ${expectedPart} points; ${content.pointCode} is a ${point.part} point` });
  }
  const outside = content.levels.filter((l) => !point.levels.includes(l as never));
  if (outside.length) errors.push({ path: `${prefix}.levels`, message: `levels ${outside.join(', ')} are not levels of point ${content.pointCode} (${point.levels.join(', ')})` });
  return errors;
}
