import iconv from 'iconv-lite';
import { Document, Packer, Paragraph, Table, TableRow, TableCell, TextRun, HeadingLevel } from 'docx';
import { workbookBuffer } from '../unit/interchange/helpers';

/**
 * Realistic files from other systems, written here so that every format's test (and the
 * import benchmark) reads what such systems actually produce.
 */

/** Another system's Excel: two instruction rows, its own header names, columns out of order, options in one cell, 0/1 and √ answers. */
export function otherSystemWorkbook(): Promise<Buffer> {
  return workbookBuffer([
    {
      name: '题库',
      rows: [
        ['电工题库导出（某考试系统 V3.2）'],
        ['说明：请勿修改表头；答案列填写字母，判断题 1 表示正确'],
        ['试题内容', '题目类型', '正确答案', '选项', '答案解析', '所属知识点', '分数', '难易程度', '备注'],
        ['电压的单位是（　）。', '单项选择题', 'C', 'A.安培 B.瓦特 C.伏特 D.欧姆', '电压单位为伏特。', 'B002', 1, '易', ''],
        ['属于导体的有（　）。', '多项选择题', 'A、B、D', 'A.铜 B.铝 C.橡胶 D.铁', '', 'CB001', 2, '中等', ''],
        ['电流的单位是安培。', '判断题', '1', '', '', 'B001', 1, '易', ''],
        ['绝缘体容易导电。', '判断题', '0', '', '', 'B001', 1, '较易', '旧题'],
      ],
    },
  ]);
}

/** The layout with one row per option: rows sharing 题号 form one item, 是否正确 marks the answers. */
export function onePerOptionWorkbook(): Promise<Buffer> {
  return workbookBuffer([
    {
      name: '单选题',
      rows: [
        ['题号', '题干', '选项', '选项内容', '是否正确', '鉴定点'],
        [1, '万用表测量电阻前应（　）。', 'A', '调零', '是', 'B002'],
        [1, '', 'B', '通电', '否', ''],
        [1, '', 'C', '接地', '否', ''],
        [2, '兆欧表用于测量（　）。', 'A', '电流', '否', 'B002'],
        [2, '', 'B', '绝缘电阻', '是', ''],
        [2, '', 'C', '电压', '否', ''],
      ],
    },
  ]);
}

export const CSV_TEXT = [
  '题干,题型,选项A,选项B,选项C,选项D,答案,解析,鉴定点',
  '"电压的单位是（　），常用符号为""V""。",单选,安培,瓦特,伏特,欧姆,C,"伏特, 符号 V",B002',
  '"下列属于导体的有（　）。",多选,铜,铝,橡胶,铁,"A,B,D",,CB001',
  '电流的单位是安培。,判断,,,,,√,,B001',
].join('\r\n');

/** The same CSV as old Chinese software saves it: GB18030 (GBK), no byte-order mark. */
export function gbCsv(text = CSV_TEXT): Buffer {
  return iconv.encode(text, 'gb18030');
}

export const PAPER_TEXT = `电工（四级）理论知识试题
注意事项：本试卷共三大题。

一、单项选择题（第1题~第2题。选择一个正确的答案，将相应的字母填入题内的括号中。每题1分。）
1. 电压的单位是（ C ）。
A. 安培  B. 瓦特  C. 伏特  D. 欧姆
解析：电压的单位是伏特。
2、电流的单位是（　）。
（A）安培（B）伏特
（C）欧姆（D）瓦特
答案：A
二、多项选择题（每题2分）
3. 属于导体的有（ ABD ）。
A、铜
B、铝
C、橡胶
D、铁
三、判断题
4. 电流的单位是安培。（√）
5. 绝缘体容易导电。（×）
四、简答题
6. 简述安全用电的原则。
答案：不接触低压带电体，不靠近高压带电体。
`;

/** A Word paper in the common layout, with a table kept with its item. */
export async function paperDocx(): Promise<Buffer> {
  const lines = PAPER_TEXT.split('\n').filter((l) => l.trim() !== '');
  const children: Array<Paragraph | Table> = [];
  for (const line of lines) {
    if (/^[一二三四]、/.test(line)) children.push(new Paragraph({ text: line, heading: HeadingLevel.HEADING_2 }));
    else children.push(new Paragraph({ children: [new TextRun(line)] }));
    if (line.startsWith('6.')) {
      children.push(
        new Table({
          rows: [
            new TableRow({ children: [new TableCell({ children: [new Paragraph('电压')] }), new TableCell({ children: [new Paragraph('安全限值')] })] }),
            new TableRow({ children: [new TableCell({ children: [new Paragraph('交流')] }), new TableCell({ children: [new Paragraph('36 V')] })] }),
          ],
        }),
      );
    }
  }
  return Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}
