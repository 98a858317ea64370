import { expect } from 'chai';
import fc from 'fast-check';
import { questionTypes } from '../../../server/question-types';
import { OPTION_KEYS, type OptionKey } from '../../../server/question-types/common';
import { ItemContentSchema, type ItemContent } from '../../../server/bank/item-schema';

const common = { pointCode: 'BA001', levels: [5], difficulty: 3, estimatedSeconds: 60, stem: '<p>题干</p>', explanation: '', tags: [] };
const options = (n: number) => OPTION_KEYS.slice(0, n).map((key) => ({ key, html: `<p>${key}</p>` }));
const judge = ItemContentSchema.parse({ ...common, type: 'judge', answer: true });
const single = ItemContentSchema.parse({ ...common, type: 'single', options: options(4), answer: 'B' });
const multiple = ItemContentSchema.parse({ ...common, type: 'multiple', options: options(5), answer: ['A', 'C', 'D'] });
const short = ItemContentSchema.parse({ ...common, type: 'short', referenceAnswer: '<p>答</p>', markingPoints: [{ text: '要点', points: 10 }] });
const skill = ItemContentSchema.parse({
  ...common,
  type: 'skill',
  timeAllowedMinutes: 60,
  scoringRows: [
    { element: '接线', requirement: '正确', points: 60, deductionRules: '错一处扣 10 分' },
    { element: '安全', requirement: '文明', points: 40, deductionRules: '违规扣 20 分', veto: true },
  ],
});

const score = (content: ItemContent, response: unknown, opts: { points: number; multipleChoice?: 'all-or-nothing' | 'partial' }) => questionTypes.of(content).score(content, response, opts);

describe('question types: responses and scoring (pure)', () => {
  it('judges 判断 and 单选 by exact match; no response is unanswered, never negative', () => {
    expect(score(judge, true, { points: 1 })).to.deep.equal({ status: 'scored', points: 1, max: 1, correct: true });
    expect(score(judge, false, { points: 1 })).to.deep.equal({ status: 'scored', points: 0, max: 1, correct: false });
    expect(score(single, 'B', { points: 1 })).to.include({ points: 1, correct: true });
    expect(score(single, 'A', { points: 1 })).to.include({ points: 0, correct: false });
    expect(score(single, undefined, { points: 1 })).to.deep.equal({ status: 'unanswered', points: 0, max: 1 });
  });

  it('scores 多选 all or nothing by default: 多选、少选或错选均不得分', () => {
    expect(score(multiple, ['D', 'A', 'C'], { points: 2 })).to.deep.equal({ status: 'scored', points: 2, max: 2, correct: true });
    expect(score(multiple, ['A', 'C'], { points: 2 })).to.include({ points: 0, correct: false });
    expect(score(multiple, ['A', 'C', 'D', 'E'], { points: 2 })).to.include({ points: 0, correct: false });
    expect(score(multiple, [], { points: 2 })).to.include({ status: 'unanswered' });
  });

  it('gives 多选 partial credit as an option: a share per correct choice, nothing with any wrong choice', () => {
    expect(score(multiple, ['A', 'C'], { points: 3, multipleChoice: 'partial' })).to.include({ points: 2, correct: false });
    expect(score(multiple, ['A', 'B'], { points: 3, multipleChoice: 'partial' })).to.include({ points: 0 });
    expect(score(multiple, ['A', 'C', 'D'], { points: 3, multipleChoice: 'partial' })).to.include({ points: 3, correct: true });
  });

  it('never scores 多选 above the points, and partial credit is never below all-or-nothing', () => {
    fc.assert(
      fc.property(fc.subarray([...OPTION_KEYS.slice(0, 5)] as OptionKey[], { minLength: 1 }), fc.integer({ min: 1, max: 10 }), (chosen, points) => {
        const strict = score(multiple, chosen, { points });
        const partial = score(multiple, chosen, { points, multipleChoice: 'partial' });
        if (strict.status !== 'scored' || partial.status !== 'scored') return false;
        return strict.points <= partial.points && partial.points <= points && partial.points >= 0 && strict.correct === partial.correct;
      }),
    );
  });

  it('leaves short answers to examiners', () => {
    expect(score(short, '电流', { points: 10 })).to.deep.equal({ status: 'needs-marking', max: 10 });
    expect(score(short, '  ', { points: 10 })).to.include({ status: 'unanswered' });
  });

  it('scores a skill sheet from its deductions, capped per row, and a veto voids the task', () => {
    expect(score(skill, { deductions: [10, 20], vetoed: false }, { points: 100 })).to.include({ points: 70 });
    expect(score(skill, { deductions: [90, 0], vetoed: false }, { points: 100 })).to.include({ points: 40 });
    expect(score(skill, { deductions: [0, 0], vetoed: true }, { points: 100 })).to.include({ points: 0 });
    expect(score(skill, { deductions: [0, 0], vetoed: false }, { points: 50 })).to.include({ points: 50, correct: true });
  });

  it('validates responses with each type’s schema', () => {
    expect(questionTypes.get('judge').response.safeParse(true).success).to.equal(true);
    expect(questionTypes.get('single').response.safeParse('Z').success).to.equal(false);
    expect(questionTypes.get('multiple').response.safeParse(['A', 'C']).success).to.equal(true);
    expect(questionTypes.get('multiple').response.safeParse('A').success).to.equal(false);
    expect(questionTypes.get('skill').response.safeParse({ deductions: [-1] }).success).to.equal(false);
  });

  it('says what its statistics mean: option categories for choice items, none for rated ones', () => {
    const stats = (c: ItemContent) => questionTypes.of(c).statistics;
    expect(stats(multiple).categories?.(multiple)).to.deep.equal(['A', 'B', 'C', 'D', 'E']);
    expect(stats(multiple).selected?.(multiple, ['C', 'A', 'C'])).to.deep.equal(['C', 'A']);
    expect(stats(judge).categories?.(judge)).to.deep.equal(['true', 'false']);
    expect(stats(short)).to.include({ scoredBy: 'examiners', scale: 'graded' });
    expect(stats(short).categories).to.equal(undefined);
  });
});
