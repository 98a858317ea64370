import { z } from 'zod';
import { ItemCommonSchema, OPTION_KEYS, OptionSchema, type IssueSink, type OptionKey } from './common';
import { parseAnswerLetters } from './parsers';
import { cellTextToRichText, richTextToCellText } from '../bank/interchange/rich-text';
import { displayLetter, escapeHtml } from './render-kit';
import type { EditorField, QuestionType, Score, XlsxRowContext } from './types';

/**
 * 单项选择题 and 多项选择题 share their options, their editor section and their renderer; they
 * differ in how many answers they have and how a response scores.
 */

export const SingleContentSchema = ItemCommonSchema.extend({
  type: z.literal('single'),
  options: z.array(OptionSchema).min(2).max(6),
  answer: z.enum(OPTION_KEYS),
  keepOptionOrder: z.boolean().default(false),
});
export type SingleContent = z.infer<typeof SingleContentSchema>;

export const MultipleContentSchema = ItemCommonSchema.extend({
  type: z.literal('multiple'),
  options: z.array(OptionSchema).min(2).max(8),
  answer: z.array(z.enum(OPTION_KEYS)).min(2, 'a multiple-choice item has at least two correct options'),
  keepOptionOrder: z.boolean().default(false),
});
export type MultipleContent = z.infer<typeof MultipleContentSchema>;

type ChoiceContent = SingleContent | MultipleContent;

/** The correct keys, whatever the arity. */
function keysOf(answer: OptionKey | readonly OptionKey[]): OptionKey[] {
  return typeof answer === 'string' ? [answer] : [...answer];
}

function refineChoice(c: ChoiceContent, issues: IssueSink, answerPath: (index: number) => PropertyKey[]): void {
  c.options.forEach((option, index) => {
    if (option.key !== OPTION_KEYS[index]) issues.addIssue({ code: 'custom', path: ['options', index, 'key'], message: `option ${index + 1} must have key ${OPTION_KEYS[index]}`, params: { i18n: 'validation.rule.optionKey' } });
  });
  const keys = new Set(c.options.map((o) => o.key));
  keysOf(c.answer).forEach((answer, index) => {
    if (!keys.has(answer)) issues.addIssue({ code: 'custom', path: answerPath(index), message: `answer ${answer} is not one of the options`, params: { i18n: 'validation.rule.answerNotOption', answer } });
  });
}

/** Options from the row, contiguous from A (gaps are reported by the row reader). */
function optionsFromRow(row: XlsxRowContext): Array<{ key: OptionKey; html: string }> {
  return row.optionTexts.slice(0, row.lastFilled + 1).map((_t, i) => ({ key: OPTION_KEYS[i]!, html: cellTextToRichText(row.raw(OPTION_KEYS[i]!)) }));
}

/** The answer letters of a row; reports empty, malformed and not-an-option answers. */
function lettersFromRow(row: XlsxRowContext): OptionKey[] | undefined {
  const text = row.text('answer');
  if (!text) {
    row.error('answer', '答案不能为空，填选项字母（如 B，多选如 A,C）', 'Answer is empty; write option letters', 'answer.empty');
    return undefined;
  }
  const letters = parseAnswerLetters(text);
  if (!letters) row.error('answer', `答案“${text}”应为选项字母 A–H，多个答案用逗号分隔`, `Answer "${text}" should be option letters A–H`, 'answer.format');
  return letters;
}

function checkLettersAreOptions(row: XlsxRowContext, letters: readonly OptionKey[]): void {
  const missing = letters.filter((l) => !row.optionTexts[OPTION_KEYS.indexOf(l)]);
  if (missing.length && !row.has('answer')) row.error('answer', `答案 ${missing.join(',')} 对应的选项为空`, `Answer ${missing.join(',')} refers to an empty option`, 'answer.not-an-option');
}

const EDITOR_FIELDS: readonly EditorField[] = [
  { kind: 'options', label: { zh: '选项（留空的选项不计入）', en: 'Options (empty ones are ignored)' } },
  { kind: 'text', name: 'answer', label: { zh: '正确选项字母（多选用逗号分隔，如 A,C）', en: 'Correct letters (comma-separated for multiple choice, e.g. A,C)' } },
  { kind: 'checkbox', name: 'keepOptionOrder', label: { zh: '保持选项顺序（不随机打乱）', en: 'Keep option order (do not shuffle)' } },
];

function optionsFromEditor(text: (name: string) => string): Array<{ key: OptionKey; html: string }> {
  return OPTION_KEYS.map((key) => text(`option_${key}`))
    .filter(Boolean)
    .map((html, index) => ({ key: OPTION_KEYS[index]!, html }));
}

/** Letters typed in the editor, read as the xlsx 答案 column reads them; the raw text when not letters (the schema then says why). */
function lettersFromEditor(text: string): OptionKey[] | string | undefined {
  if (text === '') return undefined;
  return parseAnswerLetters(text) ?? text.toUpperCase();
}

