import { z } from 'zod';
import { ItemCommonSchema, PlainLine, RichText } from './common';
import { DEFAULT_MARKING_POINT_TEXT, formatMarkingPoints, parseLines, parseMarkingPoints, parseNumber, splitEditorLine, type MarkingPoint } from './parsers';
import { cellTextToRichText, richTextToCellText } from '../bank/interchange/rich-text';
import { escapeHtml } from './render-kit';
import type { QuestionType } from './types';

/** 简答/计算/论述题: a reference answer and marking points; examiners mark the response. */
export const ShortContentSchema = ItemCommonSchema.extend({
  type: z.literal('short'),
  referenceAnswer: RichText,
  markingPoints: z.array(z.object({ text: PlainLine, points: z.number().positive().max(100) })).min(1).max(30),
});
export type ShortContent = z.infer<typeof ShortContentSchema>;

const DEFAULT_POINTS = 10;
const total = (c: ShortContent) => c.markingPoints.reduce((sum, p) => sum + p.points, 0);

/**
 * One editor line: `要点|分值`, or the template's `要点（4分）`. A line that is neither keeps
 * its text with no points, for the schema to report.
 */
function markingPointOfLine(line: string): { text: string; points: number } {
  if (line.includes('|')) {
    const [text, points] = splitEditorLine(line);
    return { text: text ?? '', points: parseNumber(points ?? '') ?? Number.NaN };
  }
  const parsed = parseMarkingPoints(line);
  return 'points' in parsed && parsed.points[0] ? parsed.points[0] : { text: line, points: Number.NaN };
}

export const short: QuestionType<ShortContent, string> = {
  name: 'short',
  label: { zh: '简答/计算/论述题', en: 'Short answer' },
  part: 'theory',
  defaults: { points: DEFAULT_POINTS, estimatedSeconds: 600, optionCount: 0 },
  schema: ShortContentSchema,
  refine(c, issues) {
    if (c.points !== undefined && Math.abs(total(c) - c.points) > 1e-9) issues.addIssue({ code: 'custom', path: ['markingPoints'], message: `marking points total ${total(c)} but the item is worth ${c.points}`, params: { i18n: 'validation.rule.totalMismatch', total: total(c), expected: c.points } });
  },
  pointsOf: (c) => c.points ?? total(c),
  richText: { fields: ['referenceAnswer'], options: false },
  optionCount: () => 0,
  keepsOptionOrder: () => true,
  print: {
    instruction: { zh: '将答案写在题后的空白处', en: 'Write the answer in the space after the question' },
    body: (c) => ({ lines: [], bracket: false, writingLines: Math.min(12, Math.max(4, Math.ceil(c.estimatedSeconds / 60))) }),
    bubbles: () => [],
    key: (c, _order, text) => [text(c.referenceAnswer), ...c.markingPoints.map((p) => `${p.text}（${p.points}分）`)].join('\n'),
  },
  describe: (c) => ({ referenceAnswer: c.referenceAnswer, markingPoints: c.markingPoints.map((p) => `${p.text} (${p.points})`).join('\n') }),

  xlsx: {
    carried: true,
    words: ['简答', '简答题', '计算', '计算题', '论述', '论述题', '问答题'],
    label: '简答题',
    labelEn: 'Short-answer',
    columns: ['answer', 'markingPoints'],
    fieldColumns: { referenceAnswer: 'answer' },
    read(row) {
      const markingText = row.text('markingPoints');
      let markingPoints: MarkingPoint[] | undefined;
      if (markingText) {
        const parsed = parseMarkingPoints(markingText);
        if ('bad' in parsed) row.error('markingPoints', `评分要点“${parsed.bad}”应写成“要点内容（分值）”，如“写出计算公式（4分）”`, `Marking point "${parsed.bad}" should read "text (points)"`, 'marking.format');
        else markingPoints = parsed.points;
      } else {
        markingPoints = [{ text: DEFAULT_MARKING_POINT_TEXT, points: row.points ?? DEFAULT_POINTS }];
      }
      return { referenceAnswer: cellTextToRichText(row.raw('answer')), markingPoints };
    },
    write(c) {
      const [only] = c.markingPoints;
      const isDefault = c.markingPoints.length === 1 && only!.text === DEFAULT_MARKING_POINT_TEXT && only!.points === (c.points ?? DEFAULT_POINTS);
      return { answer: richTextToCellText(c.referenceAnswer), markingPoints: isDefault ? null : formatMarkingPoints(c.markingPoints) };
    },
    example: {
      type: 'short',
      pointCode: 'CA001',
      levels: [4, 3],
      difficulty: 3,
      estimatedSeconds: 600,
      stem: '<p>一台三相异步电动机，额定功率 P<sub>N</sub> = 7.5 kW，额定电压 U<sub>N</sub> = 380 V，功率因数 cosφ = 0.85，效率 η = 0.87。求额定电流 I<sub>N</sub>。</p>',
      referenceAnswer: '<p>I<sub>N</sub> = P<sub>N</sub> / (√3 U<sub>N</sub> cosφ η) = 7500 / (1.732 × 380 × 0.85 × 0.87) ≈ 15.4 A</p>',
      markingPoints: [
        { text: '写出计算公式', points: 4 },
        { text: '正确代入数据', points: 3 },
        { text: '结果正确并写明单位', points: 3 },
      ],
      points: 10,
      tags: ['计算', '电动机'],
    },
  },

  editor: {
    fields: [
      { kind: 'textarea', name: 'referenceAnswer', label: { zh: '参考答案', en: 'Reference answer' }, rows: 4 },
      { kind: 'textarea', name: 'markingPoints', label: { zh: '评分要点（每行：要点|分值）', en: 'Marking points (one per line: point|points)' }, rows: 4 },
    ],
    read: (text) => ({ referenceAnswer: text('referenceAnswer'), markingPoints: parseLines(text('markingPoints')).map(markingPointOfLine) }),
    write: (c) => ({ referenceAnswer: c.referenceAnswer, markingPoints: c.markingPoints.map((p) => `${p.text}|${p.points}`).join('\n') }),
  },

  render(c, { withKey, inputName, print, labels: l }) {
    const parts: string[] = [];
    if (inputName) parts.push(`<textarea class="item-answer" name="${escapeHtml(inputName)}" rows="8"></textarea>`);
    else if (print) parts.push('<div class="answer-space"></div>');
    if (withKey) {
      parts.push(`<div class="item-key"><strong>${escapeHtml(l.referenceAnswer)}:</strong>${c.referenceAnswer}</div>`);
      parts.push(`<div class="item-key"><strong>${escapeHtml(l.markingPoints)}:</strong><ol>${c.markingPoints.map((p) => `<li>${escapeHtml(p.text)}（${p.points}）</li>`).join('')}</ol></div>`);
    }
    return parts.join('');
  },

  response: z.string().max(20_000),
  score: (_c, response, { points }) => (response === undefined || response.trim() === '' ? { status: 'unanswered', points: 0, max: points } : { status: 'needs-marking', max: points }),
  statistics: {
    scoredBy: 'examiners',
    scale: 'graded',
    facilityMeaning: { zh: '平均得分与满分之比', en: 'mean mark over the maximum mark' },
  },
};
