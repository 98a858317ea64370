import { expect } from 'chai';
import { z } from 'zod';
import { questionTypes, type QuestionType } from '../../../server/question-types';
import { ItemCommonSchema } from '../../../server/question-types/common';
import { escapeHtml } from '../../../server/question-types/render-kit';
import { editorSections } from '../../../server/question-types/editor-view';
import { parseItemRow, TEMPLATE_LAYOUT } from '../../../server/bank/interchange/xlsx-format';
import { readItemRowsFromXlsx, checkXlsxImport } from '../../../server/bank/interchange/xlsx-import';
import { writeItemsXlsx } from '../../../server/bank/interchange/xlsx-export';
import { writeBankExport } from '../../../server/bank/interchange/json-export';
import { contentFromEditor, editorFromContent } from '../../../server/bank/editor-form';
import { renderItem } from '../../../server/bank/render';
import { ItemContentSchema, type ItemContent } from '../../../server/bank/item-schema';
import { sanitizeItemRichText } from '../../../server/bank/interchange/rich-text';
import { collect, memorySink } from '../interchange/helpers';

/**
 * A type the platform has never heard of — 填空题 (fill in the blank) — defined here, in the
 * test, and registered: it flows through xlsx import and export, the JSON export, the editor
 * and rendering without any other file knowing about it.
 */
const FillSchema = ItemCommonSchema.extend({ type: z.literal('fill'), blank: z.string().trim().min(1).max(200) });
type FillContent = z.infer<typeof FillSchema>;

const fill: QuestionType<FillContent, string> = {
  name: 'fill',
  label: { zh: '填空题', en: 'Fill in the blank' },
  part: 'theory',
  defaults: { points: 1, estimatedSeconds: 45, optionCount: 0 },
  schema: FillSchema,
  pointsOf: (c) => c.points ?? 1,
  richText: { fields: [], options: false },
  optionCount: () => 0,
  keepsOptionOrder: () => true,
  describe: (c) => ({ blank: c.blank }),
  print: { instruction: { zh: '在横线上填写答案', en: 'Fill in the blank' }, body: () => ({ lines: [], bracket: false, writingLines: 1 }), bubbles: () => [], key: (c) => c.blank },
  xlsx: {
    carried: true,
    words: ['填空', '填空题'],
    label: '填空题',
    labelEn: 'Fill-in',
    columns: ['answer'],
    fieldColumns: { blank: 'answer' },
    read(row) {
      if (!row.text('answer')) row.error('answer', '答案不能为空', 'Answer is empty', 'answer.empty');
      return { blank: row.text('answer') };
    },
    write: (c) => ({ answer: c.blank }),
  },
  editor: {
    fields: [{ kind: 'text', name: 'blank', label: { zh: '空格答案', en: 'Blank answer' } }],
    read: (text) => ({ blank: text('blank') }),
    write: (c) => ({ blank: c.blank }),
  },
  render(c, { withKey, inputName, labels }) {
    const input = inputName ? `<input class="item-blank" name="${escapeHtml(inputName)}">` : '';
    return `${input}${withKey ? `<p class="item-key"><strong>${escapeHtml(labels.answer)}:</strong> ${escapeHtml(c.blank)}</p>` : ''}`;
  },
  response: z.string().max(200),
  score(c, response, { points }) {
    if (response === undefined) return { status: 'unanswered', points: 0, max: points };
    const correct = response.trim() === c.blank;
    return { status: 'scored', points: correct ? points : 0, max: points, correct };
  },
  statistics: { scoredBy: 'machine', scale: 'dichotomous', facilityMeaning: { zh: '答对的考生比例', en: 'share correct' } },
};

const toy: FillContent = {
  type: 'fill',
  pointCode: 'BA001',
  levels: [5],
  difficulty: 2,
  estimatedSeconds: 45,
  stem: '<p>我国工频交流电的频率是（　　）Hz。</p>',
  explanation: '',
  tags: ['交流电'],
  blank: '50',
};

