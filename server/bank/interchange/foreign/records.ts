import { OPTION_KEYS, type OptionKey } from '../../item-schema';
import type { XlsxRowError } from '../issues';
import { parseItemRow, parseItemType, columnLetters, type ColumnKey, type RowLayout, type RowParseOptions, type RowTexts } from '../xlsx-format';
import type { XlsxRowResult } from '../xlsx-import';
import { columnsByField, optionColumns, type FieldKey, type MappedColumn, type SheetMapping } from './headers';
import { choiceAnswerLetters, judgeAnswerWord, optionLetter, splitOptions, stripBrackets, type BinaryMeaning } from './notation';

/**
 * Foreign records → item content. Every format (mapped sheets, CSV, Word, pasted text) first
 * becomes records in the template's columns, then goes through `parseItemRow`, i.e. through
 * the question-type modules, exactly like the template. Pure.
 */

/** Defaults the mapping step sets for one file: for cells the file leaves empty. */
export interface ImportDefaults {
  /** 题型 when the file has no type column (a sheet or section name wins over it). */
  type?: string;
  pointCode?: string;
  /** 适用等级 (`5,4`); empty: the appraisal point's levels. */
  levels?: string;
  /** 难度 1–5; foreign files rarely carry it (default 3, 中等). */
  difficulty?: string;
  /** 分值. */
  points?: string;
  /** What 1 means in a 0/1 answer. */
  binary?: BinaryMeaning;
}

/** One item as another format wrote it, already in template columns. */
export interface ForeignRecord {
  /** Row (sheet) or line (text) where the item starts. */
  row: number;
  texts: RowTexts;
  /** Problems found while reading the format itself (before the item is checked). */
  errors: XlsxRowError[];
  /** Moodle/GIFT: the category the item sits in (the mapping step may give it a point). */
  category?: string;
}

export interface RecordOptions extends RowParseOptions {
  defaults?: ImportDefaults;
}

const DEFAULT_DIFFICULTY = '3';

/**
 * Answers in the notations other systems use → the template's: letters for items with options,
 * 对/错 for items without whose answer is a true/false word. Cells the file leaves empty take
 * the file's defaults.
 */
export function normaliseRecord(texts: RowTexts, defaults: ImportDefaults = {}): RowTexts {
  const out: RowTexts = { ...texts };
  const fill = (key: ColumnKey, value: string | undefined) => {
    if (value && !(out[key] ?? '').trim()) out[key] = value;
  };
  fill('type', defaults.type);
  fill('pointCode', defaults.pointCode);
  fill('levels', defaults.levels);
  fill('difficulty', defaults.difficulty ?? DEFAULT_DIFFICULTY);
  fill('points', defaults.points);
  const answer = (out.answer ?? '').trim();
  if (answer) {
    const hasOptions = OPTION_KEYS.some((k) => (out[k] ?? '').trim() !== '');
    const normalised = hasOptions ? choiceAnswerLetters(answer) : judgeAnswerWord(answer, defaults.binary);
    out.answer = normalised ?? (hasOptions ? stripBrackets(answer) : answer);
  }
  return out;
}

/** A record → the same result the template reader gives (item, or errors by column). */
export function recordResult(record: ForeignRecord, layout: RowLayout, options: RecordOptions = {}): XlsxRowResult {
  const parsed = parseItemRow(normaliseRecord(record.texts, options.defaults), record.row, layout, options);
  const errors = record.errors.length ? [...record.errors, ...parsed.errors] : parsed.errors;
  return { row: record.row, ...(parsed.code ? { code: parsed.code } : {}), ...(errors.length === 0 && parsed.item ? { item: parsed.item } : {}), errors };
}

// ---- mapped sheets ----------------------------------------------------------------------

export interface SheetRow {
  /** 1-based row number in the sheet (or line in a CSV). */
  row: number;
  cells: readonly string[];
}

/** The layout error messages use: the sheet's own headers and column letters. */
export function layoutOfMapping(mapping: SheetMapping): RowLayout {
  const byField = columnsByField(mapping);
  const columns: RowLayout['columns'] = {};
  const labels: RowLayout['labels'] = {};
  const put = (key: ColumnKey, column: MappedColumn) => {
    columns[key] = column.column;
    labels[key] = column.header;
  };
  for (const [field, column] of byField) if (isColumnKey(field)) put(field, column);
  const combined = byField.get('options') ?? byField.get('optionText');
  if (combined) for (const key of OPTION_KEYS) if (!columns[key]) put(key, combined);
  const correct = byField.get('optionCorrect');
  if (correct && !columns.answer) put('answer', correct);
  return { columns, labels };
}

const LAYOUT_FIELDS: ReadonlySet<FieldKey> = new Set(['options', 'seq', 'optionLabel', 'optionText', 'optionCorrect', 'ignore']);
function isColumnKey(field: FieldKey): field is ColumnKey {
  return !LAYOUT_FIELDS.has(field);
}

