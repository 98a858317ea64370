import { z } from 'zod';
import { ItemCommonSchema, type LocalText } from './common';
import { parseJudgeAnswer } from './parsers';
import { escapeHtml } from './render-kit';
import type { QuestionType } from './types';

/** 判断题: one declarative sentence, true or false; a wrong answer scores 0 (no negative marking). */
export const JudgeContentSchema = ItemCommonSchema.extend({ type: z.literal('judge'), answer: z.boolean() });
export type JudgeContent = z.infer<typeof JudgeContentSchema>;

const TRUE_LABEL: LocalText = { zh: '正确 √', en: 'True √' };
const FALSE_LABEL: LocalText = { zh: '错误 ×', en: 'False ×' };

export const judge: QuestionType<JudgeContent, boolean> = {
  name: 'judge',
  label: { zh: '判断题', en: 'True/false' },
  part: 'theory',
  defaults: { points: 1, estimatedSeconds: 30, optionCount: 0 },
  schema: JudgeContentSchema,
  pointsOf: (c) => c.points ?? 1,
  richText: { fields: [], options: false },
  optionCount: () => 0,
  keepsOptionOrder: () => true,
  describe: (c) => ({ answer: c.answer ? '√' : '×' }),
  print: {
    instruction: { zh: '将判断结果填入括号中。正确的填“√”，错误的填“×”', en: 'Write √ in the brackets if the statement is true, × if it is false' },
    body: () => ({ lines: [], bracket: true, writingLines: 0 }),
    bubbles: () => ['√', '×'],
    key: (c) => (c.answer ? '√' : '×'),
  },

  xlsx: {
    carried: true,
    words: ['判断', '判断题', '是非题'],
    label: '判断题',
    labelEn: 'True/false',
    columns: ['answer'],
    read(row) {
      const text = row.text('answer');
      if (!text) {
        row.error('answer', '答案不能为空，判断题填 对 或 错', 'Answer is empty; write 对 or 错', 'answer.empty');
        return {};
      }
      const answer = parseJudgeAnswer(text);
      if (answer === undefined) row.error('answer', `无法识别的判断题答案“${text}”，应为 对/错、√/×、正确/错误 或 T/F`, `Unknown true/false answer "${text}"`, 'answer.unknown');
      return { answer };
    },
    write: (c) => ({ answer: c.answer ? '对' : '错' }),
    example: {
      type: 'judge',
      pointCode: 'BB001',
      levels: [5, 4],
      difficulty: 1,
      estimatedSeconds: 30,
      stem: '<p>使用万用表测量电阻时，可以在被测电路带电的情况下进行测量。</p>',
      answer: false,
      explanation: '<p>测量电阻前必须断开被测电路的电源，否则会损坏仪表，读数也不准确。</p>',
      tags: ['电工仪表', '安全'],
    },
  },

  editor: {
    fields: [{ kind: 'radio', name: 'judgeAnswer', label: { zh: '判断答案', en: 'Answer' }, choices: [{ value: 'true', label: TRUE_LABEL }, { value: 'false', label: FALSE_LABEL }] }],
    read: (text) => ({ answer: parseJudgeAnswer(text('judgeAnswer')) }),
    write: (c) => ({ judgeAnswer: String(c.answer) }),
    fieldOf: { answer: 'judgeAnswer' },
  },

  render(c, { withKey, inputName, print, labels: l }) {
    const parts: string[] = [];
    if (inputName) {
      const name = escapeHtml(inputName);
      parts.push(`<div class="item-judge"><label><input type="radio" name="${name}" value="true"> ${l.correct}</label> <label><input type="radio" name="${name}" value="false"> ${l.wrong}</label></div>`);
    } else if (print) parts.push('<p class="answer-bracket">（　　）</p>');
    if (withKey) parts.push(`<p class="item-key"><strong>${escapeHtml(l.answer)}:</strong> ${c.answer ? l.correct : l.wrong}</p>`);
    return parts.join('');
  },

  response: z.boolean(),
  score(c, response, { points }) {
    if (response === undefined) return { status: 'unanswered', points: 0, max: points };
    const correct = response === c.answer;
    return { status: 'scored', points: correct ? points : 0, max: points, correct };
  },
  statistics: {
    scoredBy: 'machine',
    scale: 'dichotomous',
    facilityMeaning: { zh: '答对的考生比例', en: 'share of candidates answering correctly' },
    categories: () => ['true', 'false'],
    selected: (_c, response) => [String(response)],
    keyed: (c) => [String(c.answer)],
  },
};
