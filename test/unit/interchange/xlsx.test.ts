import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { ItemContentSchema, OPTION_KEYS, type ItemContent } from '../../../server/bank/item-schema';
import { SCHEMA_DIR } from '../../../server/bank/interchange/json-schemas';
import { TEMPLATE_EXAMPLES } from '../../../server/bank/interchange/template-examples';
import {
  XLSX_COLUMNS,
  XLSX_CORE_HEADERS,
  XLSX_HEADERS,
  parseAnswerLetters,
  parseDifficulty,
  parseItemRow,
  parseJudgeAnswer,
  parseLevels,
  parseMarkingPoints,
  parseTags,
  type ColumnKey,
  type RowLayout,
  type RowTexts,
} from '../../../server/bank/interchange/xlsx-format';
import { checkXlsxImport, readItemRowsFromXlsx, type XlsxRowResult } from '../../../server/bank/interchange/xlsx-import';
import { writeItemsXlsx, writeTemplateXlsx } from '../../../server/bank/interchange/xlsx-export';
import { sanitizeRichText, textToRichText } from '../../../server/bank/interchange/rich-text';
import { collect, errorTuples, memorySink, resolveExamplePoint, workbookBuffer } from './helpers';

/** One template row from named cells. */
function row(cells: Partial<Record<ColumnKey, unknown>>): unknown[] {
  return XLSX_COLUMNS.map((c) => cells[c.key] ?? null);
}

const OPTIONS4 = { A: '电压超前电流 90°', B: '电流超前电压 90°', C: '电压与电流同相', D: '电压与电流反相' };

