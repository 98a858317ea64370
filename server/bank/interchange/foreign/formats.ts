import { Readable } from 'node:stream';
import mammoth from 'mammoth';
import { guardedZipEntries, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from '../archive-limits';
import type { XlsxRowError } from '../issues';
import type { RowLayout } from '../xlsx-format';
import type { XlsxRowResult } from '../xlsx-import';
import { candidateMapping, detectMapping, HEADER_SEARCH_ROWS, type HeaderChoice, type SheetMapping } from './headers';
import { layoutOfMapping, mappingErrors, recordResult, recordsFromSheet, type ForeignRecord, type RecordOptions, type SheetRow } from './records';
import { csvRows, decodeText, readXlsxSheets } from './sheets';
import { recordsFromText, textBlocks, TEXT_LAYOUT, type TextBlock } from './chinese-text';
import { MOODLE_LAYOUT, MoodleFormatError, parseMoodleXml, type MoodleRecords } from './moodle';
import { XmlRefusedError } from './xml-safety';
import { ParsedCache } from './parsed-cache';
import { GIFT_LAYOUT, parseGift } from './gift';
import { QTI_LAYOUT, parseQtiItem, qtiPackageItems } from './qti';

/**
 * Every foreign format behind one interface: a parser takes the file's bytes and returns the
 * items it understood and a per-row (per-paragraph) report, built through the question-type
 * modules (records.ts). Pure apart from reading the bytes given.
 */

export type ForeignFormat = 'xlsx-mapped' | 'csv' | 'docx' | 'text' | 'moodle' | 'gift' | 'qti';

export interface ParseOptions extends RecordOptions {
  /** The admin's column choices (posted, or remembered for the bank). */
  choices?: readonly HeaderChoice[];
  /** Moodle/GIFT: the appraisal point the admin gave each category (wins over the category's own name). */
  categoryPoints?: ReadonlyArray<{ category: string; pointCode: string }>;
  limits?: Partial<ArchiveLimits>;
  /** Items allowed in one file (default 100,000). */
  maxItems?: number;
}

export interface SheetReport {
  sheet: string;
  mapping: SheetMapping;
  /** A few data rows under the header, for the mapping preview. */
  sample: Array<{ row: number; cells: string[] }>;
}

export interface ParsedFile {
  format: ForeignFormat;
  /** Text formats: the encoding detected (`UTF-8`, `GB18030`). */
  encoding?: string;
  /** Sheet formats: the mapping used, per sheet that had a header. */
  sheets: SheetReport[];
  /** One result per item found, in file order; a `fatal` result means the file cannot be read. */
  results: XlsxRowResult[];
  /** What the format holds that the platform does not take (reported, not imported, not blocking). */
  skipped?: XlsxRowError[];
  /** Moodle/GIFT: each category, its items and the point they get, for the mapping step. */
  categories?: CategoryReport[];
}

export interface CategoryReport {
  category: string;
  items: number;
  /** The point its items get: the admin's choice, else the category's own name, else none (the default). */
  pointCode?: string;
}

/**
 * Moodle/GIFT categories → appraisal points: the admin's choice for a category wins; a category
 * named by a point code (`…/AB001`) gives that point; the rest take the file's default.
 */
function applyCategoryPoints(records: ForeignRecord[], options: ParseOptions): CategoryReport[] {
  const chosen = new Map((options.categoryPoints ?? []).map((c) => [c.category, c.pointCode.normalize('NFKC').trim().toUpperCase()] as const));
  const reports = new Map<string, CategoryReport>();
  for (const record of records) {
    if (record.category === undefined) continue;
    const pick = chosen.get(record.category);
    if (pick) record.texts.pointCode = pick;
    const report = reports.get(record.category) ?? { category: record.category, items: 0, ...(record.texts.pointCode ? { pointCode: record.texts.pointCode } : {}) };
    report.items += 1;
    reports.set(record.category, report);
  }
  return [...reports.values()];
}

export interface ItemParser {
  readonly format: ForeignFormat;
  parse(bytes: Buffer, options: ParseOptions): Promise<ParsedFile>;
}

const SAMPLE_ROWS = 3;

function fatal(message: string, messageEn: string, code: string): XlsxRowResult {
  const error: XlsxRowError = { row: 0, column: '', message, messageEn, code };
  return { row: 0, errors: [error], fatal: true };
}

function tooMany(options: ParseOptions, count: number): XlsxRowResult | undefined {
  const max = options.maxItems ?? 100_000;
  return count > max ? fatal(`试题超过 ${max} 道，请拆分为多个文件导入`, `More than ${max} items; split the file`, 'file.too-many-rows') : undefined;
}

function resultsOf(records: readonly ForeignRecord[], layout: RowLayout, options: ParseOptions): XlsxRowResult[] {
  const limit = tooMany(options, records.length);
  if (limit) return [limit];
  return records.map((r) => recordResult(r, layout, options));
}

/** Sheets (xlsx, CSV) → results: each sheet with a recognisable header row is read under its mapping. */
function sheetResults(format: ForeignFormat, sheets: ReadonlyArray<{ name: string; rows: SheetRow[] }>, options: ParseOptions, encoding?: string): ParsedFile {
  const reports: SheetReport[] = [];
  const results: XlsxRowResult[] = [];
  const report = (sheet: { name: string; rows: SheetRow[] }, mapping: SheetMapping): { mapping: SheetMapping; data: SheetRow[] } => {
    // The mapping counts rows among the cells given; the sheet's own numbers are kept.
    const header = sheet.rows[mapping.headerRow - 1]!;
    const fixed: SheetMapping = { ...mapping, headerRow: header.row };
    const data = sheet.rows.slice(mapping.headerRow);
    reports.push({ sheet: sheet.name, mapping: fixed, sample: data.filter((r) => r.cells.some((c) => c.trim())).slice(0, SAMPLE_ROWS).map((r) => ({ row: r.row, cells: [...r.cells] })) });
    return { mapping: fixed, data };
  };
  for (const sheet of sheets) {
    const head = sheet.rows.slice(0, HEADER_SEARCH_ROWS).map((r) => r.cells);
    const mapping = detectMapping(head, options.choices);
    if (!mapping) continue;
    const { mapping: fixed, data } = report(sheet, mapping);
    const headerErrors = mappingErrors(fixed);
    if (headerErrors.length) {
      results.push({ row: fixed.headerRow, errors: headerErrors, fatal: true });
      continue;
    }
    results.push(...resultsOf(recordsFromSheet(data, fixed, sheet.name), layoutOfMapping(fixed), options));
  }
  if (!reports.length) {
    // Offer the likeliest header of the first sheet with content, for mapping by hand.
    const first = sheets.find((s) => s.rows.some((r) => r.cells.some((c) => c.trim())));
    const candidate = first ? candidateMapping(first.rows.slice(0, HEADER_SEARCH_ROWS).map((r) => r.cells), options.choices) : undefined;
    if (first && candidate) report(first, candidate);
    results.push(
      fatal(
        '找不到表头行：前 20 行中没有一行同时含有题干列（题目/题干/试题内容…）和至少一个其他已知列（答案、选项、题型…）。请在下方列映射中指定各列的字段后重新检查。',
        'No header row found in the first 20 rows (a stem column and at least one other known column); map the columns below and check again',
        'file.no-header',
      ),
    );
  }
  return { format, ...(encoding ? { encoding } : {}), sheets: reports, results };
}

export const mappedXlsxParser: ItemParser = {
  format: 'xlsx-mapped',
  async parse(bytes, options) {
    return sheetResults('xlsx-mapped', await readXlsxSheets(bytes, options.limits), options);
  },
};

export const csvParser: ItemParser = {
  format: 'csv',
  async parse(bytes, options) {
    const decoded = decodeText(bytes);
    let rows: SheetRow[];
    try {
      rows = csvRows(decoded.text);
    } catch (error) {
      return { format: 'csv', encoding: decoded.encoding, sheets: [], results: [fatal(`CSV 文件格式有误：${error instanceof Error ? error.message.slice(0, 120) : ''}`, 'The CSV file is malformed', 'csv.malformed')] };
    }
    return sheetResults('csv', [{ name: '', rows }], options, decoded.encoding);
  },
};

export const textParser: ItemParser = {
  format: 'text',
  async parse(bytes, options) {
    const decoded = decodeText(bytes);
    return textResults('text', textBlocks(decoded.text), options, decoded.encoding);
  },
};

function textResults(format: ForeignFormat, blocks: readonly TextBlock[], options: ParseOptions, encoding?: string): ParsedFile {
  const records = recordsFromText(blocks);
  const results = records.length
    ? resultsOf(records, TEXT_LAYOUT, options)
    : [fatal('没有找到编号的试题：试题应以“1.”“2、”等题号开头，选项写作“A.”“A、”或“（A）”', 'No numbered items found', 'text.no-items')];
  return { format, ...(encoding ? { encoding } : {}), sheets: [], results };
}

// ---- Word ---------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e]!);
}