function renderChoice(c: ChoiceContent, inputType: 'radio' | 'checkbox', ctx: Parameters<QuestionType['render']>[1]): string {
  const order = ctx.optionOrder ?? c.options.map((_, i) => i);
  const correct = new Set(keysOf(c.answer));
  const parts: string[] = [];
  if (ctx.print) parts.push('<span class="answer-bracket">（　　）</span>');
  parts.push(
    `<ol class="item-options" type="A">${order
      .map((index, position) => {
        const option = c.options[index]!;
        const letter = displayLetter(position);
        const mark = ctx.withKey && correct.has(option.key) ? ' correct' : '';
        const input = ctx.inputName ? `<input type="${inputType}" name="${escapeHtml(ctx.inputName)}" value="${escapeHtml(option.key)}" aria-label="${letter}"> ` : '';
        return `<li class="item-option${mark}" data-key="${escapeHtml(option.key)}"><label>${input}<span class="option-letter">${letter}.</span> <span class="option-text">${option.html}</span></label></li>`;
      })
      .join('')}</ol>`,
  );
  if (ctx.withKey) {
    const letters = order
      .map((index, position) => (correct.has(c.options[index]!.key) ? displayLetter(position) : ''))
      .filter(Boolean)
      .join('');
    parts.push(`<p class="item-key"><strong>${escapeHtml(ctx.labels.answer)}:</strong> ${letters}</p>`);
  }
  return parts.join('');
}

const describeChoice = (c: ChoiceContent): Record<string, string> => ({
  ...Object.fromEntries(c.options.map((o) => [`option ${o.key}`, o.html])),
  answer: keysOf(c.answer).join(','),
});

const writeChoiceCells = (c: ChoiceContent) => ({
  ...Object.fromEntries(c.options.map((o) => [o.key, richTextToCellText(o.html)])),
  answer: keysOf(c.answer).join(','),
  keepOptionOrder: c.keepOptionOrder ? '是' : '否',
});

const choiceStatistics = {
  scoredBy: 'machine',
  scale: 'dichotomous',
  facilityMeaning: { zh: '答对的考生比例', en: 'share of candidates answering correctly' },
  categories: (c: ChoiceContent) => c.options.map((o) => o.key),
  keyed: (c: ChoiceContent) => keysOf(c.answer),
} as const;

const unanswered = (points: number): Score => ({ status: 'unanswered', points: 0, max: points });

/** What 单选 and 多选 share: options with rich text, their order rule, and how they are described. */
const choiceShape = {
  part: 'theory',
  richText: { fields: [], options: true },
  optionCount: (c: ChoiceContent) => c.options.length,
  keepsOptionOrder: (c: ChoiceContent) => c.keepOptionOrder,
  describe: describeChoice,
} as const;

/** Options in display order as `A. text`; the key as display letters. */
const printChoiceBody = (c: ChoiceContent, order: readonly number[] | undefined, text: (html: string) => string) => ({
  lines: (order ?? c.options.map((_, i) => i)).map((index, position) => `${displayLetter(position)}. ${text(c.options[index]!.html)}`),
  bracket: true,
  writingLines: 0,
});
const printChoiceKey = (c: ChoiceContent, order: readonly number[] | undefined) => {
  const correct = new Set(keysOf(c.answer));
  return (order ?? c.options.map((_, i) => i)).map((index, position) => (correct.has(c.options[index]!.key) ? displayLetter(position) : '')).join('');
};
const printChoiceBubbles = (c: ChoiceContent) => c.options.map((_, position) => displayLetter(position));

const writeChoiceEditor = (c: ChoiceContent) => ({
  ...Object.fromEntries(c.options.map((o) => [`option_${o.key}`, o.html])),
  answer: keysOf(c.answer).join(','),
  keepOptionOrder: c.keepOptionOrder ? 'on' : '',
});

