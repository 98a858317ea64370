import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ItemContentSchema, type ItemContent } from '../item-schema';
import {
  HELP_SHEET_NAME,
  ITEMS_SHEET_NAME,
  XLSX_COLUMNS,
  XLSX_HEADERS,
  columnLetters,
  itemToRowValues,
  typeLabels,
  type CellValue,
} from './xlsx-format';
import { templateExamples } from './template-examples';
import { guardFormula } from './formula-guard';
import { questionTypes } from '../../question-types';

/**
 * Excel writers: item exports and the blank template, both with exceljs's streaming
 * WorkbookWriter, so a 50,000-item export is written row by row (each row is committed and
 * dropped as soon as it is added). Strings go through the shared-strings table: exceljs's
 * streaming reader decodes inline strings twice, which would corrupt text such as `&lt;`.
 */

export interface ExportItem {
  code?: string;
  content: ItemContent;
}

export interface XlsxExportSummary {
  rows: number;
  /** Items the 试题 sheet cannot carry (skill tasks), by code; they are on their type's own sheet when it has one. */
  skipped: { code?: string; reason: string }[];
  /** Rows written to each type's own sheet (技能操作试题: one per scoring row). */
  sheetRows: Record<string, number>;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF9E9E9E' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, name: '宋体', size: 11 };

/** Rows covered by the template's drop-down lists. */
const VALIDATED_ROWS = 10_000;

function newWorkbook(output: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: true, useStyles: true });
  workbook.creator = 'skill-appraisal-platform';
  workbook.created = new Date();
  return workbook;
}

function addItemsSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(ITEMS_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = XLSX_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const header = sheet.addRow([...XLSX_HEADERS]);
  header.height = 22;
  header.eachCell((cell, col) => {
    const column = XLSX_COLUMNS[col - 1]!;
    cell.font = HEADER_FONT;
    cell.fill = column.required ? REQUIRED_FILL : HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
  });
  header.commit();
  return sheet;
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Writes items to `output` as an .xlsx in the template layout (sheet 试题, header row, frozen).
 * Skill tasks are skipped and listed in the summary. Resolves when the workbook is complete.
 */
export async function writeItemsXlsx(items: AsyncIterable<ExportItem> | Iterable<ExportItem>, output: Writable): Promise<XlsxExportSummary> {
  const workbook = newWorkbook(output);
  const sheet = addItemsSheet(workbook);
  // Types the 试题 sheet cannot carry may have a sheet of their own (skill tasks with their scoring rows).
  const ownSheets = new Map(questionTypes.all().flatMap((m) => (!m.xlsx.carried && m.xlsx.exportSheet ? [[m.name, { spec: m.xlsx.exportSheet, sheet: addOwnSheet(workbook, m.xlsx.exportSheet) }] as const] : [])));
  const summary: XlsxExportSummary = { rows: 0, skipped: [], sheetRows: {} };
  for await (const { code, content } of items) {
    const values = itemToRowValues(code, content);
    if (!values) {
      const own = ownSheets.get(content.type);
      if (own) {
        for (const row of own.spec.rows(code, content as never)) own.sheet.addRow(row.map(guardFormula)).commit();
        summary.sheetRows[own.spec.name] = (summary.sheetRows[own.spec.name] ?? 0) + 1;
      } else summary.skipped.push({ ...(code ? { code } : {}), reason: `${content.type} items are exported as JSON only` });
      continue;
    }
    sheet.addRow(values.map(guardFormula)).commit();
    summary.rows += 1;
    // Let the zip stream drain now and then instead of queueing the whole file.
    if (summary.rows % 500 === 0) await tick();
  }
  sheet.commit();
  for (const own of ownSheets.values()) own.sheet.commit();
  await workbook.commit();
  return summary;
}

function addOwnSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, spec: { name: string; headers: readonly string[]; widths: readonly number[] }): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = spec.headers.map((_, i) => ({ width: spec.widths[i] ?? 12 }));
  const header = sheet.addRow([...spec.headers]);
  header.eachCell((cell) => {
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
  });
  header.commit();
  return sheet;
}