/**
 * mammoth's HTML → blocks: paragraphs and headings as lines (a line break inside one splits
 * it), Word's automatic numbering (`<ol><li>`) written out as `1.`, tables kept as HTML.
 */
export function blocksFromDocxHtml(html: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const top = /<table[\s\S]*?<\/table>|<(p|h[1-6]|li)\b[^>]*>([\s\S]*?)<\/\1>|<ol\b[^>]*>|<\/ol>/g;
  const counters: number[] = [];
  let paragraph = 0;
  for (let m = top.exec(html); m; m = top.exec(html)) {
    const token = m[0];
    if (token.startsWith('<table')) {
      paragraph += 1;
      blocks.push({ line: paragraph, text: '', html: token });
      continue;
    }
    if (token.startsWith('<ol')) {
      counters.push(0);
      continue;
    }
    if (token === '</ol>') {
      counters.pop();
      continue;
    }
    paragraph += 1;
    const inner = m[2] ?? '';
    const image = /<img\b/i.test(inner);
    let text = htmlToText(inner);
    if (m[1] === 'li' && counters.length) {
      counters[counters.length - 1]! += 1;
      text = `${counters.at(-1)}. ${text}`;
    }
    const lines = text.split('\n');
    lines.forEach((line, i) => blocks.push({ line: paragraph, text: line, ...(image && i === 0 ? { image } : {}) }));
  }
  return blocks;
}