export const single: QuestionType<SingleContent, OptionKey> = {
  print: {
    instruction: { zh: '选择一个正确的答案，将相应的字母填入题内的括号中', en: 'Choose the one correct answer and write its letter in the brackets' },
    body: printChoiceBody,
    bubbles: printChoiceBubbles,
    key: printChoiceKey,
  },
  name: 'single',
  label: { zh: '单项选择题', en: 'Single choice' },
  ...choiceShape,
  defaults: { points: 1, estimatedSeconds: 60, optionCount: 4 },
  schema: SingleContentSchema,
  refine: (c, issues) => refineChoice(c, issues, () => ['answer']),
  pointsOf: (c) => c.points ?? 1,
  xlsx: {
    carried: true,
    words: ['单选', '单选题', '单项选择', '单项选择题'],
    label: '单选题',
    labelEn: 'Single choice',
    columns: ['options', 'answer', 'keepOptionOrder'],
    read(row) {
      const letters = lettersFromRow(row);
      let answer: OptionKey | undefined;
      if (letters && letters.length !== 1) row.error('answer', `单选题只能有一个答案，现为“${letters.join(',')}”`, 'A single-choice item has exactly one answer', 'answer.not-single');
      else if (letters) {
        answer = letters[0];
        checkLettersAreOptions(row, letters);
      }
      return { options: optionsFromRow(row), answer, keepOptionOrder: row.keepOptionOrder ?? false };
    },
    write: writeChoiceCells,
    example: {
      type: 'single',
      pointCode: 'BAB002',
      levels: [5, 4, 3],
      difficulty: 2,
      estimatedSeconds: 60,
      stem: '<p>在纯电阻交流电路中，电压与电流的相位关系是（　　）。</p>',
      options: [
        { key: 'A', html: '<p>电压超前电流 90°</p>' },
        { key: 'B', html: '<p>电流超前电压 90°</p>' },
        { key: 'C', html: '<p>电压与电流同相</p>' },
        { key: 'D', html: '<p>电压与电流反相</p>' },
      ],
      answer: 'C',
      explanation: '<p>纯电阻电路中电压与电流同频率、同相位。</p>',
      tags: ['交流电路'],
      points: 1,
    },
  },
  editor: {
    answers: 'one',
    fields: EDITOR_FIELDS,
    read(text) {
      const letters = lettersFromEditor(text('answer'));
      return { options: optionsFromEditor(text), answer: Array.isArray(letters) && letters.length === 1 ? letters[0] : letters, keepOptionOrder: text('keepOptionOrder') === 'on' };
    },
    write: writeChoiceEditor,
  },
  render: (c, ctx) => renderChoice(c, 'radio', ctx),
  response: z.enum(OPTION_KEYS),
  score(c, response, { points }) {
    if (response === undefined) return unanswered(points);
    const correct = response === c.answer;
    return { status: 'scored', points: correct ? points : 0, max: points, correct };
  },
  statistics: { ...choiceStatistics, selected: (_c, response) => [response] },
};

export const multiple: QuestionType<MultipleContent, OptionKey[]> = {
  print: {
    instruction: { zh: '选择正确的答案，将相应的字母填入题内的括号中。多选、少选或错选均不得分', en: 'Choose every correct answer and write the letters in the brackets; any omission or error scores nothing' },
    body: printChoiceBody,
    bubbles: printChoiceBubbles,
    key: printChoiceKey,
  },
  name: 'multiple',
  label: { zh: '多项选择题', en: 'Multiple choice' },
  ...choiceShape,
  defaults: { points: 2, estimatedSeconds: 90, optionCount: 5 },
  schema: MultipleContentSchema,
  refine(c, issues) {
    refineChoice(c, issues, (index) => ['answer', index]);
    if (new Set(c.answer).size !== c.answer.length) issues.addIssue({ code: 'custom', path: ['answer'], message: 'answer letters must not repeat', params: { i18n: 'validation.rule.noRepeat' } });
  },
  pointsOf: (c) => c.points ?? 2,
  xlsx: {
    carried: true,
    words: ['多选', '多选题', '多项选择', '多项选择题'],
    label: '多选题',
    labelEn: 'Multiple choice',
    columns: ['options', 'answer', 'keepOptionOrder'],
    read(row) {
      const letters = lettersFromRow(row);
      if (letters) checkLettersAreOptions(row, letters);
      return { options: optionsFromRow(row), answer: letters, keepOptionOrder: row.keepOptionOrder ?? false };
    },
    write: writeChoiceCells,
    example: {
      type: 'multiple',
      pointCode: 'CA002',
      levels: [4, 3],
      difficulty: 3,
      estimatedSeconds: 90,
      stem: '<p>低压配电系统的接地形式有（　　）。</p>',
      options: [
        { key: 'A', html: '<p>TN-S 系统</p>' },
        { key: 'B', html: '<p>TN-C 系统</p>' },
        { key: 'C', html: '<p>TT 系统</p>' },
        { key: 'D', html: '<p>IT 系统</p>' },
        { key: 'E', html: '<p>Y-Δ 系统</p>' },
      ],
      answer: ['A', 'B', 'C', 'D'],
      explanation: '<p>Y-Δ 是电动机的起动方式，不是接地形式。</p>',
      tags: ['供配电', '接地'],
      points: 2,
    },
  },
  editor: {
    answers: 'many',
    fields: EDITOR_FIELDS,
    read(text) {
      const letters = lettersFromEditor(text('answer'));
      return { options: optionsFromEditor(text), answer: Array.isArray(letters) ? letters : letters === undefined ? [] : [letters], keepOptionOrder: text('keepOptionOrder') === 'on' };
    },
    write: writeChoiceEditor,
  },
  render: (c, ctx) => renderChoice(c, 'checkbox', ctx),
  response: z.array(z.enum(OPTION_KEYS)).max(OPTION_KEYS.length),
  score(c, response, { points, multipleChoice = 'all-or-nothing' }) {
    if (response === undefined || response.length === 0) return unanswered(points);
    const key = new Set(c.answer);
    const chosen = new Set(response);
    const wrong = [...chosen].some((k) => !key.has(k));
    const hits = [...chosen].filter((k) => key.has(k)).length;
    const correct = !wrong && hits === key.size;
    if (multipleChoice === 'partial') return { status: 'scored', points: wrong ? 0 : (points * hits) / key.size, max: points, correct };
    return { status: 'scored', points: correct ? points : 0, max: points, correct };
  },
  statistics: { ...choiceStatistics, selected: (_c, response) => [...new Set(response)] },
};