describe('interchange: Excel format', () => {
  it('has the documented headers, core columns first and in order', () => {
    expect(XLSX_CORE_HEADERS).to.deep.equal(['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '选项G', '选项H', '答案', '解析', '难度', '鉴定点', '分值', '标签']);
    expect(XLSX_HEADERS.slice(16)).to.deep.equal(['适用等级', '预计用时(秒)', '互斥组', '选项顺序固定', '评分要点', '试题编号']);
  });

  describe('cell vocabularies', () => {
    it('reads answers', () => {
      expect(parseAnswerLetters('A')).to.deep.equal(['A']);
      expect(parseAnswerLetters('A,C')).to.deep.equal(['A', 'C']);
      expect(parseAnswerLetters('A，C')).to.deep.equal(['A', 'C']);
      expect(parseAnswerLetters('a c、d')).to.deep.equal(['A', 'C', 'D']);
      expect(parseAnswerLetters('ＡＣ')).to.deep.equal(['A', 'C']);
      expect(parseAnswerLetters('AC')).to.deep.equal(['A', 'C']);
      expect(parseAnswerLetters('A,Z')).to.equal(undefined);
      expect(parseAnswerLetters('对')).to.equal(undefined);
      for (const t of ['对', '√', '正确', 'T', 'true', 'TRUE', '✓']) expect(parseJudgeAnswer(t), t).to.equal(true);
      for (const t of ['错', '×', '错误', 'F', 'false', 'X', '✗']) expect(parseJudgeAnswer(t), t).to.equal(false);
      expect(parseJudgeAnswer('可能')).to.equal(undefined);
    });

    it('reads difficulty, levels, tags and marking points', () => {
      expect([1, 2, 3, 4, 5].map(String).map(parseDifficulty)).to.deep.equal([1, 2, 3, 4, 5]);
      expect(['易', '较易', '中等', '较难', '难'].map(parseDifficulty)).to.deep.equal([1, 2, 3, 4, 5]);
      expect(parseDifficulty('6')).to.equal(undefined);
      expect(parseLevels('5,4')).to.deep.equal({ levels: [5, 4] });
      expect(parseLevels('五级，四级')).to.deep.equal({ levels: [5, 4] });
      expect(parseLevels('五级/初级工、三级/高级工')).to.deep.equal({ levels: [5, 3] });
      expect(parseLevels('技师 高级技师')).to.deep.equal({ levels: [2, 1] });
      expect(parseLevels('五级/技师')).to.deep.equal({ bad: '五级/技师' });
      expect(parseLevels('六级')).to.deep.equal({ bad: '六级' });
      expect(parseTags('安全, 仪表；接地;供配电、 计算，')).to.deep.equal(['安全', '仪表', '接地', '供配电', '计算']);
      expect(parseMarkingPoints('写出公式（4分）\n代入数据 (3)\n\n结果（1.5 分）')).to.deep.equal({
        points: [
          { text: '写出公式', points: 4 },
          { text: '代入数据', points: 3 },
          { text: '结果', points: 1.5 },
        ],
      });
      expect(parseMarkingPoints('写出公式')).to.deep.equal({ bad: '写出公式' });
    });
  });

  describe('import', () => {
    const header = [...XLSX_HEADERS];
    const rows = [
      header,
      // 2 judge; levels from the point
      row({ type: '判断', stem: '使用万用表测量电阻时，可以在被测电路带电的情况下进行测量。', answer: '×', difficulty: '易', pointCode: 'BB001', tags: '安全、仪表' }),
      // 3 single, lower-case answer, explicit levels in Chinese, a code (update)
      row({ type: '单项选择题', stem: '纯电阻交流电路中电压与电流的相位关系是（　　）。', ...OPTIONS4, answer: 'c', difficulty: 2, pointCode: 'BA001', points: 1, levels: '五级,四级', code: 'BA001-005' }),
      // 4 multiple with a Chinese comma and a word difficulty
      row({ type: '多选', stem: '低压配电系统的接地形式有（　　）。', A: 'TN-S', B: 'TN-C', C: 'TT', D: 'IT', E: 'Y-Δ', answer: 'A，B，C，D', difficulty: '较难', pointCode: 'CA002', keepOptionOrder: '否' }),
      // 5 short with marking points
      row({ type: '计算题', stem: '求额定电流 I<sub>N</sub>。', answer: 'I = P / (√3 U cosφ η) ≈ 15.4 A', difficulty: 3, pointCode: 'CA001', points: 10, markingPoints: '写出公式（4分）\n代入数据（3分）\n结果与单位（3分）' }),
      // 6 empty
      row({}),
      // 7 unknown type
      row({ type: '填空题', stem: '电阻的单位是____。', answer: '欧姆', difficulty: 1, pointCode: 'BA001' }),
      // 8 option gap, answer on an empty option
      row({ type: '单选', stem: '题干', A: '甲', C: '丙', answer: 'E', difficulty: 1, pointCode: 'BA001' }),
      // 9 multiple with one answer, difficulty 6
      row({ type: '多选题', stem: '题干', A: '甲', B: '乙', C: '丙', answer: 'A', difficulty: 6, pointCode: 'BA001' }),
      // 10 judge with options and an unreadable answer
      row({ type: '判断题', stem: '题干', A: '对', answer: '可能', difficulty: 1, pointCode: 'BA001' }),
      // 11 unknown appraisal point
      row({ type: '判断', stem: '题干', answer: '对', difficulty: 1, pointCode: 'XX999' }),
      // 12 skill tasks are refused
      row({ type: '技能操作', stem: '安装正反转控制线路', difficulty: 3, pointCode: 'AA001' }),
      // 13 empty stem
      row({ type: '单选', ...OPTIONS4, answer: 'A', difficulty: 1, pointCode: 'BA001' }),
      // 14 code of another point
      row({ type: '判断', stem: '题干', answer: '对', difficulty: 1, pointCode: 'BB001', code: 'BA001-001' }),
      // 15 code repeats row 3
      row({ type: '判断', stem: '题干', answer: '对', difficulty: 1, pointCode: 'BA001', code: 'ba001-005' }),
      // 16 seven options on a single
      row({ type: '单选', stem: '题干', A: '1', B: '2', C: '3', D: '4', E: '5', F: '6', G: '7', answer: 'A', difficulty: 1, pointCode: 'BA001' }),
      // 17 bad time and level
      row({ type: '判断', stem: '题干', answer: '对', difficulty: 1, pointCode: 'BA001', estimatedSeconds: 'abc', levels: '六级' }),
      // 18 marking points that do not add up to the points
      row({ type: '简答', stem: '题干', answer: '参考答案', difficulty: 1, pointCode: 'BA001', points: 5, markingPoints: '要点一（2分）\n要点二（2分）' }),
    ];

    let results: XlsxRowResult[];
    before(async () => {
      const buffer = await workbookBuffer([{ name: '试题', rows }]);
      results = await collect(readItemRowsFromXlsx(buffer, { resolvePointLevels: resolveExamplePoint }));
    });

    it('returns one result per non-empty row, valid rows with content', () => {
      expect(results.map((r) => r.row)).to.deep.equal([2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
      const valid = results.filter((r) => r.item);
      expect(valid.map((r) => r.row)).to.deep.equal([2, 3, 4, 5]);
      expect(valid.every((r) => r.errors.length === 0)).to.equal(true);
      const [judge, single, multiple, short] = valid.map((r) => r.item!);
      expect(judge).to.deep.include({ type: 'judge', answer: false, levels: [5, 4, 3], difficulty: 1, estimatedSeconds: 30, tags: ['安全', '仪表'] });
      expect(judge!.stem).to.equal('<p>使用万用表测量电阻时，可以在被测电路带电的情况下进行测量。</p>');
      expect(single).to.deep.include({ type: 'single', answer: 'C', levels: [5, 4], points: 1, estimatedSeconds: 60 });
      expect(valid[1]!.code).to.equal('BA001-005');
      expect(multiple).to.deep.include({ type: 'multiple', answer: ['A', 'B', 'C', 'D'], difficulty: 4, keepOptionOrder: false });
      expect((multiple as Extract<ItemContent, { type: 'multiple' }>).options.map((o) => o.key)).to.deep.equal(['A', 'B', 'C', 'D', 'E']);
      expect(short).to.deep.include({ type: 'short', points: 10, stem: '<p>求额定电流 I<sub>N</sub>。</p>', referenceAnswer: '<p>I = P / (√3 U cosφ η) ≈ 15.4 A</p>' });
      expect((short as Extract<ItemContent, { type: 'short' }>).markingPoints).to.deep.equal([
        { text: '写出公式', points: 4 },
        { text: '代入数据', points: 3 },
        { text: '结果与单位', points: 3 },
      ]);
    });

    it('reports every error by row, column and cell', () => {
      expect(errorTuples(results)).to.deep.equal([
        [7, '题型', 'A7', 'type.unknown'],
        [8, '选项B', 'D8', 'options.gap'],
        [8, '答案', 'K8', 'answer.not-an-option'],
        [9, '难度', 'M9', 'difficulty.unknown'],
        [9, '答案', 'K9', 'answer.too-few'],
        [10, '选项A', 'C10', 'options.not-allowed'],
        [10, '答案', 'K10', 'answer.unknown'],
        [11, '鉴定点', 'N11', 'point.unknown'],
        [12, '题型', 'A12', 'type.skill-not-in-excel'],
        [13, '题干', 'B13', 'empty'],
        [14, '试题编号', 'V14', 'code.point-mismatch'],
        [15, '试题编号', 'V15', 'code.duplicate'],
        [16, '选项G', 'I16', 'too-many'],
        [17, '适用等级', 'Q17', 'levels.unknown'],
        [17, '预计用时(秒)', 'R17', 'seconds.format'],
        [18, '评分要点', 'U18', 'points.total-mismatch'],
      ]);
    });

    it('words errors so that a bank admin can fix them', () => {
      const messages = Object.fromEntries(results.flatMap((r) => r.errors.map((e) => [`${e.cell}`, e.message])));
      expect(messages.A7).to.equal('无法识别的题型“填空题”，应为判断题、单选题、多选题或简答题');
      expect(messages.D8).to.equal('选项B为空，但其后的选项C有内容；选项须从 A 起连续填写');
      expect(messages.K8).to.equal('答案 E 对应的选项为空');
      expect(messages.K9).to.equal('答案：多选题至少要有两个正确答案');
      expect(messages.N11).to.equal('鉴定点 XX999 不在本标准的鉴定要素细目表中');
      expect(messages.A12).to.contain('JSON');
      expect(messages.B13).to.equal('题干：不能为空');
      expect(messages.V15).to.equal('试题编号 BA001-005 与第 3 行重复');
      expect(messages.I16).to.equal('单选题最多 6 个选项');
      expect(messages.U18).to.equal('评分要点：评分要点分值合计 4，与试题分值 5 不一致');
      for (const error of results.flatMap((r) => r.errors)) {
        expect(error.message, error.code).to.match(/[\u4e00-\u9fff]/);
        expect(error.messageEn.length, error.code).to.be.greaterThan(5);
      }
    });

    it('summarises a dry run', async () => {
      const buffer = await workbookBuffer([{ name: '试题', rows }]);
      const report = await checkXlsxImport(buffer, { resolvePointLevels: resolveExamplePoint, maxErrors: 5 });
      expect(report).to.deep.include({ rows: 16, validRows: 4, invalidRows: 12, updates: 1, additions: 3, truncated: true, fatal: false });
      expect(report.byType).to.deep.equal({ judge: 1, single: 1, multiple: 1, short: 1 });
      expect(report.errors).to.have.length(5);
    });

    it('without a standard, needs 适用等级 and accepts any well-formed point', async () => {
      const buffer = await workbookBuffer([{ name: '试题', rows: [header, row({ type: '判断', stem: '甲', answer: '对', difficulty: 1, pointCode: 'ZZ001' }), row({ type: '判断', stem: '乙', answer: '对', difficulty: 1, pointCode: 'ZZ001', levels: 3 })] }]);
      const [first, second] = await collect(readItemRowsFromXlsx(buffer));
      expect(errorTuples([first!])).to.deep.equal([[2, '适用等级', 'Q2', 'levels.empty']]);
      expect(second!.item).to.deep.include({ levels: [3], pointCode: 'ZZ001' });
    });

    it('flags codes that are not in the bank when told which exist', async () => {
      const buffer = await workbookBuffer([{ name: '试题', rows: [header, row({ type: '判断', stem: '甲', answer: '对', difficulty: 1, pointCode: 'BA001', levels: 5, code: 'BA001-009' })] }]);
      const [result] = await collect(readItemRowsFromXlsx(buffer, { itemExists: (code) => code === 'BA001-001' }));
      expect(errorTuples([result!])).to.deep.equal([[2, '试题编号', 'V2', 'code.unknown']]);
    });

    it('finds columns by header, accepts aliases and a title row, ignores the other sheets', async () => {
      const buffer = await workbookBuffer([
        { name: '说明', rows: [['说明'], ['题型', '说明']] },
        {
          name: 'Sheet1',
          rows: [
            ['电工题库 2024 年第一批'],
            ['试题类型', '题目', '正确答案', '难度', '鉴定点代码', '选项 A', '选项 B', '适用级别', '预计用时（秒）'],
            ['单选题', '题干', 'B', '3', 'ba001', '甲', '乙', '4', 45],
          ],
        },
      ]);
      const results = await collect(readItemRowsFromXlsx(buffer));
      expect(results).to.have.length(1);
      expect(results[0]!.errors).to.deep.equal([]);
      expect(results[0]!.row).to.equal(3);
      expect(results[0]!.item).to.deep.include({ type: 'single', answer: 'B', pointCode: 'BA001', levels: [4], estimatedSeconds: 45 });
    });

    it('refuses a sheet with missing or unknown columns, unless unknown columns are to be ignored', async () => {
      const missing = await workbookBuffer([{ name: '试题', rows: [['序号', '题型', '题干', '选项A', '答案', '出处', '备注'], [1, '判断', 'x', null, '对', '', '']] }]);
      const [fatal] = await collect(readItemRowsFromXlsx(missing));
      expect(fatal!.fatal).to.equal(true);
      expect(fatal!.errors.map((e) => [e.column, e.cell, e.code])).to.deep.equal([
        ['难度', undefined, 'header.missing'],
        ['鉴定点', undefined, 'header.missing'],
        ['出处', 'F1', 'header.unknown'],
      ]);
      const lenient = await workbookBuffer([{ name: '试题', rows: [['题型', '题干', '答案', '难度', '鉴定点', '适用等级', '出处'], ['判断', 'x', '对', 1, 'BA001', 5, '审核中']] }]);
      const [ok] = await collect(readItemRowsFromXlsx(lenient, { ignoreUnknownColumns: true }));
      expect(ok!.errors).to.deep.equal([]);
    });

    it('reports a file without a header row, a file that is not xlsx, and error cells', async () => {
      const noHeader = await workbookBuffer([{ name: 'a', rows: [['x'], ['y']] }]);
      expect((await collect(readItemRowsFromXlsx(noHeader))).map((r) => [r.fatal, r.errors[0]!.code])).to.deep.equal([[true, 'file.no-header']]);
      const notXlsx = await collect(readItemRowsFromXlsx(Readable.from([Buffer.from('题型,题干\n判断,x\n')])));
      expect(notXlsx.map((r) => [r.fatal, r.errors[0]!.code])).to.deep.equal([[true, 'file.unreadable']]);
      const withError = await workbookBuffer([{ name: '试题', rows: [header, row({ type: '判断', stem: '甲', answer: '对', difficulty: { error: '#N/A' }, pointCode: 'BA001', levels: 5 })] }]);
      const [errorRow] = await collect(readItemRowsFromXlsx(withError));
      expect(errorTuples([errorRow!])[0]).to.deep.equal([2, '难度', 'M2', 'cell.error-value']);
    });

    it('stops at the row limit', async () => {
      const many = [header, ...Array.from({ length: 5 }, (_, i) => row({ type: '判断', stem: `题 ${i}`, answer: '对', difficulty: 1, pointCode: 'BA001', levels: 5 }))];
      const results = await collect(readItemRowsFromXlsx(await workbookBuffer([{ name: '试题', rows: many }]), { maxRows: 3 }));
      expect(results.map((r) => r.fatal ?? false)).to.deep.equal([false, false, false, true]);
      expect(results[3]!.errors[0]!.code).to.equal('file.too-many-rows');
    });

    it('reads rich text cells as sanitised HTML', async () => {
      const buffer = await workbookBuffer([
        {
          name: '试题',
          rows: [header, row({ type: '单选', stem: '水的化学式是 H<sub>2</sub>O<script>alert(1)</script>\n第二段', A: '<b>对</b>', B: 'a < b', answer: 'A', difficulty: 1, pointCode: 'BA001', levels: 5 })],
        },
      ]);
      const [result] = await collect(readItemRowsFromXlsx(buffer));
      const item = result!.item as Extract<ItemContent, { type: 'single' }>;
      expect(item.stem).to.equal('<p>水的化学式是 H<sub>2</sub>O</p><p>第二段</p>');
      expect(item.options.map((o) => o.html)).to.deep.equal(['<p><strong>对</strong></p>', '<p>a &lt; b</p>']);
    });
  });

  describe('template', () => {
    let buffer: Buffer;
    before(async () => {
      const sink = memorySink();
      await writeTemplateXlsx(sink.stream);
      buffer = sink.buffer();
    });

    it('is an xlsx whose header row is the documented headers', async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((s) => s.name)).to.deep.equal(['试题', '填写说明']);
      const sheet = workbook.getWorksheet('试题')!;
      expect((sheet.getRow(1).values as unknown[]).slice(1)).to.deep.equal([...XLSX_HEADERS]);
      expect(sheet.rowCount).to.equal(1);
      expect(sheet.views[0]).to.deep.include({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).getCell(1).font?.bold).to.equal(true);
      expect(sheet.getColumn(2).width).to.equal(48);
      expect(sheet.getCell('A2').dataValidation).to.deep.include({ type: 'list', formulae: ['"判断题,单选题,多选题,简答题"'] });
      expect(sheet.getCell('M500').dataValidation).to.deep.include({ type: 'list', formulae: ['"1,2,3,4,5"'] });
    });

    it('imports as an empty file, not an error', async () => {
      expect(await collect(readItemRowsFromXlsx(buffer))).to.deep.equal([]);
    });

    it('explains every column and shows one valid example per type', async () => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
      const help = workbook.getWorksheet('填写说明')!;
      const texts: string[][] = [];
      help.eachRow((r) => texts.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
      for (const header of XLSX_HEADERS) expect(texts.some((t) => t[0] === header && (t[1] ?? '').length > 5), header).to.equal(true);
      const headerIndex = texts.findIndex((t) => t[0] === '题型' && t[1] === '题干');
      expect(headerIndex).to.be.greaterThan(0);
      const layout: RowLayout = {
        columns: Object.fromEntries(XLSX_COLUMNS.map((c, i) => [c.key, i + 1])),
        labels: Object.fromEntries(XLSX_COLUMNS.map((c) => [c.key, c.header])),
      };
      const examples = texts.slice(headerIndex + 1).map((t, i) => {
        const cells: RowTexts = {};
        XLSX_COLUMNS.forEach((c, col) => {
          if (t[col]) cells[c.key] = t[col];
        });
        return parseItemRow(cells, headerIndex + 2 + i, layout);
      });
      expect(examples.map((e) => e.errors)).to.deep.equal([[], [], [], []]);
      expect(examples.map((e) => e.item!.type)).to.deep.equal(['judge', 'single', 'multiple', 'short']);
      expect(examples.map((e) => e.item)).to.deep.equal(TEMPLATE_EXAMPLES.map((e) => ItemContentSchema.parse(e)));
    });
  });

  describe('large sheets of Chinese text', () => {
    // exceljs's own streaming reader garbles CJK characters that straddle a 16 KiB chunk.
    const stems = Array.from({ length: 1500 }, (_, i) => `第${i}题：${'三相异步电动机额定电流计算与低压配电系统接地形式'.repeat(4 + (i % 7))}。`);
    const rows = [[...XLSX_HEADERS], ...stems.map((stem) => row({ type: '判断', stem, answer: '对', difficulty: 1, pointCode: 'BA001', levels: 5 }))];

    async function check(buffer: Buffer) {
      const results = await collect(readItemRowsFromXlsx(buffer));
      expect(results.filter((r) => r.errors.length)).to.deep.equal([]);
      const read = results.map((r) => r.item!.stem);
      expect(read.filter((stem) => stem.includes('\uFFFD'))).to.deep.equal([]);
      expect(read).to.deep.equal(stems.map(textToRichText));
    }

    it('reads shared strings split across chunks intact', async () => {
      await check(await workbookBuffer([{ name: '试题', rows }]));
    });

    it('reads inline strings split across chunks intact', async () => {
      const sink = memorySink();
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink.stream, useSharedStrings: false });
      const sheet = workbook.addWorksheet('试题');
      for (const r of rows) sheet.addRow(r).commit();
      sheet.commit();
      await workbook.commit();
      await check(sink.buffer());
    });
  });

  describe('round trip', () => {
    async function roundTrip(items: { code?: string; content: ItemContent }[]) {
      const sink = memorySink();
      const summary = await writeItemsXlsx(
        (async function* () {
          yield* items;
        })(),
        sink.stream,
      );
      const results = await collect(readItemRowsFromXlsx(sink.buffer()));
      return { summary, results };
    }

    it('gives back identical content and codes for the examples; skill tasks go to their own sheet, which the import does not read', async () => {
      const doc = JSON.parse(readFileSync(path.join(SCHEMA_DIR, 'examples', 'bank-export.json'), 'utf8')) as { items: { code: string; content: unknown }[] };
      const items = doc.items.map((i) => ({ code: i.code, content: ItemContentSchema.parse(i.content) }));
      const { summary, results } = await roundTrip(items);
      expect(summary.skipped).to.deep.equal([]);
      expect(summary.sheetRows).to.deep.equal({ 技能操作试题: 1 });
      expect(results.flatMap((r) => r.errors)).to.deep.equal([]);
      const expected = items.filter((i) => i.content.type !== 'skill');
      expect(results.map((r) => ({ code: r.code, content: r.item }))).to.deep.equal(expected);
    });

    it('gives back identical content for generated items (text with <, &, line breaks, rich markup)', async () => {
      const text = fc.oneof(
        fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
        fc.constantFrom('a < b & c > d', '&lt;br&gt; 是换行标签', '<p>看起来像标签</p>', '第一行\n第二行', '  前后空格  ', 'H<sub>2</sub>O', '=SUM(A1:A2)', '+1', "'引号"),
      );
      const rich = fc.oneof(
        text.map(textToRichText),
        text.map((t) => sanitizeRichText(`<p>${t}<sup>2</sup></p><table><tr><td colspan="2">${t}</td></tr></table>`)),
      );
      const common = {
        pointCode: fc.stringMatching(/^[A-Z]{1,3}\d{3}$/),
        levels: fc.uniqueArray(fc.constantFrom(1, 2, 3, 4, 5), { minLength: 1, maxLength: 5 }),
        difficulty: fc.integer({ min: 1, max: 5 }),
        estimatedSeconds: fc.integer({ min: 5, max: 14_400 }),
        stem: rich,
        explanation: fc.oneof(fc.constant(''), rich),
        tags: fc.uniqueArray(fc.stringMatching(/^[a-z\u4e00-\u4e20]{1,8}$/), { maxLength: 3 }),
        enemyGroup: fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), { nil: undefined }),
        points: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
      };
      const options = (min: number, max: number) => fc.array(rich, { minLength: min, maxLength: max }).map((htmls) => htmls.map((html, i) => ({ key: OPTION_KEYS[i]!, html })));
      const item = fc.oneof(
        fc.record({ ...common, type: fc.constant('judge' as const), answer: fc.boolean() }),
        fc.record({ ...common, type: fc.constant('single' as const), options: options(2, 6), keepOptionOrder: fc.boolean() }).chain((i) => fc.constantFrom(...i.options.map((o) => o.key)).map((answer) => ({ ...i, answer }))),
        fc.record({ ...common, type: fc.constant('multiple' as const), options: options(2, 8), keepOptionOrder: fc.boolean() }).chain((i) =>
          fc.shuffledSubarray(i.options.map((o) => o.key), { minLength: 2 }).map((answer) => ({ ...i, answer })),
        ),
        fc.record({
          ...common,
          type: fc.constant('short' as const),
          referenceAnswer: rich,
          markingPoints: fc.array(fc.record({ text: fc.stringMatching(/^[a-z\u4e00-\u4e20][a-z \u4e00-\u4e20]{0,10}[a-z\u4e00-\u4e20]$/), points: fc.integer({ min: 1, max: 10 }) }), { minLength: 1, maxLength: 4 }),
        }).map((i) => ({ ...i, points: i.markingPoints.reduce((s, p) => s + p.points, 0) })),
      );
      const generated = fc.sample(item, { numRuns: 300, seed: 20240506 });
      const items = generated
        .map((g) => ItemContentSchema.safeParse(Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined))))
        .filter((r) => r.success)
        .map((r, i) => ({ code: `${r.data!.pointCode}-${String(i).padStart(3, '0')}`, content: r.data! }));
      expect(items.length).to.be.greaterThan(200);
      const { results } = await roundTrip(items);
      expect(results.filter((r) => r.errors.length).map((r) => r.errors)).to.deep.equal([]);
      results.forEach((r, i) => expect({ code: r.code, content: r.item }, `row ${r.row}`).to.deep.equal(items[i]));
    });
  });
});
