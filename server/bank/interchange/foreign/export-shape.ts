import type { Writable } from 'node:stream';
import { OPTION_KEYS } from '../../item-schema';
import type { ItemContent } from '../../item-schema';
import { XLSX_COLUMNS, itemToRowValues, type ColumnKey } from '../xlsx-format';

/**
 * What an exported item looks like to a format with Moodle's question kinds, read from the row
 * the type's module writes for Excel: options make a choice question (single when one letter
 * is the answer), 对/错 a true/false one, anything else an essay with a reference answer. The
 * columns such formats have no place for come back as `extras` (written as `sa:<列名>=<值>`).
 * Undefined for types with no Excel row (skill tasks).
 */
export interface ExportShape {
  kind: 'multichoice' | 'truefalse' | 'essay';
  options: string[];
  /** Correct option letters (multichoice). */
  letters: string[];
  /** 对/错 (truefalse) or the reference answer (essay). */
  answer: string;
  points: string;
  keepOptionOrder: boolean;
  extras: Array<{ header: string; value: string }>;
}

/** Columns these formats carry in their own syntax; the rest are extras. */
const NATIVE: ReadonlySet<ColumnKey> = new Set<ColumnKey>(['type', 'stem', 'explanation', 'points', 'pointCode', 'answer', 'code', 'tags', 'keepOptionOrder', ...OPTION_KEYS]);

export function exportShape(code: string | undefined, content: ItemContent): ExportShape | undefined {
  const values = itemToRowValues(code, content);
  if (!values) return undefined;
  const cell = (key: ColumnKey) => {
    const v = values[XLSX_COLUMNS.findIndex((c) => c.key === key)];
    return v === null || v === undefined ? '' : String(v);
  };
  const options = OPTION_KEYS.map(cell).filter((o) => o !== '');
  const answer = cell('answer');
  return {
    kind: options.length ? 'multichoice' : answer === '对' || answer === '错' ? 'truefalse' : 'essay',
    options,
    letters: options.length ? answer.split(',').filter((l) => l !== '') : [],
    answer,
    points: cell('points'),
    keepOptionOrder: cell('keepOptionOrder') === '是',
    extras: XLSX_COLUMNS.filter((c) => !NATIVE.has(c.key) && cell(c.key) !== '').map((c) => ({ header: c.header, value: cell(c.key) })),
  };
}

/** `sa:<列名>=<值>` → the template column it carries, or undefined. */
const EXTRA = /^sa:([^=]+)=([\s\S]*)$/;
const COLUMN_OF_HEADER: ReadonlyMap<string, ColumnKey> = new Map(XLSX_COLUMNS.map((c) => [c.header, c.key]));

export function readExtra(text: string): { key: ColumnKey; value: string } | 'not-extra' | 'unknown' {
  const match = EXTRA.exec(text);
  if (!match) return 'not-extra';
  const key = COLUMN_OF_HEADER.get(match[1]!);
  return key ? { key, value: match[2]! } : 'unknown';
}

export const writeExtra = (e: { header: string; value: string }) => `sa:${e.header}=${e.value}`;

/** Writes text chunks to a stream, waiting for it to drain when it asks to. */
export function chunkWriter(out: Writable): (chunk: string) => Promise<void> {
  return (chunk) => (out.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
}

/** Appraisal point codes as category names carry them (`…/AB001`). */
export const POINT_CODE = /^[A-Z]{1,3}\d{3}$/;

/** The appraisal point a category path names in its last segment, if it does. */
export function pointOfCategory(path: string): string | undefined {
  const last = path.split('/').at(-1)?.normalize('NFKC').trim().toUpperCase() ?? '';
  return POINT_CODE.test(last) ? last : undefined;
}

/** How a category-based text format writes its parts (Moodle XML, GIFT). */
export interface CategoryFormat {
  head?: string;
  tail?: string;
  /** The category block for `$course$/<bank>/<point>`. */
  category(path: string): string;
  /** One question. */
  question(code: string | undefined, content: ItemContent, shape: ExportShape): string;
}

/**
 * Items → a category-based format: a category each time the appraisal point changes (items
 * come sorted by code), then the question. Items with no export shape (skill tasks) are left
 * out and returned.
 */
/** The category of items without an appraisal point in Moodle and GIFT exports. */
export const UNPLACED_CATEGORY = '待指定鉴定点';

export async function writeByCategory(items: AsyncIterable<{ code?: string; content: ItemContent }> | Iterable<{ code?: string; content: ItemContent }>, out: Writable, bankCode: string, format: CategoryFormat): Promise<{ written: number; skipped: string[] }> {
  const write = chunkWriter(out);
  if (format.head) await write(format.head);
  let category: string | undefined;
  let written = 0;
  const skipped: string[] = [];
  for await (const { code, content } of items) {
    const shape = exportShape(code, content);
    if (!shape) {
      skipped.push(code ?? '');
      continue;
    }
    if (content.pointCode !== category) {
      category = content.pointCode;
      // Items without a point get a category no point code matches, so they read back unplaced.
      await write(format.category(`$course$/${bankCode}/${category || UNPLACED_CATEGORY}`));
    }
    await write(format.question(code, content, shape));
    written += 1;
  }
  if (format.tail) await write(format.tail);
  return { written, skipped };
}
