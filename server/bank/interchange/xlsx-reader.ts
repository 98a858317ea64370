import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { DEFAULT_ARCHIVE_LIMITS, guardedZipEntries, type ArchiveLimits } from './archive-limits';

/** Decodes UTF-8 chunks as one stream, so a character split between two chunks survives. */
async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

interface ZipEntry extends AsyncIterable<Buffer | string> {
  setEncoding(encoding: BufferEncoding): void;
}
type ParseEvent = { eventType: string; value: unknown };
type ReaderInternals = {
  input: Readable | string;
  stream?: Readable;
  sharedStrings?: unknown[];
  workbookRels?: unknown;
  _getStream(input: Readable | string): Readable;
  _parseRels(entry: ZipEntry): Promise<void>;
  _parseStyles(entry: ZipEntry): Promise<void>;
  _parseHyperlinks(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<ParseEvent>;
  _parseSharedStrings(entry: ZipEntry): AsyncGenerator<ParseEvent>;
  _parseWorkbook(entry: ZipEntry): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<ParseEvent>;
};
const BaseWorkbookReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: Readable | string, options: object) => ExcelJS.stream.xlsx.WorkbookReader & ReaderInternals;

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;
const SHEET_RELS = /^xl\/worksheets\/_rels\/sheet(\d+)\.xml\.rels$/;

/**
 * exceljs 4.4's streaming WorkbookReader with two repairs, relying on its internal methods
 * (covered by the tests):
 *
 * - UTF-8: it decodes every zip chunk to text on its own, so a multi-byte character that
 *   straddles two chunks (any CJK character, about one in 5,000 on a large sheet) turns into
 *   U+FFFD (exceljs issues #2084, #2063, #2316; unfixed upstream). Here the parser gets text
 *   decoded across chunk boundaries.
 * - Hostile archives: `parse` reads the zip through `guardedZipEntries` (the same unzipper
 *   parser, metered: entry count, inflated bytes, compression ratio), and a worksheet that
 *   precedes the shared strings is spooled into a private directory that is removed when
 *   parsing ends or stops, however it stops (exceljs's own spool files stayed until exit).
 */
export class GuardedWorkbookReader extends BaseWorkbookReader {
  constructor(
    input: Readable | string,
    options: object,
    private readonly limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  ) {
    super(input, options);
  }

  override _parseSharedStrings(entry: ZipEntry): AsyncGenerator<ParseEvent> {
    entry.setEncoding('utf8');
    return super._parseSharedStrings(entry);
  }

  override _parseWorkbook(entry: ZipEntry): Promise<void> {
    entry.setEncoding('utf8');
    return super._parseWorkbook(entry);
  }

  override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<ParseEvent> {
    return super._parseWorksheet(decodeUtf8(iterator), sheetNo);
  }

  /** Same events as exceljs's parse, read through the metered zip entries. */
  override async *parse(): AsyncGenerator<ParseEvent> {
    const source = (this.stream = this._getStream(this.input));
    let spoolDir: string | undefined;
    const spooled: Array<{ sheetNo: string; file: string }> = [];
    const open: Readable[] = [];
    try {
      for await (const entry of guardedZipEntries(source, this.limits)) {
        const zipEntry = entry as unknown as ZipEntry;
        const sheet = SHEET.exec(entry.path);
        const rels = SHEET_RELS.exec(entry.path);
        if (entry.path === 'xl/_rels/workbook.xml.rels') await this._parseRels(zipEntry);
        else if (entry.path === 'xl/workbook.xml') await this._parseWorkbook(zipEntry);
        else if (entry.path === 'xl/sharedStrings.xml') yield* this._parseSharedStrings(zipEntry);
        else if (entry.path === 'xl/styles.xml') await this._parseStyles(zipEntry);
        else if (sheet) {
          if (this.sharedStrings && this.workbookRels) yield* this._parseWorksheet(entry, sheet[1]!);
          else {
            spoolDir ??= await mkdtemp(path.join(os.tmpdir(), 'xlsx-spool-'));
            const file = path.join(spoolDir, `sheet${sheet[1]}.xml`);
            await pipeline(entry, createWriteStream(file));
            spooled.push({ sheetNo: sheet[1]!, file });
          }
        } else if (rels) yield* this._parseHyperlinks(entry, rels[1]!);
        entry.autodrain();
      }
      for (const { sheetNo, file } of spooled) {
        const stream = createReadStream(file);
        open.push(stream);
        yield* this._parseWorksheet(stream, sheetNo);
      }
    } finally {
      for (const stream of open) stream.destroy();
      source.destroy();
      if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
    }
  }
}
