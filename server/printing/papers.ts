import { A4, createDocument, drawOutlinedText, keepTogether, mm, stampPages, toBuffer, type PrintTrace } from './document';
import type { PrintableItem, PrintablePaper } from './printable';

/**
 * The documents of a paper-based theory session, pure: a printable paper (printable.ts) and the
 * print trace in, a PDF out. Every page carries the watermark and the trace footer.
 */
const BODY = 10.5;
const LEFT = mm(30);
const RIGHT = mm(18);
const MARGINS = { top: mm(18), bottom: mm(20), left: LEFT, right: RIGHT };
const WIDTH = A4.width - LEFT - RIGHT;
const BRACKET = '（　　）';

function title(doc: PDFKit.PDFDocument, paper: PrintablePaper, suffix: string): void {
  doc.font('bold').fontSize(15).fillColor('#000000').text('职业技能鉴定国家题库', LEFT, doc.y, { width: WIDTH, align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(19).text(`${paper.header.occupationName}${paper.header.levelLabel}${suffix}`, { width: WIDTH, align: 'center' });
  doc.moveDown(0.3);
  const form = paper.header.form ? `　${paper.header.form}卷` : '';
  doc.font('regular').fontSize(9.5).text(`科目代码：${paper.header.paperCode}${form}`, { width: WIDTH, align: 'center' });
  doc.moveDown(0.6);
}

/** The sealed-binding line (装订线) down the left edge: name, 准考证号 and unit outside it. */
function bindingLine(doc: PDFKit.PDFDocument): void {
  const x = mm(20);
  doc.save();
  doc.lineWidth(0.6).strokeColor('#000000').dash(3, { space: 2 }).moveTo(x, mm(15)).lineTo(x, A4.height - mm(15)).stroke().undash();
  // Drawn as outlines: rotated text would otherwise be read into the paper's lines by text extraction.
  doc.rotate(-90, { origin: [mm(12), A4.height / 2] }).fillColor('#000000');
  drawOutlinedText(doc, '姓名＿＿＿＿＿＿＿　　准考证号＿＿＿＿＿＿＿＿＿＿　　单位名称＿＿＿＿＿＿＿＿＿＿', mm(12), A4.height / 2 + 3, 9);
  doc.restore();
  doc.save();
  doc.rotate(-90, { origin: [mm(22.5), A4.height / 2] }).fillColor('#555555');
  drawOutlinedText(doc, '密　　封　　线　　内　　不　　要　　答　　题', mm(22.5), A4.height / 2 + 3, 8);
  doc.restore();
}

function table(doc: PDFKit.PDFDocument, rows: string[][], widths: number[], options: { rowHeight?: number; bold?: boolean[] } = {}): void {
  const h = options.rowHeight ?? 20;
  const x0 = LEFT;
  let y = doc.y;
  doc.save().lineWidth(0.6).strokeColor('#000000');
  rows.forEach((row, r) => {
    let x = x0;
    row.forEach((cell, c) => {
      const w = widths[c]!;
      doc.rect(x, y, w, h).stroke();
      doc.font(options.bold?.[r] ? 'bold' : 'regular').fontSize(9.5).fillColor('#000000').text(cell, x + 2, y + h / 2 - 6, { width: w - 4, align: 'center', lineBreak: false });
      x += w;
    });
    y += h;
  });
  doc.restore();
  doc.x = LEFT;
  doc.y = y + 8;
}

function scoreGrid(doc: PDFKit.PDFDocument, paper: PrintablePaper): void {
  const head = ['', ...paper.sections.map((s) => s.ordinal), '总　分', '总分人'];
  const full = ['满分', ...paper.sections.map((s) => String(s.points)), String(paper.totalPoints), ''];
  const got = ['得分', ...paper.sections.map(() => ''), '', ''];
  const w = WIDTH / head.length;
  table(doc, [head, full, got], head.map(() => w), { bold: [true, false, false] });
}

function notices(doc: PDFKit.PDFDocument, paper: PrintablePaper): void {
  const lines = [
    `1. 考试时间：${paper.header.durationMinutes} 分钟。`,
    `2. 本试卷依据《${paper.header.standard}》命制。`,
    '3. 请首先按要求在试卷的标封处填写您的姓名、准考证号和所在单位的名称。',
    '4. 请仔细阅读各种题目的回答要求，使用答题卡的，用 2B 铅笔在答题卡上填涂您的答案。',
    '5. 不要在试卷上乱写乱画，不要在标封区填写无关的内容。考试结束时，试卷和答题卡一并交回。',
  ];
  doc.font('bold').fontSize(BODY).text('注　意　事　项', LEFT, doc.y, { width: WIDTH, align: 'center' });
  doc.moveDown(0.2);
  doc.font('regular').fontSize(9.5);
  for (const line of lines) doc.text(line, LEFT + mm(4), doc.y, { width: WIDTH - mm(4), lineGap: 1.5 });
  doc.moveDown(0.6);
}

/** Options side by side when they are short: 4 or 2 to a line, else one each. */
function optionRows(doc: PDFKit.PDFDocument, lines: string[]): { perRow: number; rows: string[][] } {
  doc.font('regular').fontSize(BODY);
  const widest = Math.max(0, ...lines.map((l) => doc.widthOfString(l)));
  const indentWidth = WIDTH - mm(6);
  const perRow = lines.length >= 4 && widest < indentWidth / 4 - 8 ? 4 : lines.length >= 2 && widest < indentWidth / 2 - 8 ? 2 : 1;
  const rows: string[][] = [];
  for (let i = 0; i < lines.length; i += perRow) rows.push(lines.slice(i, i + perRow));
  return { perRow, rows };
}

function itemHeight(doc: PDFKit.PDFDocument, item: PrintableItem): number {
  doc.font('regular').fontSize(BODY);
  const stem = `${item.number}. ${item.stem}${item.body.bracket ? BRACKET : ''}`;
  let h = doc.heightOfString(stem, { width: WIDTH, lineGap: 2 });
  const { perRow, rows } = optionRows(doc, item.body.lines);
  const cell = (WIDTH - mm(6)) / perRow;
  for (const row of rows) h += Math.max(...row.map((l) => doc.heightOfString(l, { width: cell - 6, lineGap: 2 })));
  return h + item.body.writingLines * 20 + 6;
}

function drawItem(doc: PDFKit.PDFDocument, item: PrintableItem): void {
  keepTogether(doc, itemHeight(doc, item));
  doc.font('regular').fontSize(BODY).fillColor('#000000');
  doc.text(`${item.number}. ${item.stem}${item.body.bracket ? BRACKET : ''}`, LEFT, doc.y, { width: WIDTH, lineGap: 2 });
  const { perRow, rows } = optionRows(doc, item.body.lines);
  const cell = (WIDTH - mm(6)) / perRow;
  for (const row of rows) {
    const top = doc.y;
    let bottom = top;
    row.forEach((line, i) => {
      doc.text(line, LEFT + mm(6) + i * cell, top, { width: cell - 6, lineGap: 2 });
      bottom = Math.max(bottom, doc.y);
    });
    doc.x = LEFT;
    doc.y = bottom;
  }
  for (let i = 0; i < item.body.writingLines; i++) {
    const y = doc.y + 18;
    doc.save().lineWidth(0.4).strokeColor('#999999').moveTo(LEFT + mm(6), y).lineTo(LEFT + WIDTH, y).stroke().restore();
    doc.y = y + 2;
  }
  doc.x = LEFT;
  doc.y += 6;
}

function finish(doc: PDFKit.PDFDocument, trace: PrintTrace, binding: boolean): Promise<Buffer> {
  if (binding) {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      bindingLine(doc);
    }
  }
  stampPages(doc, trace);
  return toBuffer(doc);
}

/** 理论知识试卷 in the national format. */
export function renderTheoryPaper(paper: PrintablePaper, trace: PrintTrace): Promise<Buffer> {
  const doc = createDocument({ title: `${paper.header.occupationName}${paper.header.levelLabel}理论知识试卷`, bufferPages: true, margins: MARGINS });
  title(doc, paper, '理论知识试卷');
  notices(doc, paper);
  scoreGrid(doc, paper);
  for (const section of paper.sections) {
    doc.font('regular').fontSize(BODY);
    keepTogether(doc, 46 + (section.items[0] ? itemHeight(doc, section.items[0]) : 0));
    table(doc, [['得　分', ''], ['评分人', '']], [mm(16), mm(16)], { rowHeight: 15 });
    doc.font('bold').fontSize(BODY).text(section.heading, LEFT, doc.y, { width: WIDTH, lineGap: 2 });
    doc.moveDown(0.3);
    for (const item of section.items) drawItem(doc, item);
    doc.moveDown(0.4);
  }
  return finish(doc, trace, true);
}

function bubble(doc: PDFKit.PDFDocument, x: number, y: number, label: string): void {
  doc.save().lineWidth(0.6).strokeColor('#c0392b').roundedRect(x, y, 15, 9, 3).stroke().restore();
  doc.font('regular').fontSize(6.5).fillColor('#c0392b').text(label, x, y + 1.2, { width: 15, align: 'center', lineBreak: false });
}

/** 答题卡: the 准考证号 grid, the subject code, and bubbles for every objective item. */
export function renderAnswerCard(paper: PrintablePaper, trace: PrintTrace, admissionDigits = 12): Promise<Buffer> {
  const doc = createDocument({ title: `${paper.header.occupationName}${paper.header.levelLabel}理论知识考试答题卡`, bufferPages: true, margins: { ...MARGINS, left: mm(18) } });
  const left = mm(18);
  const width = A4.width - left - RIGHT;
  doc.font('bold').fontSize(16).fillColor('#000000').text(`${paper.header.occupationName}${paper.header.levelLabel}理论知识考试答题卡`, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(9.5).text(`科目代码：${paper.header.paperCode}${paper.header.form ? `　${paper.header.form}卷` : ''}　　姓名＿＿＿＿＿＿＿＿　　单位＿＿＿＿＿＿＿＿＿＿＿＿`, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(8.5).fillColor('#c0392b').text('填涂要求：用 2B 铅笔将选中的方框涂满、涂黑；修改时用橡皮擦干净。判断题正确涂“√”，错误涂“×”。', left, doc.y, { width, align: 'center' });
  doc.moveDown(0.5);

  const gridTop = doc.y;
  const cellW = 18;
  doc.font('bold').fontSize(9).fillColor('#000000').text('准　考　证　号', left, gridTop, { width: cellW * admissionDigits, align: 'center' });
  const boxesTop = gridTop + 14;
  doc.save().lineWidth(0.6).strokeColor('#000000');
  for (let c = 0; c < admissionDigits; c++) doc.rect(left + c * cellW, boxesTop, cellW, 14).stroke();
  doc.restore();
  for (let digit = 0; digit <= 9; digit++) {
    for (let c = 0; c < admissionDigits; c++) bubble(doc, left + c * cellW + 1.5, boxesTop + 18 + digit * 12, String(digit));
  }
  const codeX = left + cellW * admissionDigits + mm(8);
  doc.font('bold').fontSize(9).fillColor('#000000').text('科目代码', codeX, gridTop, { width: mm(40) });
  doc.font('regular').fontSize(12).text(paper.header.paperCode, codeX, boxesTop, { width: A4.width - RIGHT - codeX });
  doc.x = left;
  doc.y = boxesTop + 18 + 10 * 12 + 10;

  const columns = 4;
  const colW = width / columns;
  for (const section of paper.sections) {
    const objective = section.items.filter((i) => i.bubbles.length > 0);
    doc.font('bold').fontSize(9.5).fillColor('#000000');
    keepTogether(doc, 30);
    doc.text(`${section.ordinal}、${section.typeLabel}`, left, doc.y, { width });
    doc.moveDown(0.2);
    if (objective.length === 0) {
      doc.font('regular').fontSize(9).text(`第${section.items[0]!.number}题~第${section.items.at(-1)!.number}题答在试卷上。`, left, doc.y, { width });
      doc.moveDown(0.4);
      continue;
    }
    for (let i = 0; i < objective.length; i += columns) {
      keepTogether(doc, 14);
      const y = doc.y;
      objective.slice(i, i + columns).forEach((item, c) => {
        const x = left + c * colW;
        doc.font('regular').fontSize(8.5).fillColor('#000000').text(String(item.number), x, y + 1, { width: 18, align: 'right', lineBreak: false });
        item.bubbles.forEach((label, b) => bubble(doc, x + 22 + b * 17, y, label));
      });
      doc.x = left;
      doc.y = y + 14;
    }
    doc.moveDown(0.4);
  }
  return finish(doc, trace, false);
}

function confidentialTitle(doc: PDFKit.PDFDocument, paper: PrintablePaper, what: string): void {
  doc.font('bold').fontSize(11).fillColor('#c0392b').text('绝密★启用前（机密文件，不得随试卷分发）', LEFT, doc.y, { width: WIDTH });
  doc.moveDown(0.3);
  title(doc, paper, `理论知识试卷　${what}`);
}

/** 参考答案: confidential, on its own. */
export function renderAnswerKey(paper: PrintablePaper, trace: PrintTrace): Promise<Buffer> {
  const doc = createDocument({ title: `${paper.header.occupationName}${paper.header.levelLabel}理论知识试卷 参考答案`, bufferPages: true, margins: MARGINS });
  confidentialTitle(doc, paper, '参考答案');
  for (const section of paper.sections) {
    doc.font('bold').fontSize(BODY).fillColor('#000000');
    keepTogether(doc, 40);
    doc.text(section.heading, LEFT, doc.y, { width: WIDTH, lineGap: 2 });
    doc.moveDown(0.3);
    const short = section.items.every((i) => !i.key.includes('\n') && i.key.length <= 6);
    if (short) {
      const perRow = 10;
      const w = WIDTH / perRow;
      for (let i = 0; i < section.items.length; i += perRow) {
        keepTogether(doc, 16);
        const y = doc.y;
        section.items.slice(i, i + perRow).forEach((item, c) => {
          doc.font('regular').fontSize(BODY).text(`${item.number}. ${item.key}`, LEFT + c * w, y, { width: w, lineBreak: false });
        });
        doc.x = LEFT;
        doc.y = y + 16;
      }
    } else {
      for (const item of section.items) {
        const text = `${item.number}.（${item.points}分）${item.key}`;
        doc.font('regular').fontSize(BODY);
        keepTogether(doc, doc.heightOfString(text, { width: WIDTH, lineGap: 2 }) + 4);
        doc.text(text, LEFT, doc.y, { width: WIDTH, lineGap: 2 });
        doc.moveDown(0.3);
      }
    }
    doc.moveDown(0.5);
  }
  return finish(doc, trace, false);
}

/** 评分记录（阅卷用）: points per section with room for the marker's score and signature. */
export function renderMarkingSheet(paper: PrintablePaper, trace: PrintTrace): Promise<Buffer> {
  const doc = createDocument({ title: `${paper.header.occupationName}${paper.header.levelLabel}理论知识试卷 评分记录表`, bufferPages: true, margins: MARGINS });
  confidentialTitle(doc, paper, '评分记录表');
  doc.font('regular').fontSize(9.5).fillColor('#000000').text('考生姓名＿＿＿＿＿＿＿＿　　准考证号＿＿＿＿＿＿＿＿＿＿＿＿', LEFT, doc.y, { width: WIDTH });
  doc.moveDown(0.6);
  const rows = [['题型', '题号', '满分', '得分', '评分人签名'], ...paper.sections.map((s) => [s.typeLabel, `${s.items[0]!.number}~${s.items.at(-1)!.number}`, String(s.points), '', '']), ['合计', '', String(paper.totalPoints), '', '']];
  table(doc, rows, [WIDTH * 0.28, WIDTH * 0.18, WIDTH * 0.14, WIDTH * 0.14, WIDTH * 0.26], { rowHeight: 24, bold: rows.map((_, i) => i === 0) });
  const subjective = paper.sections.flatMap((s) => s.items.filter((i) => i.bubbles.length === 0));
  if (subjective.length) {
    doc.font('bold').fontSize(BODY).text('主观题评分要点', LEFT, doc.y, { width: WIDTH });
    doc.moveDown(0.3);
    for (const item of subjective) {
      const text = `${item.number}.（${item.points}分）${item.key}　　得分：＿＿＿＿`;
      doc.font('regular').fontSize(BODY);
      keepTogether(doc, doc.heightOfString(text, { width: WIDTH, lineGap: 2 }) + 4);
      doc.text(text, LEFT, doc.y, { width: WIDTH, lineGap: 2 });
      doc.moveDown(0.3);
    }
  }
  doc.moveDown(1);
  doc.font('regular').fontSize(BODY).text('评分人（签名）＿＿＿＿＿＿＿＿　　核分人（签名）＿＿＿＿＿＿＿＿　　日期＿＿＿＿＿＿', LEFT, doc.y, { width: WIDTH });
  return finish(doc, trace, false);
}
