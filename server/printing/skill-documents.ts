import { A4, createDocument, keepTogether, mm, stampPages, toBuffer, type PrintTrace } from './document';
import type { PrintablePaper, PrintableItem } from './printable';

/**
 * The skill-test documents of a paper, pure: 考场准备通知单, 考生准备通知单, the task paper
 * (试题) and the 评分记录表 with its rows, points, deduction rules and signature lines. Each
 * task starts on a page of its own in each document.
 */
export const SKILL_DOCUMENTS = ['venue-notice', 'candidate-notice', 'task-paper', 'scoring-sheet'] as const;
export type SkillDocument = (typeof SKILL_DOCUMENTS)[number];

const TITLES: Record<SkillDocument, string> = {
  'venue-notice': '考场准备通知单',
  'candidate-notice': '考生准备通知单',
  'task-paper': '技能操作考核试题',
  'scoring-sheet': '技能操作考核评分记录表',
};

const LEFT = mm(20);
const WIDTH = A4.width - 2 * LEFT;

function tasksOf(paper: PrintablePaper): PrintableItem[] {
  return paper.sections.flatMap((s) => s.items).filter((i) => i.task);
}

function heading(doc: PDFKit.PDFDocument, paper: PrintablePaper, what: SkillDocument, item: PrintableItem): void {
  doc.font('bold').fontSize(14).fillColor('#000000').text('职业技能鉴定国家题库', LEFT, doc.y, { width: WIDTH, align: 'center' });
  doc.fontSize(17).text(`${paper.header.occupationName}${paper.header.levelLabel}${TITLES[what]}`, { width: WIDTH, align: 'center' });
  doc.font('regular').fontSize(9.5).text(`科目代码：${paper.header.paperCode}　　试题 ${item.number}（${item.pointCode}）　　考核时间：${item.task!.timeAllowedMinutes} 分钟`, { width: WIDTH, align: 'center' });
  doc.moveDown(0.8);
}

function list(doc: PDFKit.PDFDocument, lines: string[]): void {
  doc.font('regular').fontSize(10.5).fillColor('#000000');
  if (lines.length === 0) doc.text('（无）', LEFT, doc.y, { width: WIDTH });
  lines.forEach((line, i) => doc.text(`${i + 1}. ${line}`, LEFT + mm(4), doc.y, { width: WIDTH - mm(4), lineGap: 2 }));
}

const COLUMNS = [
  { label: '序号', width: 0.06 },
  { label: '考核要素', width: 0.15 },
  { label: '考核要求', width: 0.25 },
  { label: '配分', width: 0.07 },
  { label: '评分标准', width: 0.31 },
  { label: '扣分', width: 0.08 },
  { label: '得分', width: 0.08 },
];

/** An examiner's entries on a sheet: per row the deduction and score, and the sheet's total. */
export interface FilledSheet {
  rows: Array<{ deduction: number; score: number; remark: string }>;
  total: number;
}

function scoringTable(doc: PDFKit.PDFDocument, task: NonNullable<PrintableItem['task']>, filled?: FilledSheet): void {
  const widths = COLUMNS.map((c) => c.width * WIDTH);
  const cellText = (row: NonNullable<PrintableItem['task']>['rows'][number], i: number) => {
    const entry = filled?.rows[i];
    const rules = row.veto ? `${row.deductionRules}（否决项）` : row.deductionRules;
    return [String(i + 1), row.element, row.requirement, String(row.points), entry?.remark ? `${rules}\n备注：${entry.remark}` : rules, entry ? String(entry.deduction) : '', entry ? String(entry.score) : ''];
  };
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    const h = Math.max(18, ...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 6, lineGap: 1 }) + 8));
    keepTogether(doc, h);
    const top = doc.y;
    let x = LEFT;
    cells.forEach((c, i) => {
      doc.save().lineWidth(0.6).strokeColor('#000000').rect(x, top, widths[i]!, h).stroke().restore();
      doc.fillColor('#000000').text(c, x + 3, top + 4, { width: widths[i]! - 6, lineGap: 1, align: i === 0 || i === 3 ? 'center' : 'left' });
      x += widths[i]!;
    });
    doc.x = LEFT;
    doc.y = top + h;
  };
  drawRow(COLUMNS.map((c) => c.label), true);
  task.rows.forEach((row, i) => drawRow(cellText(row, i), false));
  const total = task.rows.reduce((sum, r) => sum + r.points, 0);
  drawRow(['', '合计', '', String(total), '', '', filled ? String(filled.total) : ''], true);
}

/** What a filled 评分记录表 prints besides the task: who, where, the entries and the signatures. */
export interface FilledSheetHeader {
  title: string;
  subtitle: string;
  candidateLine: string;
  task: NonNullable<PrintableItem['task']>;
  filled: FilledSheet;
  notes: string[];
  signatureLine: string;
}

