import { expect } from 'chai';
import { compareRows } from '../../../server/bank/compare';
import type { ItemContent } from '../../../server/bank/item-schema';

describe('version compare: Chinese field names, readable content, changes marked', () => {
  const before = {
    type: 'single',
    pointCode: 'B001',
    levels: [5, 4],
    difficulty: 3,
    estimatedSeconds: 60,
    stem: '<p>电阻 R<sub>1</sub> 为 10 Ω，电流为 2 A，电压为（　）。</p>',
    options: [
      { key: 'A', html: '<p>5 V</p>' },
      { key: 'B', html: '<p>20 V</p>' },
    ],
    answer: 'B',
    keepOptionOrder: false,
    explanation: '',
    tags: ['欧姆定律'],
  } as unknown as ItemContent;
  const after = { ...before, levels: [5], stem: '<p>电阻 R<sub>1</sub> 为 20 Ω，电流为 2 A，电压为（　）。</p>', options: [{ key: 'A', html: '<p>5 V</p>' }, { key: 'B', html: '<p>40 V</p>' }] } as unknown as ItemContent;

  it('labels every field in Chinese and reads rich text as text, not markup', () => {
    const rows = compareRows(before, after, 'zh-CN');
    const labels = rows.map((r) => r.label);
    expect(labels.slice(0, 6)).to.deep.equal(['题型', '鉴定点', '适用等级', '难度', '预计用时（秒）', '题干']);
    expect(labels).to.include('选项 A');
    expect(labels).to.include('答案');
    expect(labels).to.include('保持选项顺序');
    expect(labels.join('')).to.not.match(/[a-z]{3,}/i);
    const type = rows.find((r) => r.field === 'type')!;
    expect(type.leftHtml).to.equal('单项选择题');
    const stem = rows.find((r) => r.field === 'stem')!;
    expect(stem.leftHtml).to.not.contain('&lt;p&gt;');
    expect(stem.leftHtml).to.contain('R_1');
  });

  it('marks exactly what changed: removed on the old side, added on the new, and nothing else', () => {
    const rows = compareRows(before, after, 'zh-CN');
    expect(rows.filter((r) => r.changed).map((r) => r.field)).to.deep.equal(['levels', 'stem', 'option B']);
    const stem = rows.find((r) => r.field === 'stem')!;
    expect(stem.leftHtml).to.contain('<del>1</del>');
    expect(stem.rightHtml).to.contain('<ins>2</ins>');
    const levels = rows.find((r) => r.field === 'levels')!;
    expect(levels.leftHtml).to.equal('五级/初级工<del>、四级/中级工</del>');
    expect(levels.rightHtml).to.equal('五级/初级工');
    expect(rows.filter((r) => !r.changed).every((r) => !/<(ins|del)>/.test(r.leftHtml + r.rightHtml))).to.equal(true);
  });

  it('escapes what it shows', () => {
    const evil = { ...after, tags: ['<script>alert(1)</script>'] } as unknown as ItemContent;
    const tags = compareRows(before, evil, 'zh-CN').find((r) => r.field === 'tags')!;
    expect(tags.rightHtml).to.not.contain('<script>');
    expect(tags.rightHtml).to.contain('&lt;');
  });
});