/** Word documents checked again (after a changed default) skip mammoth: blocks by file hash. */
const docxBlocks = new ParsedCache<readonly TextBlock[]>();

export const docxParser: ItemParser = {
  format: 'docx',
  async parse(bytes, options) {
    // The archive is metered entry by entry before mammoth inflates it in memory.
    const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
    for await (const entry of guardedZipEntries(Readable.from([bytes], { objectMode: false }), limits)) {
      for await (const _chunk of entry) void _chunk;
    }
    const key = ParsedCache.keyOf(bytes);
    let blocks = docxBlocks.get(key);
    if (!blocks) {
      let html: string;
      try {
        html = (await mammoth.convertToHtml({ buffer: bytes }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) })).value;
      } catch (error) {
        return { format: 'docx', sheets: [], results: [fatal('无法读取 Word 文件：请确认是 .docx 格式（不支持旧的 .doc）', `The file cannot be read as .docx (${error instanceof Error ? error.message.slice(0, 120) : ''})`, 'file.unreadable')] };
      }
      blocks = blocksFromDocxHtml(html);
      docxBlocks.set(key, blocks);
    }
    return textResults('docx', blocks, options);
  },
};

export const moodleParser: ItemParser = {
  format: 'moodle',
  async parse(bytes, options) {
    const decoded = decodeText(bytes);
    let parsed: MoodleRecords;
    try {
      parsed = parseMoodleXml(decoded.text);
    } catch (error) {
      if (error instanceof XmlRefusedError) throw error;
      const zh = error instanceof MoodleFormatError ? error.messageZh : `XML 格式有误：${error instanceof Error ? error.message.slice(0, 120) : ''}`;
      return { format: 'moodle', sheets: [], results: [fatal(zh, error instanceof Error ? error.message : String(error), 'xml.malformed')] };
    }
    const categories = applyCategoryPoints(parsed.records, options);
    const results = parsed.records.length || parsed.skipped.length ? resultsOf(parsed.records, MOODLE_LAYOUT, options) : [fatal('文件中没有试题', 'The file contains no questions', 'moodle.empty')];
    return { format: 'moodle', sheets: [], results, skipped: parsed.skipped, categories };
  },
};

