import { Readable } from 'node:stream';
import { GuardedWorkbookReader } from './xlsx-reader';
import { unguardFormula } from './formula-guard';
import { ArchiveLimitError, DEFAULT_ARCHIVE_LIMITS, checkSheetRow, type ArchiveLimits } from './archive-limits';
import type { ItemContent, ItemType } from '../item-schema';
import { questionTypes } from '../../question-types';
import type { XlsxRowError } from './issues';
import {
  COLUMN_BY_KEY,
  XLSX_COLUMNS,
  columnKeyOfHeader,
  columnLetters,
  isIgnoredHeader,
  parseItemRow,
  type ColumnKey,
  type RowLayout,
  type RowParseOptions,
  type RowTexts,
} from './xlsx-format';

/**
 * Streaming import of the Excel item layout. The workbook is never loaded whole: exceljs's
 * streaming WorkbookReader hands over one row at a time (a worksheet that precedes the shared
 * strings in the zip, as Excel writes it, is first spooled to a temporary file, not to memory),
 * and each row is parsed and validated as it arrives. The archive is metered as it inflates
 * (archive-limits.ts): a file that crosses a limit throws ArchiveLimitError.
 */

export type XlsxInput = Readable | string | Buffer | Uint8Array;

export interface XlsxReadOptions extends RowParseOptions {
  /** Data rows allowed in one file (default 100,000); more is a fatal error. */
  maxRows?: number;
  /** Ignore columns whose header is not a known one (default: they are errors). */
  ignoreUnknownColumns?: boolean;
  /** Rows searched for the header row (default 5). */
  headerSearchRows?: number;
  /** Archive limits (entries, inflated bytes, ratio, rows, columns); crossing one throws ArchiveLimitError. */
  limits?: Partial<ArchiveLimits>;
}

export interface XlsxRowResult {
  /** Sheet row number (the header is usually row 1, so data starts at 2). */
  row: number;
  /** 试题编号 when the row names an existing item to update. */
  code?: string;
  /** The validated content, present exactly when `errors` is empty. */
  item?: ItemContent;
  errors: XlsxRowError[];
  /** The file as a whole cannot be imported (not an xlsx, no header row, too many rows…). */
  fatal?: boolean;
}

const DEFAULT_MAX_ROWS = 100_000;

function fatal(row: number, column: string, message: string, messageEn: string, code: string): XlsxRowResult {
  return { row, errors: [{ row, column, message, messageEn, code }], fatal: true };
}

/** A cell value from exceljs → its text, or the Excel error it holds (`#N/A`). */
export function cellValueText(value: unknown): { text: string; error?: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '' };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10) };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return { text: (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('') };
    if ('error' in v) return { text: '', error: String(v.error) };
    if ('formula' in v || 'sharedFormula' in v) return cellValueText(v.result);
    if (typeof v.text === 'string') return { text: v.text };
    if (v.text !== undefined) return cellValueText(v.text);
  }
  return { text: String(value) };
}

function toStream(input: XlsxInput): Readable | string {
  if (typeof input === 'string' || input instanceof Readable) return input;
  // In 64 KiB slices, like a file stream, so the zip parser reads with back-pressure.
  const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const slices = Array.from({ length: Math.ceil(buffer.length / 65536) }, (_, i) => buffer.subarray(i * 65536, (i + 1) * 65536));
  return Readable.from(slices, { objectMode: false });
}

interface SheetState {
  layout?: RowLayout;
  /** The header row could not be found in the first rows, or it was unusable. */
  rejected: boolean;
}