/** Problems with the header itself: two columns for one field, no stem. */
export function mappingErrors(mapping: SheetMapping): XlsxRowError[] {
  const errors: XlsxRowError[] = [];
  const seen = new Map<FieldKey, MappedColumn>();
  for (const c of mapping.columns) {
    if (c.field === 'ignore') continue;
    const first = seen.get(c.field);
    if (first) {
      errors.push({
        row: mapping.headerRow,
        column: c.header,
        cell: `${columnLetters(c.column)}${mapping.headerRow}`,
        message: `“${c.header}”列与“${first.header}”列（${columnLetters(first.column)} 列）对应同一字段，请在列映射中改选其中一列`,
        messageEn: `Columns "${c.header}" and "${first.header}" map to the same field`,
        code: 'mapping.duplicate',
      });
    } else seen.set(c.field, c);
  }
  return errors;
}

function cellOf(row: SheetRow, column: MappedColumn | undefined): string {
  return column ? (row.cells[column.column - 1] ?? '').trim() === '' ? '' : (row.cells[column.column - 1] ?? '') : '';
}

/**
 * Sheet rows under a mapping → records. Layouts: one item per row (options in their own columns,
 * or all in one cell), or one row per option (rows sharing a 题号 form one item). A sheet name
 * that names a type (`单选题`) is the type of its rows without a 题型.
 */
export function recordsFromSheet(rows: Iterable<SheetRow>, mapping: SheetMapping, sheetType?: string): ForeignRecord[] {
  const byField = columnsByField(mapping);
  const optionCols = optionColumns(byField);
  const combined = byField.get('options');
  const perOption = byField.has('optionText');
  const seq = byField.get('seq');
  const records: ForeignRecord[] = [];
  const typeOfSheet = sheetType && parseItemType(sheetType) ? sheetType : undefined;
  let group: { seq: string; record: ForeignRecord; options: Map<OptionKey, string>; correct: OptionKey[]; optionCount: number } | undefined;

  const base = (row: SheetRow): ForeignRecord => {
    const texts: RowTexts = {};
    for (const [field, column] of byField) {
      if (!isColumnKey(field) || (OPTION_KEYS as readonly string[]).includes(field)) continue;
      const value = cellOf(row, column);
      if (value) texts[field] = value;
    }
    if (!texts.type && typeOfSheet) texts.type = typeOfSheet;
    for (const key of optionCols) {
      const value = cellOf(row, byField.get(key));
      if (value) texts[key] = value;
    }
    const errors: XlsxRowError[] = [];
    const all = cellOf(row, combined);
    if (all && !perOption) {
      const split = splitOptions(all);
      if (!split) {
        errors.push({ row: row.row, column: combined!.header, cell: `${columnLetters(combined!.column)}${row.row}`, message: `“${combined!.header}”无法拆分为选项：应写成“A.… B.… C.…”`, messageEn: 'The options cell cannot be split into A.… B.… C.…', code: 'options.unsplittable' });
      } else if (split.length > OPTION_KEYS.length) {
        errors.push({ row: row.row, column: combined!.header, message: `选项超过 ${OPTION_KEYS.length} 个`, messageEn: `More than ${OPTION_KEYS.length} options`, code: 'options.too-many' });
      } else split.forEach((text, i) => (texts[OPTION_KEYS[i]!] = text));
    }
    return { row: row.row, texts, errors };
  };

  const closeGroup = () => {
    if (!group) return;
    const { record, options, correct } = group;
    OPTION_KEYS.forEach((key) => {
      const text = options.get(key);
      if (text) record.texts[key] = text;
    });
    if (!record.texts.answer && correct.length) record.texts.answer = correct.join(',');
    records.push(record);
    group = undefined;
  };

  for (const row of rows) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    if (!perOption) {
      records.push(base(row));
      continue;
    }
    const number = cellOf(row, seq).trim();
    if (!group || (number !== '' && number !== group.seq)) {
      closeGroup();
      group = { seq: number, record: base(row), options: new Map(), correct: [], optionCount: 0 };
    } else {
      // Later rows of the item: fill what the first row left empty.
      const more = base(row);
      for (const [key, value] of Object.entries(more.texts) as [ColumnKey, string][]) if (!group.record.texts[key]) group.record.texts[key] = value;
    }
    const text = cellOf(row, byField.get('optionText')).trim();
    if (!text) continue;
    const labelText = cellOf(row, byField.get('optionLabel')).trim();
    const key = labelText ? optionLetter(labelText) : OPTION_KEYS[group.optionCount];
    group.optionCount += 1;
    if (!key) {
      const col = byField.get('optionLabel')!;
      group.record.errors.push({ row: row.row, column: col.header, cell: `${columnLetters(col.column)}${row.row}`, message: `无法识别的选项号“${labelText}”，应为 A–H`, messageEn: `Unknown option letter "${labelText}"`, code: 'options.unknown-letter' });
      continue;
    }
    group.options.set(key, text);
    const correct = cellOf(row, byField.get('optionCorrect')).trim();
    if (correct && judgeAnswerWord(correct) === '对') group.correct.push(key);
  }
  closeGroup();
  return records;
}
