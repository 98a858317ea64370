import { OPTION_KEYS, type ItemContent, type ItemType } from './item-schema';

/**
 * The item editor posts flat form fields (so it works without JavaScript); these two pure
 * functions translate between those fields and item content. Multi-row parts are textareas
 * with one row per line and `|` between columns. Rich text is passed through as typed: the
 * bank's sanitiser turns plain lines into paragraphs and strips unsafe markup.
 */
export type EditorFields = Record<string, string | string[] | undefined>;

function text(fields: EditorFields, name: string): string {
  const value = fields[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function numberOrUndefined(value: string): number | undefined {
  if (value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function contentFromEditor(fields: EditorFields): Record<string, unknown> {
  const type = text(fields, 'type') as ItemType;
  const levelsRaw = fields.levels;
  const levels = (Array.isArray(levelsRaw) ? levelsRaw : levelsRaw ? [levelsRaw] : []).map(Number);
  const points = numberOrUndefined(text(fields, 'points'));
  const common: Record<string, unknown> = {
    type,
    pointCode: text(fields, 'pointCode'),
    levels,
    difficulty: Number(text(fields, 'difficulty') || '3'),
    estimatedSeconds: Number(text(fields, 'estimatedSeconds') || '60'),
    stem: text(fields, 'stem'),
    explanation: text(fields, 'explanation'),
    tags: text(fields, 'tags')
      .split(/[,，;；、]/)
      .map((t) => t.trim())
      .filter(Boolean),
    ...(text(fields, 'enemyGroup') ? { enemyGroup: text(fields, 'enemyGroup') } : {}),
    ...(points !== undefined ? { points } : {}),
  };
  if (type === 'judge') return { ...common, answer: text(fields, 'judgeAnswer') === 'true' ? true : text(fields, 'judgeAnswer') === 'false' ? false : undefined };
  if (type === 'single' || type === 'multiple') {
    const options = OPTION_KEYS.map((key) => text(fields, `option_${key}`))
      .filter(Boolean)
      .map((html, index) => ({ key: OPTION_KEYS[index]!, html }));
    const letters = text(fields, 'answer')
      .toUpperCase()
      .split(/[\s,，、;；]+|(?=[A-H])/)
      .map((l) => l.trim())
      .filter(Boolean);
    return { ...common, options, answer: type === 'single' ? letters[0] : letters, keepOptionOrder: text(fields, 'keepOptionOrder') === 'on' };
  }
  if (type === 'short') {
    const markingPoints = lines(text(fields, 'markingPoints')).map((line) => {
      const [t, p] = line.split('|').map((s) => s.trim());
      return { text: t ?? '', points: Number(p ?? '') };
    });
    return { ...common, referenceAnswer: text(fields, 'referenceAnswer'), markingPoints };
  }
  if (type === 'skill') {
    const scoringRows = lines(text(fields, 'scoringRows')).map((line) => {
      const [element, requirement, p, deductionRules, veto] = line.split('|').map((s) => s.trim());
      return { element: element ?? '', requirement: requirement ?? '', points: Number(p ?? ''), deductionRules: deductionRules ?? '', veto: /^(是|y|yes|true|1|否决)$/i.test(veto ?? '') };
    });
    return {
      ...common,
      venuePreparation: lines(text(fields, 'venuePreparation')),
      candidatePreparation: lines(text(fields, 'candidatePreparation')),
      timeAllowedMinutes: Number(text(fields, 'timeAllowedMinutes') || '0'),
      scoringRows,
    };
  }
  return common;
}

/** The inverse, to prefill the editor from a version. */
export function editorFromContent(content: ItemContent): Record<string, string | number[]> {
  const fields: Record<string, string | number[]> = {
    type: content.type,
    pointCode: content.pointCode,
    levels: content.levels,
    difficulty: String(content.difficulty),
    estimatedSeconds: String(content.estimatedSeconds),
    stem: content.stem,
    explanation: content.explanation,
    tags: content.tags.join(', '),
    enemyGroup: content.enemyGroup ?? '',
    points: content.points !== undefined ? String(content.points) : '',
  };
  if (content.type === 'judge') fields.judgeAnswer = String(content.answer);
  if (content.type === 'single' || content.type === 'multiple') {
    for (const option of content.options) fields[`option_${option.key}`] = option.html;
    fields.answer = content.type === 'single' ? content.answer : content.answer.join(',');
    fields.keepOptionOrder = content.keepOptionOrder ? 'on' : '';
  }
  if (content.type === 'short') {
    fields.referenceAnswer = content.referenceAnswer;
    fields.markingPoints = content.markingPoints.map((p) => `${p.text}|${p.points}`).join('\n');
  }
  if (content.type === 'skill') {
    fields.venuePreparation = content.venuePreparation.join('\n');
    fields.candidatePreparation = content.candidatePreparation.join('\n');
    fields.timeAllowedMinutes = String(content.timeAllowedMinutes);
    fields.scoringRows = content.scoringRows.map((r) => [r.element, r.requirement, r.points, r.deductionRules, r.veto ? '是' : '否'].join('|')).join('\n');
  }
  return fields;
}
