import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { ItemContentSchema, type ItemContent } from '../item-schema';
import { questionTypes } from '../../question-types';

const PART_NAMES_ZH = { theory: '理论知识', skill: '技能操作' } as const;
import {
  BANK_EXPORT_FORMAT,
  BANK_EXPORT_FORMAT_VERSION,
  BankExportHeaderSchema,
  BankExportItemSchema,
  StandardDocumentSchema,
  type BankExportHeader,
  type ItemStatus,
  type StandardDocument,
} from './bank-export-schema';
import { formatJsonPath, jsonIssueFromAjv, jsonIssuesFromZod, pointerSegments, type JsonIssue } from './issues';
import { schemaErrors, validateAgainstSchema } from './json-schemas';
import { pointResolverFromStandard, type PointLevelsResolver } from './point-levels';
import { sanitizeItemRichText } from './rich-text';

/**
 * Import of a bank export document (question-bank-schema/bank-export.schema.json): the whole
 * document is checked against the JSON Schema (ajv) and every item against the zod rules (answers
 * among the options, totals, code matching the point), and the result lists each problem at its
 * JSON path (`items[12].content.answer`). Nothing is written here: the caller commits only a
 * result without issues.
 */

export interface ImportedBankItem {
  /** Position in the document's `items`. */
  index: number;
  code: string;
  status: ItemStatus;
  version: number;
  updatedAt?: string;
  /** Validated content with rich text sanitised. */
  content: ItemContent;
}

export interface BankExportImportOptions {
  /**
   * Appraisal point lookup of the target standard. Without it, the standard inside the document
   * (when present) is used; with neither, point codes are only checked for their format.
   */
  resolvePointLevels?: PointLevelsResolver;
  /** Issues reported at most (default 1000); `truncated` says when there were more. */
  maxIssues?: number;
}

export interface BankExportImportResult {
  /** No issues: every item is valid and the document may be committed. */
  ok: boolean;
  /** Format, bank metadata and the included standard, when they are valid. */
  header?: BankExportHeader;
  /** The valid items, in document order. */
  items: ImportedBankItem[];
  /** Entries in the document's `items`. */
  itemCount: number;
  invalidItems: number;
  issues: JsonIssue[];
  truncated: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issue(path: (string | number)[], message: string, messageEn: string, code: string): JsonIssue {
  return { path: formatJsonPath(path), message, messageEn, code };
}

function rejected(issues: JsonIssue[]): BankExportImportResult {
  return { ok: false, items: [], itemCount: 0, invalidItems: 0, issues, truncated: false };
}

/**
 * Validates a bank export: JSON text (string or bytes) or an already parsed value.
 */
export function parseBankExport(input: unknown, options: BankExportImportOptions = {}): BankExportImportResult {
  const maxIssues = options.maxIssues ?? 1000;
  let doc: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
    try {
      doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return rejected([issue([], `不是有效的 JSON 文件：${detail}`, `Not valid JSON: ${detail}`, 'json.syntax')]);
    }
  }
  if (!isRecord(doc)) return rejected([issue([], '文件内容应为一个 JSON 对象（题库导出格式）', 'The document must be a JSON object (bank export format)', 'json.not-an-object')]);
  if (doc.format !== BANK_EXPORT_FORMAT) {
    return rejected([issue(['format'], `不是题库导出文件：format 应为 "${BANK_EXPORT_FORMAT}"`, `Not a bank export: format must be "${BANK_EXPORT_FORMAT}"`, 'format.unknown')]);
  }
  if (doc.formatVersion !== BANK_EXPORT_FORMAT_VERSION) {
    return rejected([
      issue(['formatVersion'], `不支持的格式版本 ${JSON.stringify(doc.formatVersion)}，本系统读取版本 ${BANK_EXPORT_FORMAT_VERSION}`, `Unsupported formatVersion ${JSON.stringify(doc.formatVersion)}; this reader reads ${BANK_EXPORT_FORMAT_VERSION}`, 'format.version'),
    ]);
  }

  // 1. Shapes, against the published JSON Schema, split into the envelope's and each item's.
  const envelopeIssues: JsonIssue[] = [];
  const itemIssues = new Map<number, JsonIssue[]>();
  for (const error of schemaErrors('bankExport', doc)) {
    const found = jsonIssueFromAjv(error);
    if (!found) continue;
    const segments = pointerSegments(error.instancePath);
    const index = segments[0] === 'items' && typeof segments[1] === 'number' ? segments[1] : undefined;
    if (index === undefined) envelopeIssues.push(found);
    else {
      const list = itemIssues.get(index) ?? [];
      if (!list.some((i) => i.path === found.path && i.message === found.message)) list.push(found);
      itemIssues.set(index, list);
    }
  }

  // 2. The envelope's cross-field rules (standard matches the bank…), once its shape is right.
  let header: BankExportHeader | undefined;
  if (envelopeIssues.length === 0) {
    const { items: _items, ...rest } = doc;
    const parsed = BankExportHeaderSchema.safeParse(rest);
    if (parsed.success) header = parsed.data;
    else envelopeIssues.push(...jsonIssuesFromZod(parsed.error));
  }