/** Header row cells → layout, or the problems with it. */
function layoutFromHeader(values: unknown[], row: number, options: XlsxReadOptions): { layout: RowLayout; errors: XlsxRowError[] } | undefined {
  const columns: Partial<Record<ColumnKey, number>> = {};
  const labels: Partial<Record<ColumnKey, string>> = {};
  const errors: XlsxRowError[] = [];
  const unknown: { col: number; text: string }[] = [];
  values.forEach((value, col) => {
    const text = cellValueText(value).text.trim();
    if (!text) return;
    const key = columnKeyOfHeader(text);
    if (!key) {
      if (!isIgnoredHeader(text)) unknown.push({ col, text });
      return;
    }
    if (columns[key] !== undefined) {
      errors.push({ row, column: text, cell: `${columnLetters(col)}${row}`, message: `“${text}”列重复（与 ${columnLetters(columns[key]!)} 列相同）`, messageEn: `Column "${text}" appears twice`, code: 'header.duplicate' });
      return;
    }
    columns[key] = col;
    labels[key] = text;
  });
  if (columns.type === undefined || columns.stem === undefined) return undefined;
  for (const column of XLSX_COLUMNS) {
    if (column.required && columns[column.key] === undefined) {
      errors.push({ row, column: column.header, message: `缺少必需的列“${column.header}”`, messageEn: `Missing required column "${column.header}" (${column.headerEn})`, code: 'header.missing' });
    }
  }
  if (!options.ignoreUnknownColumns) {
    for (const { col, text } of unknown) {
      errors.push({
        row,
        column: text,
        cell: `${columnLetters(col)}${row}`,
        message: `无法识别的列“${text}”：请使用模板中的列名，或删除这一列`,
        messageEn: `Unknown column "${text}"; use the template's headers or remove the column`,
        code: 'header.unknown',
      });
    }
  }
  return { layout: { columns, labels }, errors };
}

/**
 * Reads item rows from an .xlsx file or stream, one result per non-empty data row, in sheet
 * order. The items sheet is the first sheet whose header row (within the first rows) has
 * 题型 and 题干; other sheets (such as 填写说明) are skipped. A result with `fatal` means the
 * file cannot be imported at all; it is the last result.
 */
export async function* readItemRowsFromXlsx(input: XlsxInput, options: XlsxReadOptions = {}): AsyncGenerator<XlsxRowResult> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const headerSearchRows = options.headerSearchRows ?? 5;
  const source = toStream(input);
  const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  const reader = new GuardedWorkbookReader(
    source,
    { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' },
    limits,
  );
  let found = false;
  let finished = false;
  let completed = false;
  try {
    for await (const worksheet of reader) {
      const state: SheetState = { rejected: found };
      const codeRows = new Map<string, number>();
      let dataRows = 0;
      let lastRow = 0;
      let sheetRows = 0;
      for await (const row of worksheet) {
        // Every row counts, empty or not, on every sheet: a sheet of empty rows is refused early.
        sheetRows += 1;
        const values = row.values as unknown[];
        checkSheetRow(sheetRows, row.number, values, limits);
        if (state.rejected) continue; // drain the sheet
        const rowNumber = Number.isFinite(row.number) ? row.number : lastRow + 1;
        lastRow = rowNumber;
        if (!state.layout) {
          if (rowNumber > headerSearchRows) {
            state.rejected = true;
            continue;
          }
          const header = layoutFromHeader(values, rowNumber, options);
          if (!header) continue;
          found = true;
          if (header.errors.length) {
            yield { row: rowNumber, errors: header.errors, fatal: true };
            finished = true;
            return;
          }
          state.layout = header.layout;
          continue;
        }
        const texts: RowTexts = {};
        const cellErrors: XlsxRowError[] = [];
        let empty = true;
        for (const [key, col] of Object.entries(state.layout.columns) as [ColumnKey, number][]) {
          const { text, error } = cellValueText(values[col]);
          if (error) {
            cellErrors.push({
              row: rowNumber,
              column: state.layout.labels[key] ?? COLUMN_BY_KEY[key].header,
              cell: `${columnLetters(col)}${rowNumber}`,
              message: `单元格是错误值 ${error}，请改为实际内容`,
              messageEn: `The cell holds the error value ${error}`,
              code: 'cell.error-value',
            });
            empty = false;
          }
          if (text.trim() !== '') {
            texts[key] = unguardFormula(text);
            empty = false;
          }
        }
        if (empty) continue;
        dataRows += 1;
        if (dataRows > maxRows) {
          yield fatal(rowNumber, '', `数据行超过 ${maxRows} 行，请拆分为多个文件导入`, `More than ${maxRows} data rows; split the file`, 'file.too-many-rows');
          finished = true;
          return;
        }
        const parsed = parseItemRow(texts, rowNumber, state.layout, options);
        const errors = cellErrors.length ? [...cellErrors, ...parsed.errors] : parsed.errors;
        if (parsed.code) {
          const first = codeRows.get(parsed.code);
          if (first !== undefined) {
            const col = state.layout.columns.code;
            errors.push({
              row: rowNumber,
              column: state.layout.labels.code ?? '试题编号',
              ...(col ? { cell: `${columnLetters(col)}${rowNumber}` } : {}),
              message: `试题编号 ${parsed.code} 与第 ${first} 行重复`,
              messageEn: `Item code ${parsed.code} repeats row ${first}`,
              code: 'code.duplicate',
            });
          } else codeRows.set(parsed.code, rowNumber);
        }
        yield {
          row: rowNumber,
          ...(parsed.code ? { code: parsed.code } : {}),
          ...(errors.length === 0 && parsed.item ? { item: parsed.item } : {}),
          errors,
        };
      }
      if (state.layout) found = true;
    }
    completed = true;
    finished = true;
    if (!found) {
      yield fatal(
        1,
        '',
        '找不到表头行：试题工作表的第一行应为模板的列名（题型、题干、选项A…）。请下载模板后填写。',
        'No header row found: the first row of the items sheet must hold the template headers (题型, 题干, …)',
        'file.no-header',
      );
    }
  } catch (error) {
    if (finished || error instanceof ArchiveLimitError) throw error;
    finished = true;
    yield fatal(
      0,
      '',
      '无法读取文件：请确认是 Excel 2007 及以上版本的 .xlsx 文件（不支持 .xls 和 .csv）',
      `The file cannot be read as .xlsx (${error instanceof Error ? error.message : String(error)})`,
      'file.unreadable',
    );
  } finally {
    if (!completed && typeof source === 'string') {
      // Stopped before the end (fatal error, or the consumer stopped): close the file now.
      (reader as unknown as { stream?: Readable }).stream?.destroy();
    }
  }
}

