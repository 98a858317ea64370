import { richTextToCellText } from './interchange/rich-text';
import { questionTypes } from '../question-types';
import { parseNumber, parseTags } from '../question-types/parsers';
import type { EditorFields } from '../question-types/types';

/**
 * The item editor posts flat form fields (so it works without JavaScript); these two pure
 * functions translate between those fields and item content. The common fields are read here;
 * each type's own fields by its module (server/question-types/), with the same parsers as the
 * xlsx import. Rich text is passed through as typed: the bank's sanitiser turns plain lines
 * into paragraphs and strips unsafe markup.
 */
export type { EditorFields };

function textOf(fields: EditorFields): (name: string) => string {
  return (name) => {
    const value = fields[name];
    return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
  };
}

/** A number field: undefined when blank, NaN when not a number (the schema then says so). */
function numberOrUndefined(value: string): number | undefined {
  if (value === '') return undefined;
  return parseNumber(value) ?? Number.NaN;
}

export function contentFromEditor(fields: EditorFields): Record<string, unknown> {
  const text = textOf(fields);
  const type = text('type');
  const levelsRaw = fields.levels;
  const levels = (Array.isArray(levelsRaw) ? levelsRaw : levelsRaw ? [levelsRaw] : []).map(Number);
  const points = numberOrUndefined(text('points'));
  const common: Record<string, unknown> = {
    type,
    pointCode: text('pointCode'),
    levels,
    difficulty: numberOrUndefined(text('difficulty') || '3'),
    estimatedSeconds: numberOrUndefined(text('estimatedSeconds') || '60'),
    stem: text('stem'),
    explanation: text('explanation'),
    tags: parseTags(text('tags')),
    ...(text('enemyGroup') ? { enemyGroup: text('enemyGroup') } : {}),
    ...(points !== undefined ? { points } : {}),
  };
  const module = questionTypes.find(type);
  return module ? { ...common, ...module.editor.read(text) } : common;
}

/** The inverse, to prefill the editor from a version. */
export function editorFromContent(content: { type: string; pointCode: string; levels: number[]; difficulty: number; estimatedSeconds: number; stem: string; explanation: string; tags: string[]; enemyGroup?: string; points?: number }): Record<string, string | number[]> {
  return {
    type: content.type,
    pointCode: content.pointCode,
    levels: content.levels,
    difficulty: String(content.difficulty),
    estimatedSeconds: String(content.estimatedSeconds),
    // Plain paragraphs are shown as plain lines (no <p> tags to edit around); richer markup stays.
    stem: richTextToCellText(content.stem),
    explanation: richTextToCellText(content.explanation),
    tags: content.tags.join(', '),
    enemyGroup: content.enemyGroup ?? '',
    points: content.points !== undefined ? String(content.points) : '',
    ...questionTypes.of(content).editor.write(content as never),
  };
}
