import { expect } from 'chai';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { choiceAnswerLetters, judgeAnswerWord, optionLetter, splitOptions } from '../../../../server/bank/interchange/foreign/notation';
import { detectMapping, fieldOfHeader } from '../../../../server/bank/interchange/foreign/headers';
import { layoutOfMapping, mappingErrors, recordResult, recordsFromSheet, type SheetRow } from '../../../../server/bank/interchange/foreign/records';
import { answerFromStem, recordsFromText, textBlocks, TEXT_LAYOUT } from '../../../../server/bank/interchange/foreign/chinese-text';
import { blocksFromDocxHtml, sniffContent } from '../../../../server/bank/interchange/foreign/formats';
import { csvRows, decodeText } from '../../../../server/bank/interchange/foreign/sheets';
import { PAPER_TEXT } from '../../../support/foreign-samples';

const rows = (cells: string[][]): SheetRow[] => cells.map((c, i) => ({ row: i + 1, cells: c }));
const defaults = { pointCode: 'AB001', levels: '4' };

describe('foreign formats (pure): notations, header mapping, layouts', () => {
  describe('answer notations', () => {
    it('true/false in every usual notation, 0/1 as the admin says', () => {
      for (const t of ['对', '√', '（√）', '(√)', 'T', 'true', '正确', '1']) expect(judgeAnswerWord(t), t).to.equal('对');
      for (const f of ['错', '×', '（×）', 'F', '错误', '0']) expect(judgeAnswerWord(f), f).to.equal('错');
      expect(judgeAnswerWord('1', 'one-is-false')).to.equal('错');
      expect(judgeAnswerWord('0', 'one-is-false')).to.equal('对');
      expect(judgeAnswerWord('也许')).to.equal(undefined);
    });
    it('choice letters with or without separators', () => {
      for (const [text, want] of [['ACD', 'A,C,D'], ['A,C,D', 'A,C,D'], ['A、C、D', 'A,C,D'], ['（ B ）', 'B'], ['a c', 'A,C']]) expect(choiceAnswerLetters(text!), text).to.equal(want);
      expect(choiceAnswerLetters('Z')).to.equal(undefined);
    });
    it('option letters as one-row-per-option sheets write them', () => {
      expect(['A', 'B.', '（C）', '选项D', '5'].map(optionLetter)).to.deep.equal(['A', 'B', 'C', 'D', 'E']);
      expect(optionLetter('甲')).to.equal(undefined);
    });
  });

  describe('options in one cell', () => {
    it('splits A.… B.… C.… with the usual markers', () => {
      expect(splitOptions('A.伏特 B.安培 C.欧姆')).to.deep.equal(['伏特', '安培', '欧姆']);
      expect(splitOptions('A、电阻R=U/I  B、P=UI')).to.deep.equal(['电阻R=U/I', 'P=UI']);
      expect(splitOptions('（A）铜（B）铝（C）铁')).to.deep.equal(['铜', '铝', '铁']);
      expect(splitOptions('C.欧姆 D.瓦特', 2)).to.deep.equal(['欧姆', '瓦特']);
      expect(splitOptions('伏特')).to.equal(undefined);
    });
    it('property: options written with any marker split back into the same texts', () => {
      const text = fc.stringMatching(/^[\u4e00-\u9fa5][\u4e00-\u9fa50-9]{0,8}$/);
      const marker = fc.constantFrom((k: string) => `${k}.`, (k: string) => `${k}、`, (k: string) => `（${k}）`, (k: string) => `${k}．`);
      fc.assert(
        fc.property(fc.array(text, { minLength: 2, maxLength: 8 }), marker, fc.constantFrom(' ', '  ', '\n', '\u3000'), (options, mark, gap) => {
          const cell = options.map((o, i) => `${mark('ABCDEFGH'[i]!)}${o}`).join(gap);
          expect(splitOptions(cell)).to.deep.equal(options);
        }),
      );
    });
  });

  describe('header mapping', () => {
    it('knows the names other systems use', () => {
      const want: Record<string, string> = { 题目: 'stem', 题干: 'stem', 试题内容: 'stem', 题目内容: 'stem', 类型: 'type', 题型: 'type', 题目类型: 'type', 答案: 'answer', 正确答案: 'answer', 标准答案: 'answer', 选项A: 'A', H: 'H', 选项一: 'A', 选项八: 'H', 解析: 'explanation', 答案解析: 'explanation', 试题解析: 'explanation', 难度: 'difficulty', 知识点: 'pointCode', 鉴定点: 'pointCode', 所属知识点: 'pointCode', 分值: 'points', ' 选项 B ': 'B' };
      for (const [header, field] of Object.entries(want)) expect(fieldOfHeader(header), header).to.equal(field);
    });
    it('finds the header below instruction rows; choices win over synonyms', () => {
      const sheet = [['某系统导出'], ['说明：…'], ['序号', '题面', '正确答案', '类型']];
      expect(detectMapping(sheet)).to.equal(undefined);
      const mapping = detectMapping(sheet, [{ header: '题面', field: 'stem' }])!;
      expect(mapping.headerRow).to.equal(3);
      expect(mapping.columns.map((c) => `${c.header}:${c.field}:${c.source}`)).to.deep.equal(['序号:seq:synonym', '题面:stem:chosen', '正确答案:answer:synonym', '类型:type:synonym']);
    });
    it('two columns for one field are reported at the header row', () => {
      const mapping = detectMapping([['题目', '题干', '答案']])!;
      expect(mappingErrors(mapping).map((e) => e.code)).to.deep.equal(['mapping.duplicate']);
    });
  });

  describe('sheet layouts → items through the question-type modules', () => {
    it('columns out of order, options in one cell, answers in any notation', () => {
      const sheet = rows([
        ['答案', '题干', '选项', '题型'],
        ['A、C', '属于导体的有（　）。', 'A.铜 B.橡胶 C.铝', '多选'],
        ['（√）', '电流的单位是安培。', '', '判断'],
      ]);
      const mapping = detectMapping(sheet.map((r) => r.cells))!;
      const results = recordsFromSheet(sheet.slice(1), mapping).map((r) => recordResult(r, layoutOfMapping(mapping), { defaults }));
      expect(results.map((r) => r.errors)).to.deep.equal([[], []]);
      expect(results.map((r) => (r.item as { answer: unknown }).answer)).to.deep.equal([['A', 'C'], true]);
    });
    it('one row per option: rows sharing 题号 form one item', () => {
      const sheet = rows([
        ['题号', '题干', '选项', '选项内容', '答案', '题型'],
        ['1', '甲（　）。', 'A', '一', 'B', '单选'],
        ['1', '', 'B', '二', '', ''],
        ['2', '乙（　）。', 'A', '三', 'A', '单选'],
        ['2', '', 'B', '四', '', ''],
      ]);
      const mapping = detectMapping(sheet.map((r) => r.cells))!;
      const records = recordsFromSheet(sheet.slice(1), mapping);
      expect(records.map((r) => [r.row, r.texts.A, r.texts.B, r.texts.answer])).to.deep.equal([
        [2, '一', '二', 'B'],
        [4, '三', '四', 'A'],
      ]);
    });
    it('an options cell that cannot be split is reported in its column', () => {
      const sheet = rows([
        ['题干', '选项', '答案', '题型'],
        ['甲（　）。', '一二三', 'A', '单选'],
      ]);
      const mapping = detectMapping(sheet.map((r) => r.cells))!;
      const [result] = recordsFromSheet(sheet.slice(1), mapping).map((r) => recordResult(r, layoutOfMapping(mapping), { defaults }));
      expect(result!.item).to.equal(undefined);
      expect(result!.errors[0]).to.include({ column: '选项', cell: 'B2', code: 'options.unsplittable' });
    });
  });

  describe('the common Chinese paper layout', () => {
    it('answers inside the stem brackets', () => {
      expect(answerFromStem('电压的单位是（ C ）。')).to.deep.equal({ stem: '电压的单位是（　）。', answer: 'C' });
      expect(answerFromStem('电流的单位是安培。（√）')).to.deep.equal({ stem: '电流的单位是安培。', answer: '√' });
      expect(answerFromStem('没有答案（　）。')).to.deep.equal({ stem: '没有答案（　）。' });
    });
    it('sections, numbered stems, options inline and on their own lines, 答案 and 解析', () => {
      const results = recordsFromText(textBlocks(PAPER_TEXT)).map((r) => recordResult(r, TEXT_LAYOUT, { defaults }));
      expect(results.map((r) => r.errors)).to.deep.equal([[], [], [], [], [], []]);
      expect(results.map((r) => [r.row, r.item!.type])).to.deep.equal([
        [5, 'single'],
        [8, 'single'],
        [13, 'multiple'],
        [19, 'judge'],
        [20, 'judge'],
        [22, 'short'],
      ]);
    });
    it('options out of order are reported on their line', () => {
      const [record] = recordsFromText(textBlocks('一、单项选择题\n1. 甲（　）。\nA. 一\nC. 三'));
      expect(record!.errors[0]).to.include({ row: 4, code: 'options.order' });
    });
    it("Word's automatic numbering and tables come through mammoth's HTML", () => {
      const blocks = blocksFromDocxHtml('<h2>一、判断题</h2><ol><li>甲。（√）</li><li>乙。（×）</li></ol><table><tr><td>x</td></tr></table>');
      expect(blocks.map((b) => b.text || b.html)).to.deep.equal(['一、判断题', '1. 甲。（√）', '2. 乙。（×）', '<table><tr><td>x</td></tr></table>']);
    });
  });

  describe('bytes', () => {
    it('UTF-8, GB18030 and BOMs are told apart', () => {
      const text = '题干,答案\n电流的单位是安培。,对\n';
      expect(decodeText(Buffer.from(text)).encoding).to.equal('UTF-8');
      expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).to.include({ encoding: 'UTF-8', text });
      const gb = decodeText(iconv.encode(text, 'gb18030'));
      expect(gb).to.include({ encoding: 'GB18030', text });
    });
    it('quoted CSV fields keep commas, quotes and line breaks; rows keep their line numbers', () => {
      expect(csvRows('a,b\n"x, ""y""","1\n2"\nz,w')).to.deep.equal([
        { row: 1, cells: ['a', 'b'] },
        { row: 2, cells: ['x, "y"', '1\n2'] },
        { row: 4, cells: ['z', 'w'] },
      ]);
    });
    it('content is sniffed, not the name', () => {
      expect(sniffContent(Buffer.from('{"a":1}'))).to.equal('json');
      expect(sniffContent(Buffer.from('<?xml version="1.0"?><quiz/>'))).to.equal('xml');
      expect(sniffContent(Buffer.from('题干,答案'))).to.equal('text');
      expect(sniffContent(Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.from('word/document.xml')]))).to.equal('zip-docx');
      expect(sniffContent(Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.from('xl/workbook.xml')]))).to.equal('zip-xlsx');
    });
  });
});
