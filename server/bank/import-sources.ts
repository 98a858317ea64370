import { open, readFile } from 'node:fs/promises';
import { problems } from '../platform/problem';
import { readItemRowsFromXlsx, type XlsxRowError, type XlsxRowResult } from './interchange';
import { FOREIGN_PARSERS, sniffContent, xmlFormatOf, type ContentKind, type ForeignFormat, type ParseOptions } from './interchange/foreign/formats';
import type { ImportFormat, ImportSheetDoc } from './model';
import { looksLikeGift } from './interchange/foreign/gift';
import { decodeText } from './interchange/foreign/sheets';

/**
 * Which reader an uploaded file goes to. The content decides, not the name: a file whose
 * extension says one thing and whose bytes say another is refused before anything is read.
 * An .xlsx goes to the template reader unless its header is not the template's (or the admin
 * chose a mapping): then to the mapped reader, which knows other systems' headers.
 */

/** Extension → the content it promises, and the format that reads it. */
const BY_EXTENSION: Record<string, { kind: ContentKind; label: string }> = {
  json: { kind: 'json', label: 'JSON' },
  xlsx: { kind: 'zip-xlsx', label: 'Excel (.xlsx)' },
  docx: { kind: 'zip-docx', label: 'Word (.docx)' },
  csv: { kind: 'text', label: 'CSV' },
  txt: { kind: 'text', label: '文本 (.txt)' },
  xml: { kind: 'xml', label: 'XML（Moodle 或 QTI）' },
  zip: { kind: 'zip-qti', label: 'QTI 内容包 (.zip)' },
  gift: { kind: 'text', label: 'GIFT' },
};

const KIND_LABEL: Record<ContentKind, string> = {
  'zip-xlsx': 'Excel 工作簿',
  'zip-docx': 'Word 文档',
  'zip-qti': 'QTI 内容包',
  'zip-other': '其他压缩包',
  json: 'JSON',
  xml: 'XML',
  text: '纯文本',
  binary: '二进制数据',
};

/** Header problems that mean "not the template": the mapped reader is tried instead. */
const NOT_TEMPLATE = new Set(['file.no-header', 'header.unknown', 'header.missing', 'header.duplicate']);

export interface ImportSource {
  format: ImportFormat;
  encoding?: string;
  sheets: ImportSheetDoc[];
  skipped: XlsxRowError[];
  categories: Array<{ category: string; items: number; pointCode?: string }>;
  /** Row results; absent for JSON (read by its own reader). */
  rows?: AsyncIterable<XlsxRowResult>;
}

async function headAndTail(file: string): Promise<{ head: Buffer; tail: Buffer }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 65536));
    await handle.read(head, 0, head.length, 0);
    const tailLength = Math.min(size, 65536);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    return { head, tail };
  } finally {
    await handle.close();
  }
}

export function extensionOf(fileName: string): string {
  return /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
}

/** The names the upload accepts. */
export const ACCEPTED_EXTENSIONS = Object.keys(BY_EXTENSION);

export async function openImportSource(file: { path: string; originalName: string }, options: ParseOptions & { forceMapping?: boolean }): Promise<ImportSource> {
  const extension = extensionOf(file.originalName);
  const promised = BY_EXTENSION[extension];
  if (!promised) {
    throw problems.rule([{ path: 'body.file', message: `不支持的文件类型：请上传 ${ACCEPTED_EXTENSIONS.map((e) => `.${e}`).join('、')} 文件` }], 'Upload .xlsx, .csv, .docx, .txt or .json.');
  }
  const { head, tail } = await headAndTail(file.path);
  const kind = sniffContent(head, tail);
  if (kind !== promised.kind) {
    throw problems.rule(
      [{ path: 'body.file', message: `文件扩展名是 .${extension}（${promised.label}），但内容是${KIND_LABEL[kind]}：请确认文件没有被改名` }],
      `The file is named .${extension} but its content is ${kind}.`,
    );
  }
  if (kind === 'json') return { format: 'json', sheets: [], skipped: [], categories: [] };
  if (kind === 'zip-xlsx' && !options.forceMapping) {
    const template = await templateRows(file.path, options);
    if (template) return { format: 'xlsx', sheets: [], skipped: [], categories: [], rows: template };
  }
  const xml = kind === 'xml' ? xmlFormatOf(head.toString('utf8')) : undefined;
  if (kind === 'xml' && !xml) throw problems.rule([{ path: 'body.file', message: '无法识别的 XML 文件：支持 Moodle XML（根元素 <quiz>）和 QTI 试题（<assessmentItem> 或 <qti-assessment-item>）' }], 'Unknown XML document.');
  const format: ForeignFormat = xml ?? (kind === 'zip-qti' ? 'qti' : kind === 'zip-xlsx' ? 'xlsx-mapped' : kind === 'zip-docx' ? 'docx' : extension === 'csv' ? 'csv' : extension === 'gift' || looksLikeGift(decodeText(head).text) ? 'gift' : 'text');
  const parsed = await FOREIGN_PARSERS[format].parse(await readFile(file.path), options);
  return {
    format,
    ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
    sheets: parsed.sheets.map((s) => ({ sheet: s.sheet, headerRow: s.mapping.headerRow, columns: s.mapping.columns, sample: s.sample })),
    skipped: parsed.skipped ?? [],
    categories: parsed.categories ?? [],
    rows: (async function* () {
      yield* parsed.results;
    })(),
  };
}

/** The template reader's rows, or undefined when the header is not the template's. */
async function templateRows(file: string, options: ParseOptions): Promise<AsyncIterable<XlsxRowResult> | undefined> {
  const reader = readItemRowsFromXlsx(file, { ...(options.resolvePointLevels ? { resolvePointLevels: options.resolvePointLevels } : {}), ...(options.allowUnplaced ? { allowUnplaced: true } : {}), maxRows: options.maxItems ?? 100_000, ...(options.limits ? { limits: options.limits } : {}) });
  const first = await reader.next();
  if (!first.done && first.value.fatal && first.value.errors.some((e) => NOT_TEMPLATE.has(e.code))) {
    await reader.return(undefined);
    return undefined;
  }
  return (async function* () {
    if (!first.done) yield first.value;
    yield* reader;
  })();
}
