import { AlignmentType, BorderStyle, Document, Footer, Header, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { footerText, type PrintTrace } from './document';
import type { PrintablePaper } from './printable';

/**
 * The theory paper and its answer key as Word documents (centres edit and print papers in
 * Word), pure: the same printable paper and trace as the PDFs, a .docx out.
 */
const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
const run = (text: string, options: { bold?: boolean; size?: number; color?: string } = {}) => new TextRun({ text, font: FONT, size: options.size ?? 21, bold: options.bold ?? false, ...(options.color ? { color: options.color } : {}) });
const centred = (text: string, options: { bold?: boolean; size?: number; color?: string } = {}) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 80 }, children: [run(text, options)] });
const para = (text: string, options: { bold?: boolean; size?: number; indent?: number; keepNext?: boolean } = {}) =>
  new Paragraph({ spacing: { after: 40 }, keepNext: options.keepNext ?? false, keepLines: true, ...(options.indent ? { indent: { left: options.indent } } : {}), children: [run(text, options)] });

function titleBlock(paper: PrintablePaper, suffix: string): Paragraph[] {
  return [
    centred('职业技能鉴定国家题库', { bold: true, size: 30 }),
    centred(`${paper.header.occupationName}${paper.header.levelLabel}${suffix}`, { bold: true, size: 36 }),
    centred(`科目代码：${paper.header.paperCode}${paper.header.form ? `　${paper.header.form}卷` : ''}`, { size: 19 }),
  ];
}

function grid(rows: string[][]): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map((row) => new TableRow({ children: row.map((cell) => new TableCell({ borders: { top: border, bottom: border, left: border, right: border }, children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(cell, { size: 19 })] })] })) })),
  });
}

function traced(trace: PrintTrace, title: string, children: Array<Paragraph | Table>): Promise<Buffer> {
  const doc = new Document({
    creator: 'skill-appraisal-platform',
    title,
    sections: [
      {
        properties: { page: { margin: { top: 1000, bottom: 1000, left: 1300, right: 1000 } } },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(`${trace.centreCode} · ${trace.operator}`, { size: 14, color: '999999' })] })] }) },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(footerText(trace, 0, 0).replace(/\s*第 0 页 \/ 共 0 页$/, ''), { size: 14, color: '555555' }), new TextRun({ children: ['　第 ', PageNumber.CURRENT, ' 页 / 共 ', PageNumber.TOTAL_PAGES, ' 页'], size: 14, color: '555555' })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export function theoryPaperDocx(paper: PrintablePaper, trace: PrintTrace): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    ...titleBlock(paper, '理论知识试卷'),
    centred('注　意　事　项', { bold: true }),
    para(`1. 考试时间：${paper.header.durationMinutes} 分钟。`),
    para(`2. 本试卷依据《${paper.header.standard}》命制。`),
    para('3. 请首先按要求在试卷的标封处填写您的姓名、准考证号和所在单位的名称。'),
    para('4. 请仔细阅读各种题目的回答要求，使用答题卡的，用 2B 铅笔在答题卡上填涂您的答案。'),
    para('5. 不要在试卷上乱写乱画，不要在标封区填写无关的内容。考试结束时，试卷和答题卡一并交回。'),
    grid([
      ['', ...paper.sections.map((s) => s.ordinal), '总　分', '总分人'],
      ['满分', ...paper.sections.map((s) => String(s.points)), String(paper.totalPoints), ''],
      ['得分', ...paper.sections.map(() => ''), '', ''],
    ]),
  ];
  for (const section of paper.sections) {
    children.push(para(section.heading, { bold: true, keepNext: true }));
    for (const item of section.items) {
      const lines = item.body.lines;
      children.push(para(`${item.number}. ${item.stem}${item.body.bracket ? '（　　）' : ''}`, { keepNext: lines.length > 0 || item.body.writingLines > 0 }));
      lines.forEach((line, i) => children.push(para(line, { indent: 400, keepNext: i < lines.length - 1 })));
      for (let i = 0; i < item.body.writingLines; i++) children.push(para('＿'.repeat(38), { indent: 400 }));
    }
  }
  return traced(trace, `${paper.header.occupationName}${paper.header.levelLabel}理论知识试卷`, children);
}

export function answerKeyDocx(paper: PrintablePaper, trace: PrintTrace): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [para('绝密★启用前（机密文件，不得随试卷分发）', { bold: true }), ...titleBlock(paper, '理论知识试卷　参考答案')];
  for (const section of paper.sections) {
    children.push(para(section.heading, { bold: true, keepNext: true }));
    for (const item of section.items) children.push(para(`${item.number}.（${item.points}分）${item.key.replace(/\n/g, '；')}`));
  }
  return traced(trace, `${paper.header.occupationName}${paper.header.levelLabel}理论知识试卷 参考答案`, children);
}
