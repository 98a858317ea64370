import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import jschardet from 'jschardet';
import { GuardedWorkbookReader } from '../xlsx-reader';
import { DEFAULT_ARCHIVE_LIMITS, checkSheetRow, type ArchiveLimits } from '../archive-limits';
import { unguardFormula } from '../formula-guard';
import { cellValueText, type XlsxInput } from '../xlsx-import';
import type { SheetRow } from './records';
import { Readable } from 'node:stream';

/**
 * Tabular sources as plain rows of cell texts: every sheet of an .xlsx (read through the
 * metered zip reader; formulas are never evaluated, a formula cell gives the result Excel
 * saved), or a CSV file in UTF-8 or GB18030/GBK with its encoding detected.
 */

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

function toReadable(input: XlsxInput): Readable | string {
  if (typeof input === 'string' || input instanceof Readable) return input;
  return Readable.from([Buffer.from(input.buffer, input.byteOffset, input.byteLength)], { objectMode: false });
}

/** Every sheet's rows as texts (1-based row numbers kept), within the archive limits. */
export async function readXlsxSheets(input: XlsxInput, limits: Partial<ArchiveLimits> = {}): Promise<Sheet[]> {
  const bounds: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const reader = new GuardedWorkbookReader(toReadable(input), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' }, bounds);
  const sheets: Sheet[] = [];
  for await (const worksheet of reader) {
    const sheet: Sheet = { name: String((worksheet as { name?: unknown }).name ?? ''), rows: [] };
    let count = 0;
    for await (const row of worksheet) {
      count += 1;
      const values = row.values as unknown[];
      checkSheetRow(count, row.number, values, bounds);
      const cells: string[] = [];
      for (let col = 1; col < values.length; col++) cells.push(unguardFormula(cellValueText(values[col]).text));
      sheet.rows.push({ row: row.number, cells });
    }
    sheets.push(sheet);
  }
  return sheets;
}

export interface DecodedText {
  text: string;
  /** The encoding used, as shown to the admin (`UTF-8`, `GB18030`). */
  encoding: string;
  /** How sure the detector was (0–1); 1 for a byte-order mark. */
  confidence: number;
}

const CHINESE = /^(gb2312|gbk|gb18030|gb-18030|hz-gb-2312|euc-cn)$/i;

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes of a text file → text. A BOM decides; otherwise jschardet guesses from a sample and
 * the guess is checked: text that is valid UTF-8 is UTF-8, and a file of Chinese text that is
 * not is read as GB18030 (a superset of GBK and GB2312), whatever single-byte code page the
 * detector preferred.
 */
export function decodeText(bytes: Buffer): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8', confidence: 1 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf16le'), encoding: 'UTF-16LE', confidence: 1 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf16be'), encoding: 'UTF-16BE', confidence: 1 };
  const sample = bytes.subarray(0, 256 * 1024);
  const guess = jschardet.detect(sample, { minimumThreshold: 0 });
  const name = (guess.encoding ?? '').toString();
  if (/^(utf-8|ascii)$/i.test(name) || (!CHINESE.test(name) && isUtf8(bytes))) return { text: bytes.toString('utf8'), encoding: 'UTF-8', confidence: guess.confidence ?? 0 };
  return { text: iconv.decode(bytes, 'gb18030'), encoding: 'GB18030', confidence: CHINESE.test(name) ? (guess.confidence ?? 0) : 0 };
}

/** CSV text → rows (quoted fields may hold commas, quotes and line breaks); row = the record's first line. */
export function csvRows(text: string): SheetRow[] {
  const records = parseCsv(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, bom: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  let previousEnd = 0;
  return records.map(({ record, info }) => {
    const row = previousEnd + 1;
    previousEnd = info.lines;
    return { row, cells: record };
  });
}
