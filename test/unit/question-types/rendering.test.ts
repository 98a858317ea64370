import { expect } from 'chai';
import { questionTypes } from '../../../server/question-types';
import { renderFor } from '../../../server/bank/render';
import { ItemContentSchema, type ItemContent } from '../../../server/bank/item-schema';
import { templateExamples } from '../../../server/bank/interchange/template-examples';

const skill = ItemContentSchema.parse({
  type: 'skill',
  pointCode: 'JA001',
  levels: [4],
  difficulty: 3,
  estimatedSeconds: 3600,
  stem: '<p>安装一个单相电能表电路。</p>',
  explanation: '<p>评分时注意接线顺序。</p>',
  venuePreparation: ['单相电能表'],
  timeAllowedMinutes: 60,
  scoringRows: [{ element: '接线', requirement: '正确', points: 100, deductionRules: '错一处扣 10 分', veto: true }],
});
const contents: ItemContent[] = [...templateExamples().map((e) => ItemContentSchema.parse(e)), skill];

describe('question types: rendering per audience', () => {
  it('has an example of every built-in type', () => {
    expect(new Set(contents.map((c) => c.type))).to.deep.equal(new Set(questionTypes.names()));
  });

  for (const content of contents) {
    it(`${content.type}: the candidate and print views carry no key, the reviewer's does`, () => {
      for (const audience of ['candidate', 'print'] as const) {
        const html = renderFor(audience, content, { inputName: audience === 'candidate' ? 'q1' : undefined });
        expect(html, audience).not.to.match(/item-key|item-explanation|scoring-sheet|correct"/);
        if (content.explanation) expect(html, audience).not.to.contain(content.explanation);
      }
      const reviewer = renderFor('reviewer', content);
      expect(reviewer).to.match(/item-key|scoring-sheet/);
      expect(reviewer).to.contain(`class="item item-${content.type}"`);
    });
  }

  it('prints answer brackets for objective items and writing space for short answers', () => {
    const byType = new Map(contents.map((c) => [c.type, c]));
    expect(renderFor('print', byType.get('judge')!)).to.contain('answer-bracket');
    expect(renderFor('print', byType.get('single')!)).to.contain('answer-bracket');
    expect(renderFor('print', byType.get('short')!)).to.contain('answer-space');
  });
});