/** One examiner's filled 评分记录表 for one candidate and task, one page (more if the rows need it). */
export function renderFilledScoringSheet(sheet: FilledSheetHeader, trace: PrintTrace): Promise<Buffer> {
  const doc = createDocument({ title: sheet.title, bufferPages: true, margins: { top: mm(18), bottom: mm(20), left: LEFT, right: LEFT } });
  doc.font('bold').fontSize(14).fillColor('#000000').text('职业技能鉴定国家题库', LEFT, doc.y, { width: WIDTH, align: 'center' });
  doc.fontSize(17).text(sheet.title, { width: WIDTH, align: 'center' });
  doc.font('regular').fontSize(9.5).text(sheet.subtitle, { width: WIDTH, align: 'center' });
  doc.moveDown(0.8);
  doc.font('regular').fontSize(10).text(sheet.candidateLine, LEFT, doc.y, { width: WIDTH });
  doc.moveDown(0.5);
  scoringTable(doc, sheet.task, sheet.filled);
  doc.moveDown(0.6);
  for (const note of sheet.notes) doc.font('regular').fontSize(10).text(note, LEFT, doc.y, { width: WIDTH });
  doc.moveDown(0.8);
  keepTogether(doc, 40);
  doc.font('regular').fontSize(10).text(sheet.signatureLine, LEFT, doc.y, { width: WIDTH });
  stampPages(doc, trace);
  return toBuffer(doc);
}

/** One skill-test document for every skill task on the paper. */
export function renderSkillDocument(paper: PrintablePaper, what: SkillDocument, trace: PrintTrace): Promise<Buffer> {
  const doc = createDocument({ title: `${paper.header.occupationName}${paper.header.levelLabel}${TITLES[what]}`, bufferPages: true, margins: { top: mm(18), bottom: mm(20), left: LEFT, right: LEFT } });
  const tasks = tasksOf(paper);
  if (tasks.length === 0) doc.font('regular').fontSize(11).text('本试卷没有技能操作试题。', LEFT, doc.y, { width: WIDTH });
  tasks.forEach((item, index) => {
    if (index > 0) doc.addPage();
    heading(doc, paper, what, item);
    const task = item.task!;
    if (what === 'venue-notice') {
      doc.font('regular').fontSize(10.5).text('请考场在考核开始前按下列清单准备场地、设备、工具与材料，并由考场负责人确认。', LEFT, doc.y, { width: WIDTH });
      doc.moveDown(0.5);
      list(doc, task.venuePreparation);
      doc.moveDown(2);
      doc.text('考场负责人（签名）＿＿＿＿＿＿＿＿　　日期＿＿＿＿＿＿', LEFT, doc.y, { width: WIDTH });
    } else if (what === 'candidate-notice') {
      doc.font('regular').fontSize(10.5).text('请考生按下列清单自备工具与用品，并按时到达考场。', LEFT, doc.y, { width: WIDTH });
      doc.moveDown(0.5);
      list(doc, task.candidatePreparation);
    } else if (what === 'task-paper') {
      doc.font('regular').fontSize(10.5).text('考生姓名＿＿＿＿＿＿＿＿　　准考证号＿＿＿＿＿＿＿＿＿＿＿＿', LEFT, doc.y, { width: WIDTH });
      doc.moveDown(0.6);
      doc.font('bold').fontSize(11).text('试题内容与要求', LEFT, doc.y, { width: WIDTH });
      doc.font('regular').fontSize(10.5).text(task.statement, LEFT, doc.y + 2, { width: WIDTH, lineGap: 2 });
      doc.moveDown(0.6);
      doc.font('bold').fontSize(11).text('考核要求', LEFT, doc.y, { width: WIDTH });
      list(doc, task.rows.map((r) => `${r.element}：${r.requirement}（${r.points}分）`));
      const veto = task.rows.filter((r) => r.veto);
      if (veto.length) {
        doc.moveDown(0.4);
        doc.font('bold').fontSize(10.5).text(`否决项：${veto.map((r) => r.deductionRules).join('；')}`, LEFT, doc.y, { width: WIDTH });
      }
    } else {
      doc.font('regular').fontSize(10).text('考生姓名＿＿＿＿＿＿＿＿　　准考证号＿＿＿＿＿＿＿＿＿＿＿＿　　考评员编号＿＿＿＿', LEFT, doc.y, { width: WIDTH });
      doc.moveDown(0.5);
      scoringTable(doc, task);
      doc.moveDown(0.8);
      keepTogether(doc, 60);
      doc.font('regular').fontSize(10).text('考评员（签名）＿＿＿＿＿＿＿＿　　核分人（签名）＿＿＿＿＿＿＿＿　　日期＿＿＿＿＿＿', LEFT, doc.y, { width: WIDTH });
      doc.moveDown(0.4);
      doc.fontSize(9).fillColor('#555555').text('各考评员独立评分，不得互相商议；扣分不超过该项配分。', LEFT, doc.y, { width: WIDTH });
    }
  });
  stampPages(doc, trace);
  return toBuffer(doc);
}