describe('a question type registered from outside (toy type 填空题)', () => {
  let unregister: () => void;
  before(() => {
    unregister = questionTypes.register(fill);
  });
  after(() => unregister());

  it('is valid item content once registered, and was not before', () => {
    expect(ItemContentSchema.safeParse(toy).success).to.equal(true);
    unregister();
    expect(ItemContentSchema.safeParse(toy).success).to.equal(false);
    unregister = questionTypes.register(fill);
  });

  it('is read from a sheet row by its 题型 word, with its own column errors', () => {
    const row = parseItemRow({ type: '填空题', stem: '频率是多少？', answer: '50', difficulty: '2', pointCode: 'BA001', levels: '5' }, 2, TEMPLATE_LAYOUT);
    expect(row.errors).to.deep.equal([]);
    expect(row.item).to.deep.include({ type: 'fill', blank: '50', estimatedSeconds: 45 });
    const bad = parseItemRow({ type: '填空', stem: '频率？', difficulty: '2', pointCode: 'BA001', levels: '5', A: '多余的选项' }, 3, TEMPLATE_LAYOUT);
    expect(bad.errors.map((e) => [e.column, e.code])).to.deep.equal([
      ['选项A', 'options.not-allowed'],
      ['答案', 'answer.empty'],
    ]);
    expect(bad.errors[0]!.message).to.equal('填空题不填写选项，请清空选项列');
  });

  it('goes out to xlsx and comes back identical, and is counted in the dry run', async () => {
    const content = ItemContentSchema.parse(toy) as unknown as ItemContent;
    const sink = memorySink();
    const summary = await writeItemsXlsx([{ code: 'BA001-009', content }], sink.stream);
    expect(summary).to.deep.equal({ rows: 1, skipped: [], sheetRows: {} });
    const [result] = await collect(readItemRowsFromXlsx(sink.buffer()));
    expect(result!.errors).to.deep.equal([]);
    expect(result!.code).to.equal('BA001-009');
    expect(result!.item).to.deep.equal({ ...content, stem: '<p>我国工频交流电的频率是（　　）Hz。</p>' });
    const report = await checkXlsxImport(sink.buffer());
    expect(report.byType.fill).to.equal(1);
  });

  it('goes out in the JSON bank export, checked by the same content rules', async () => {
    const sink = memorySink();
    const written = await writeBankExport(
      { bank: { code: 'T-1', name: '测试题库', tier: 'national', occupationCode: '6-31-01-03', standardEdition: '2018' }, exportedAt: '2024-05-06T01:02:03Z' },
      [{ code: 'BA001-009', status: 'approved', version: 1, content: toy as never }],
      sink.stream,
    );
    expect(written.items).to.equal(1);
    const doc = JSON.parse(sink.buffer().toString('utf8')) as { items: Array<{ content: unknown }> };
    expect(doc.items[0]!.content).to.deep.equal(toy);
  });

  it('has its own section in the editor, and the editor reads and writes its fields', () => {
    const sections = editorSections(questionTypes, 'zh-CN', { type: 'fill', blank: '50' });
    const section = sections.find((s) => s.forTypes === 'fill');
    expect(section?.fields.map((f) => [f.name, f.label, f.value])).to.deep.equal([['blank', '空格答案', '50']]);
    const fields = { type: 'fill', pointCode: 'BA001', levels: ['5'], difficulty: '2', estimatedSeconds: '45', stem: toy.stem, tags: '交流电', blank: ' 50 ' };
    const content = ItemContentSchema.parse(contentFromEditor(fields));
    expect(content).to.deep.equal(toy);
    expect(editorFromContent(content)).to.include({ type: 'fill', blank: '50', tags: '交流电' });
  });

  it('renders for the candidate without its key and for the reviewer with it; scores through its module', () => {
    const candidate = renderItem(toy, { withKey: false, inputName: 'q1' });
    expect(candidate).to.contain('class="item item-fill"').and.contain('<input class="item-blank" name="q1">').and.not.contain('50');
    expect(renderItem(toy, { withKey: true })).to.contain('<strong>答案:</strong> 50');
    expect(questionTypes.get('fill').score(toy, ' 50', { points: 2 })).to.deep.equal({ status: 'scored', points: 2, max: 2, correct: true });
    expect(sanitizeItemRichText({ ...toy, stem: '<p onclick="x">题</p>' }).stem).to.equal('<p>题</p>');
  });
});