/** The dry-run report of an Excel import: counts and the row-by-row errors. */
export interface XlsxImportReport {
  /** Non-empty data rows read. */
  rows: number;
  validRows: number;
  invalidRows: number;
  /** Valid rows that name an existing item (updates) and rows that add items. */
  updates: number;
  additions: number;
  /** Valid rows per type, for every type Excel carries. */
  byType: Record<ItemType, number>;
  /** Errors in row order, at most `maxErrors`. */
  errors: XlsxRowError[];
  /** More errors were found than reported. */
  truncated: boolean;
  /** The file as a whole cannot be imported. */
  fatal: boolean;
}

/**
 * Dry run: reads the whole file and reports every row's errors (the first `maxErrors`), writing
 * nothing. The commit step reads the file again and writes only when the report has no errors.
 */
export async function checkXlsxImport(input: XlsxInput, options: XlsxReadOptions & { maxErrors?: number } = {}): Promise<XlsxImportReport> {
  const maxErrors = options.maxErrors ?? 1000;
  const report: XlsxImportReport = {
    rows: 0,
    validRows: 0,
    invalidRows: 0,
    updates: 0,
    additions: 0,
    byType: Object.fromEntries(questionTypes.xlsxCarried().map(({ module }) => [module.name, 0])),
    errors: [],
    truncated: false,
    fatal: false,
  };
  for await (const result of readItemRowsFromXlsx(input, options)) {
    if (result.fatal) report.fatal = true;
    else {
      report.rows += 1;
      if (result.item) {
        report.validRows += 1;
        if (result.code) report.updates += 1;
        else report.additions += 1;
        report.byType[result.item.type] = (report.byType[result.item.type] ?? 0) + 1;
      } else report.invalidRows += 1;
    }
    for (const error of result.errors) {
      if (report.errors.length < maxErrors) report.errors.push(error);
      else report.truncated = true;
    }
  }
  return report;
}