function addValidations(sheet: ExcelJS.Worksheet): void {
  const validations = (sheet as unknown as { dataValidations: { add(ref: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  const col = (key: string) => columnLetters(XLSX_COLUMNS.findIndex((c) => c.key === key) + 1);
  const range = (key: string) => `${col(key)}2:${col(key)}${VALIDATED_ROWS + 1}`;
  // Warnings rather than stops: the import also accepts other spellings (单项选择题, 较难…).
  validations.add(range('type'), {
    type: 'list',
    allowBlank: true,
    formulae: [`"${Object.values(typeLabels()).join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '题型',
    error: '请选择 判断题、单选题、多选题 或 简答题。技能操作试题请用 JSON 格式导入。',
  });
  validations.add(range('difficulty'), {
    type: 'list',
    allowBlank: true,
    formulae: ['"1,2,3,4,5"'],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '难度',
    error: '难度填 1–5（1 最易，5 最难）。',
  });
  validations.add(range('keepOptionOrder'), {
    type: 'list',
    allowBlank: true,
    formulae: ['"是,否"'],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '选项顺序固定',
    error: '填 是 或 否。',
  });
  validations.add(range('estimatedSeconds'), {
    type: 'whole',
    operator: 'between',
    allowBlank: true,
    formulae: [5, 14_400],
    showErrorMessage: true,
    errorStyle: 'warning',
    errorTitle: '预计用时(秒)',
    error: '填 5–14400 之间的整数秒，或留空。',
  });
}

function styleTableRow(row: ExcelJS.Row, bold = false): void {
  row.eachCell({ includeEmpty: false }, (cell) => {
    cell.alignment = { vertical: 'top', wrapText: true };
    cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
    if (bold) {
      cell.font = HEADER_FONT;
      cell.fill = HEADER_FILL;
    }
  });
}

function addHelpSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const sheet = workbook.addWorksheet(HELP_SHEET_NAME);
  // The column table (列名 | 填写说明 | 必填) and the example rows share the columns: 题型 | 题干 | 选项A….
  sheet.columns = [{ width: 14 }, { width: 64 }, { width: 14 }, ...XLSX_COLUMNS.slice(3).map(() => ({ width: 14 }))];
  const title = sheet.addRow(['试题导入模板 · 填写说明']);
  title.font = { bold: true, size: 14 };
  title.commit();
  sheet
    .addRow(['在“试题”工作表中每行填写一道试题，第一行列名不要修改。导入分两步：先“检查”，系统逐行列出错误（行号、列名、原因）；全部无误后再“确认导入”，所有试题一次写入，有任何错误则一道也不写入。'])
    .commit();
  sheet.addRow(['题干、选项、答案、解析可以是普通文字（换行即分段），也可以用 HTML 安全子集写上下标、加粗、表格和图片：如 H<sub>2</sub>O、10<sup>6</sup>、<strong>注意</strong>；图片须先上传到题库。']).commit();
  sheet.addRow([]).commit();
  const head = sheet.addRow(['列名', '填写说明', '必填']);
  styleTableRow(head, true);
  head.commit();
  for (const column of XLSX_COLUMNS) {
    const required = column.required ? '是' : column.key === 'A' || column.key === 'B' ? '选择题必填' : '否';
    const row = sheet.addRow([column.header, column.help, required]);
    styleTableRow(row);
    row.commit();
  }
  sheet.addRow([]).commit();
  sheet.addRow(['示例（每种题型一行；可复制到“试题”工作表后修改）']).commit();
  const exampleHead = sheet.addRow([...XLSX_HEADERS]);
  styleTableRow(exampleHead, true);
  exampleHead.commit();
  for (const example of templateExamples()) {
    const values = itemToRowValues(undefined, ItemContentSchema.parse(example)) as CellValue[];
    const row = sheet.addRow(values);
    styleTableRow(row);
    row.commit();
  }
  sheet.commit();
}

/**
 * The blank import template: sheet 试题 (styled header row, column widths, frozen header,
 * drop-down lists for 题型/难度/选项顺序固定) and sheet 填写说明 (each column explained, one
 * example row per type).
 */
export async function writeTemplateXlsx(output: Writable): Promise<void> {
  const workbook = newWorkbook(output);
  const sheet = addItemsSheet(workbook);
  addValidations(sheet);
  sheet.commit();
  addHelpSheet(workbook);
  await workbook.commit();
}
