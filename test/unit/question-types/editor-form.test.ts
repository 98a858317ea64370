import { expect } from 'chai';
import { contentFromEditor, editorFromContent } from '../../../server/bank/editor-form';
import { ItemContentSchema } from '../../../server/bank/item-schema';

const base = { pointCode: 'BA001', levels: ['5', '4'], difficulty: '2', estimatedSeconds: '60', stem: '题干', explanation: '' };

describe('item editor form (the same parsers as the xlsx import)', () => {
  it('splits tags on every separator the template accepts', () => {
    const c = contentFromEditor({ ...base, type: 'judge', judgeAnswer: 'true', tags: '安全, 仪表；接地;供配电、 计算，' });
    expect(c.tags).to.deep.equal(['安全', '仪表', '接地', '供配电', '计算']);
  });

  it('reads answer letters written as in the 答案 column', () => {
    for (const written of ['A,C', 'A，C', 'AC', 'a c', 'A、C', 'A;C', 'A；C']) {
      const c = contentFromEditor({ ...base, type: 'multiple', option_A: '甲', option_B: '乙', option_C: '丙', answer: written });
      expect(c.answer, written).to.deep.equal(['A', 'C']);
    }
    expect(contentFromEditor({ ...base, type: 'single', option_A: '甲', option_B: '乙', answer: ' b ' }).answer).to.equal('B');
    // Two letters for a single-choice item are not silently cut to one: the schema refuses them.
    const two = contentFromEditor({ ...base, type: 'single', option_A: '甲', option_B: '乙', answer: 'AB' });
    expect(ItemContentSchema.safeParse(two).success).to.equal(false);
  });

  it('reads judge answers, marking points (要点|分值 or 要点（4分）) and skill rows with veto words', () => {
    expect(contentFromEditor({ ...base, type: 'judge', judgeAnswer: 'false' }).answer).to.equal(false);
    expect(contentFromEditor({ ...base, type: 'short', referenceAnswer: '答', markingPoints: '公式|4\n代入（3分）\n\n结果 | 3' }).markingPoints).to.deep.equal([
      { text: '公式', points: 4 },
      { text: '代入', points: 3 },
      { text: '结果', points: 3 },
    ]);
    const skill = contentFromEditor({
      ...base,
      type: 'skill',
      timeAllowedMinutes: '60',
      venuePreparation: '电工工具\n\n万用表',
      scoringRows: '接线|按图接线|60|错一处扣10分|否\n安全|文明操作|40|违规扣20分|是\n清理|现场|0|—|否决\n其他|—|1|—|√',
    });
    expect(skill.venuePreparation).to.deep.equal(['电工工具', '万用表']);
    expect((skill.scoringRows as Array<{ element: string; points: number; veto: boolean }>).map((r) => [r.element, r.points, r.veto])).to.deep.equal([
      ['接线', 60, false],
      ['安全', 40, true],
      ['清理', 0, true],
      ['其他', 1, true],
    ]);
  });

  it('round-trips every type through the form', () => {
    const contents = [
      { type: 'judge', answer: true },
      { type: 'single', options: [{ key: 'A', html: '甲' }, { key: 'B', html: '乙' }], answer: 'B', keepOptionOrder: true },
      { type: 'multiple', options: [{ key: 'A', html: '甲' }, { key: 'B', html: '乙' }, { key: 'C', html: '丙' }], answer: ['A', 'C'], keepOptionOrder: false },
      { type: 'short', referenceAnswer: '答', markingPoints: [{ text: '公式', points: 4 }, { text: '结果', points: 6 }], points: 10 },
      { type: 'skill', venuePreparation: ['工具'], candidatePreparation: [], timeAllowedMinutes: 60, scoringRows: [{ element: '接线', requirement: '正确', points: 100, deductionRules: '扣分', veto: false }] },
    ].map((own) => ItemContentSchema.parse({ pointCode: 'BA001', levels: [5, 4], difficulty: 2, estimatedSeconds: 60, stem: '题干', explanation: '解析', tags: ['甲', '乙'], enemyGroup: 'G1', ...own }));
    for (const content of contents) {
      const fields = editorFromContent(content);
      const back = ItemContentSchema.parse(contentFromEditor({ ...fields, levels: (fields.levels as number[]).map(String) } as Record<string, string | string[]>));
      expect(back, content.type).to.deep.equal(content);
    }
  });
});
