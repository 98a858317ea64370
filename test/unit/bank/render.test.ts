import { expect } from 'chai';
import { renderItem } from '../../../server/bank/render';
import type { ItemContent } from '../../../server/bank/item-schema';

const single: ItemContent = {
  type: 'single',
  pointCode: 'B002',
  levels: [5],
  difficulty: 2,
  estimatedSeconds: 60,
  stem: '<p>电流的单位是（　）。</p>',
  options: [
    { key: 'A', html: '伏特' },
    { key: 'B', html: '安培' },
    { key: 'C', html: '欧姆' },
    { key: 'D', html: '瓦特' },
  ],
  answer: 'B',
  keepOptionOrder: false,
  explanation: '<p>电流单位为安培 A。</p>',
  tags: [],
};

describe('item rendering (what the candidate sees)', () => {
  it('shows stem and lettered options without the key for candidates', () => {
    const html = renderItem(single, { withKey: false });
    expect(html).to.contain('电流的单位是');
    expect(html).to.match(/A\.<\/span> <span class="option-text">伏特/);
    expect(html).not.to.contain('答案');
    expect(html).not.to.contain('correct');
    expect(html).not.to.contain('电流单位为安培');
  });

  it('relabels options in display order, so the key follows the shuffle', () => {
    const html = renderItem(single, { withKey: true, optionOrder: [3, 1, 0, 2] });
    const texts = [...html.matchAll(/<span class="option-letter">([A-H])\.<\/span> <span class="option-text">([^<]+)/g)].map((m) => `${m[1]}${m[2]}`);
    expect(texts).to.deep.equal(['A瓦特', 'B安培', 'C伏特', 'D欧姆']);
    expect(html).to.contain('<strong>答案:</strong> B</p>');
  });

  it('escapes plain-text fields of skill tasks', () => {
    const html = renderItem(
      {
        type: 'skill',
        pointCode: 'E001',
        levels: [5],
        difficulty: 3,
        estimatedSeconds: 3600,
        stem: '<p>安装照明线路</p>',
        explanation: '',
        tags: [],
        venuePreparation: ['<b>配电板</b>'],
        candidatePreparation: [],
        timeAllowedMinutes: 60,
        scoringRows: [{ element: '安全', requirement: '规范操作', points: 100, deductionRules: '违规扣 10 分', veto: true }],
      },
      { withKey: true },
    );
    expect(html).to.contain('&lt;b&gt;配电板&lt;/b&gt;');
    expect(html).to.contain('否决项');
  });
});