export const giftParser: ItemParser = {
  format: 'gift',
  async parse(bytes, options) {
    const decoded = decodeText(bytes);
    const parsed = parseGift(decoded.text);
    const categories = applyCategoryPoints(parsed.records, options);
    const results = parsed.records.length || parsed.skipped.length ? resultsOf(parsed.records, GIFT_LAYOUT, options) : [fatal('文件中没有 GIFT 试题', 'The file contains no GIFT questions', 'gift.empty')];
    return { format: 'gift', encoding: decoded.encoding, sheets: [], results, skipped: parsed.skipped, categories };
  },
};

/** QTI: one item document (.xml), or a content package (.zip with imsmanifest.xml). */
export const qtiParser: ItemParser = {
  format: 'qti',
  async parse(bytes, options) {
    const isZip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
    const documents = isZip ? await qtiPackageItems(bytes, options.limits) : [{ href: '', xml: decodeText(bytes).text }];
    const records: ForeignRecord[] = [];
    const skipped: XlsxRowError[] = [];
    documents.forEach(({ href, xml }, i) => {
      const parsed = parseQtiItem(xml, i + 1, href || '试题');
      if (parsed.record) records.push(parsed.record);
      if (parsed.skipped) skipped.push(parsed.skipped);
    });
    const results = records.length || skipped.length ? resultsOf(records, QTI_LAYOUT, options) : [fatal(isZip ? '内容包中没有 QTI 试题（imsmanifest.xml 中没有 imsqti_item 资源）' : '文件中没有 QTI 试题', 'No QTI items found', 'qti.empty')];
    return { format: 'qti', sheets: [], results, skipped };
  },
};

export const FOREIGN_PARSERS: Readonly<Record<ForeignFormat, ItemParser>> = { 'xlsx-mapped': mappedXlsxParser, csv: csvParser, docx: docxParser, text: textParser, moodle: moodleParser, gift: giftParser, qti: qtiParser };

/** The XML parser for a document's root element, or undefined when no format has that root. */
export function xmlFormatOf(head: string): ForeignFormat | undefined {
  const root = /<([A-Za-z][\w:.-]*)[\s>/]/.exec(head.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, ''))?.[1];
  if (root === 'quiz') return 'moodle';
  if (root === 'assessmentItem' || root === 'qti-assessment-item') return 'qti';
  return undefined;
}

// ---- what a file is --------------------------------------------------------------------

export type ContentKind = 'zip-xlsx' | 'zip-docx' | 'zip-qti' | 'zip-other' | 'json' | 'xml' | 'text' | 'binary';

/**
 * What the bytes are, whatever the name says: a zip (and whether it holds a workbook or a Word
 * document), JSON, XML, text, or other binary.
 */
export function sniffContent(head: Buffer, tail: Buffer = Buffer.alloc(0)): ContentKind {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) {
    const names = head.toString('latin1') + tail.toString('latin1');
    if (names.includes('xl/workbook.xml') || names.includes('xl/worksheets/')) return 'zip-xlsx';
    if (names.includes('word/document.xml')) return 'zip-docx';
    if (names.includes('imsmanifest.xml')) return 'zip-qti';
    return 'zip-other';
  }
  const start = decodeText(head.subarray(0, 4096)).text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (start.startsWith('<')) return 'xml';
  if (head.subarray(0, 4096).includes(0)) return 'binary';
  return 'text';
}
