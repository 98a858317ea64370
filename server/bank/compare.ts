import { diffChars } from 'diff';
import { hasMessage, t } from '../i18n/translate';
import type { Locale } from '../i18n/locale';
import { DEFAULT_LEVEL_NAMES, type Level } from '../standards/schemas';
import { questionTypes, typeNameIn } from '../question-types';
import type { ItemContent } from './item-schema';
import { escapeHtml } from './render';
import { ITEM_RICH_TEXT_FIELDS, richTextToPlain } from './interchange/rich-text';

/**
 * Version compare (版本比较): every field of two versions under its label in the page's
 * language, as readers see it (rich text as text with x^2 / P_N, the type and levels by name,
 * 是/否), with the characters that changed marked <del> on the old side and <ins> on the new.
 * Pure: contents in, rows out.
 */

export interface CompareRow {
  field: string;
  label: string;
  changed: boolean;
  leftHtml: string;
  rightHtml: string;
}

const levelNames = (levels: readonly number[], locale: Locale) => levels.map((l) => DEFAULT_LEVEL_NAMES[l as Level]?.[locale === 'en' ? 'en' : 'zh'] ?? String(l)).join('、');

/** Every comparable field of a version, readable, in a stable order. */
export function readableFields(c: ItemContent, locale: Locale): Array<{ field: string; label: string; value: string }> {
  const plain = (html: string) => richTextToPlain(html);
  const label = (field: string) => (hasMessage(`field.${field}`) ? t(locale, `field.${field}`) : field);
  const out: Array<{ field: string; label: string; value: string }> = [
    { field: 'type', label: label('type'), value: typeNameIn(locale, c.type) },
    { field: 'pointCode', label: label('pointCode'), value: c.pointCode },
    { field: 'levels', label: label('levels'), value: levelNames(c.levels, locale) },
    { field: 'difficulty', label: label('difficulty'), value: String(c.difficulty) },
    { field: 'estimatedSeconds', label: label('estimatedSeconds'), value: String(c.estimatedSeconds) },
    { field: 'stem', label: label('stem'), value: plain(c.stem) },
  ];
  const richFields = new Set<string>([...ITEM_RICH_TEXT_FIELDS, ...questionTypes.of(c).richText.fields]);
  for (const [field, value] of Object.entries(questionTypes.of(c).describe(c))) {
    // The type module names its fields (`option A`, `answer`…); options and rich text read as text.
    const option = /^option ([A-Z])$/.exec(field);
    out.push({
      field,
      label: option ? t(locale, 'item.compare.option', { key: option[1]! }) : label(field),
      value: option || richFields.has(field) || /<\/?[a-z][^>]*>/i.test(value) ? plain(value) : value,
    });
  }
  const module = questionTypes.of(c);
  if (module.optionCount(c) > 0) {
    const keepOrder = module.keepsOptionOrder(c);
    out.push({ field: 'keepOptionOrder', label: t(locale, 'item.compare.keepOrder'), value: t(locale, keepOrder ? 'item.compare.yes' : 'item.compare.no') });
  }
  out.push(
    { field: 'explanation', label: label('explanation'), value: plain(c.explanation) },
    { field: 'tags', label: label('tags'), value: c.tags.join('、') },
    { field: 'enemyGroup', label: label('enemyGroup'), value: c.enemyGroup ?? '' },
  );
  return out;
}

export function compareRows(left: ItemContent, right: ItemContent, locale: Locale): CompareRow[] {
  const a = readableFields(left, locale);
  const b = readableFields(right, locale);
  const fields = [...new Set([...a.map((f) => f.field), ...b.map((f) => f.field)])];
  return fields.map((field) => {
    const l = a.find((f) => f.field === field);
    const r = b.find((f) => f.field === field);
    const before = l?.value ?? '';
    const after = r?.value ?? '';
    const parts = diffChars(before, after);
    const lines = (html: string) => html.replace(/\n/g, '<br>');
    return {
      field,
      label: (r ?? l)!.label,
      changed: before !== after,
      leftHtml: lines(parts.filter((p) => !p.added).map((p) => (p.removed ? `<del>${escapeHtml(p.value)}</del>` : escapeHtml(p.value))).join('')),
      rightHtml: lines(parts.filter((p) => !p.removed).map((p) => (p.added ? `<ins>${escapeHtml(p.value)}</ins>` : escapeHtml(p.value))).join('')),
    };
  });
}