  // 3. Items: zod rules for those whose shape is right; codes unique; points in the standard.
  let resolve = options.resolvePointLevels;
  let partsWithTable: ReadonlySet<'theory' | 'skill'> = new Set(['theory', 'skill']);
  if (!resolve) {
    // The document's own standard, even when something else in the envelope is wrong.
    const standard = header ? header.standard : StandardDocumentSchema.safeParse(doc.standard).data;
    if (standard) ({ resolve, partsWithTable } = pointResolverFromStandard(standard));
  }

  const entries: unknown[] = Array.isArray(doc.items) ? doc.items : [];
  // Repeated codes, over all entries (valid or not). Theory and skill element tables may both
  // have a point AA001, so codes are unique per part.
  const repeats = new Map<number, number>();
  const firstIndexOfCode = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!isRecord(entry) || typeof entry.code !== 'string') return;
    const type = isRecord(entry.content) ? entry.content.type : undefined;
    const key = `${questionTypes.partOf(type)}:${entry.code}`;
    const first = firstIndexOfCode.get(key);
    if (first === undefined) firstIndexOfCode.set(key, index);
    else repeats.set(index, first);
  });
  const repeatIssue = (index: number): JsonIssue[] => {
    const first = repeats.get(index);
    if (first === undefined) return [];
    const code = String((entries[index] as { code: string }).code);
    return [issue(['items', index, 'code'], `试题编号 ${code} 与 items[${first}] 重复`, `Item code ${code} repeats items[${first}]`, 'code.duplicate')];
  };

  const issues: JsonIssue[] = [...envelopeIssues];
  const items: ImportedBankItem[] = [];
  let invalidItems = 0;
  entries.forEach((entry, index) => {
    const shapeIssues = itemIssues.get(index);
    if (shapeIssues) {
      invalidItems += 1;
      issues.push(...shapeIssues, ...repeatIssue(index));
      return;
    }
    const record = entry as Record<string, unknown>;
    const parsed = BankExportItemSchema.safeParse({ ...record, content: sanitizeItemRichText(record.content) });
    if (!parsed.success) {
      invalidItems += 1;
      issues.push(...jsonIssuesFromZod(parsed.error, ['items', index]), ...repeatIssue(index));
      return;
    }
    const item = parsed.data;
    const own: JsonIssue[] = repeatIssue(index);
    const part = questionTypes.partOf(item.content.type);
    if (resolve && partsWithTable.has(part) && item.content.pointCode !== '' && !resolve(item.content.pointCode, part)) {
      own.push(
        issue(
          ['items', index, 'content', 'pointCode'],
          `鉴定点 ${item.content.pointCode} 不在本标准的${PART_NAMES_ZH[part]}鉴定要素细目表中`,
          `Appraisal point ${item.content.pointCode} is not in the standard's ${part} element table`,
          'point.unknown',
        ),
      );
    }
    if (own.length) {
      invalidItems += 1;
      issues.push(...own);
      return;
    }
    items.push({ index, code: item.code, status: item.status, version: item.version, ...(item.updatedAt ? { updatedAt: item.updatedAt } : {}), content: item.content });
  });

  return {
    ok: issues.length === 0,
    ...(header ? { header } : {}),
    items,
    itemCount: entries.length,
    invalidItems,
    issues: issues.slice(0, maxIssues),
    truncated: issues.length > maxIssues,
  };
}

/**
 * Reads a bank export from a file path or stream (at most `maxBytes`, default 512 MiB) and
 * validates it. The document is parsed whole: JSON has no row boundaries, and 50,000 items take
 * a few hundred MiB at most; the per-item work is what is done one item at a time.
 */
export async function readBankExport(input: Readable | string, options: BankExportImportOptions & { maxBytes?: number } = {}): Promise<BankExportImportResult> {
  const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  const stream = typeof input === 'string' ? createReadStream(input) : input;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      const mib = Math.round(maxBytes / 1024 / 1024);
      return rejected([issue([], `文件超过 ${mib} MiB，请分批导出导入`, `The file is larger than ${mib} MiB`, 'file.too-large')]);
    }
    chunks.push(buffer);
  }
  return parseBankExport(Buffer.concat(chunks, size), options);
}

/** Validates a single item content document (item.schema.json + zod), e.g. one example file. */
export function validateItemDocument(data: unknown): { content?: ItemContent; issues: JsonIssue[] } {
  const shape = validateAgainstSchema('item', data);
  if (shape.length) return { issues: shape };
  const parsed = ItemContentSchema.safeParse(sanitizeItemRichText(data));
  return parsed.success ? { content: parsed.data, issues: [] } : { issues: jsonIssuesFromZod(parsed.error) };
}

/** Validates a standard document (standard.schema.json + zod). */
export function validateStandardDocument(data: unknown): { standard?: StandardDocument; issues: JsonIssue[] } {
  const shape = validateAgainstSchema('standard', data);
  if (shape.length) return { issues: shape };
  const parsed = StandardDocumentSchema.safeParse(data);
  return parsed.success ? { standard: parsed.data, issues: [] } : { issues: jsonIssuesFromZod(parsed.error) };
}
