import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { photoRefusal } from '../identity/photos';
import { readSheetPhotos, type SheetPhoto } from './sheet-photos';
import { GuardedWorkbookReader } from '../bank/interchange/xlsx-reader';
import { ArchiveLimitError, DEFAULT_ARCHIVE_LIMITS } from '../bank/interchange/archive-limits';
import { ID_TYPES, ID_TYPE_NAMES, type IdType } from '../identity/id-numbers';

/**
 * Reads a registration sheet (报名表): any .xlsx whose header row, within the first five rows,
 * has 姓名 and 证件号码; 证件类型 and 考场 are optional columns (default 居民身份证, rooms in
 * order). Cells are read as text; a formula is never evaluated (its cached text is refused).
 */
export interface RegistrationRow {
  row: number;
  name: string;
  idType: IdType | string;
  idNumber: string;
  roomCode?: string;
  /** The picture placed in the row (照片 column), when there is one. */
  photo?: Buffer;
  errors: string[];
}

const HEADERS = {
  name: ['姓名', '考生姓名'],
  idType: ['证件类型'],
  idNumber: ['证件号码', '身份证号', '身份证号码'],
  roomCode: ['考场', '考场号', '考场编号'],
  photo: ['照片', '相片', '证件照'],
} as const;

const ID_TYPE_WORDS = new Map<string, IdType>([...ID_TYPES.map((t) => [ID_TYPE_NAMES[t], t] as const), ['身份证', 'resident_id'], ['居民身份证', 'resident_id'], ...ID_TYPES.map((t) => [t, t] as const)]);

export function idTypeFromText(text: string): IdType | undefined {
  return ID_TYPE_WORDS.get(text.trim()) ?? (text.trim() === '' ? 'resident_id' : undefined);
}

function cellText(value: unknown): { text: string; problem?: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value.trim() };
  if (typeof value === 'number') return { text: String(value), problem: Number.isSafeInteger(value) ? undefined : 'number' };
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; formula?: string; sharedFormula?: string; text?: string; error?: string };
    if (v.formula !== undefined || v.sharedFormula !== undefined) return { text: '', problem: 'formula' };
    if (v.richText) return { text: v.richText.map((r) => r.text).join('').trim() };
    if (v.error) return { text: '', problem: 'error' };
    if (typeof v.text === 'string') return { text: v.text.trim() };
  }
  return { text: String(value).trim() };
}

export class RegistrationSheetError extends Error {}

export async function readRegistrationSheet(input: Readable, maxRows = 5000): Promise<RegistrationRow[]> {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxSheetRows: maxRows + 10 };
  const reader = new GuardedWorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' }, limits);
  const rows: RegistrationRow[] = [];
  let columns: Partial<Record<keyof typeof HEADERS, number>> | undefined;
  let sheets = 0;
  try {
    for await (const worksheet of reader) {
      sheets += 1;
      for await (const row of worksheet) {
        if (sheets > 1) continue;
        const values = row.values as unknown[];
        if (values.length - 1 > limits.maxColumns) throw new ArchiveLimitError('columns', limits.maxColumns);
        if (!columns) {
          if (row.number > 5) throw new RegistrationSheetError('前五行中找不到包含“姓名”和“证件号码”的表头行。');
          const found: Partial<Record<keyof typeof HEADERS, number>> = {};
          values.forEach((v, col) => {
            const text = cellText(v).text;
            for (const [key, words] of Object.entries(HEADERS) as Array<[keyof typeof HEADERS, readonly string[]]>) if (words.includes(text)) found[key] = col;
          });
          if (found.name !== undefined && found.idNumber !== undefined) columns = found;
          continue;
        }
        const at = (key: keyof typeof HEADERS) => (columns![key] === undefined ? { text: '' } : cellText(values[columns![key]!]));
        const name = at('name');
        const idNumber = at('idNumber');
        const idType = at('idType');
        const room = at('roomCode');
        if (!name.text && !idNumber.text) continue;
        if (rows.length >= maxRows) throw new RegistrationSheetError(`报名表最多 ${maxRows} 行。`);
        const errors: string[] = [];
        for (const [label, cell] of [['姓名', name], ['证件号码', idNumber], ['证件类型', idType], ['考场', room]] as const) {
          if (cell.problem === 'formula') errors.push(`${label}是公式，请改为文本`);
          if (cell.problem === 'error') errors.push(`${label}是错误值`);
          if (cell.problem === 'number') errors.push(`${label}被存为数字，位数可能已丢失，请把该列设为文本格式后重新填写`);
        }
        const type = idTypeFromText(idType.text);
        if (!type) errors.push(`证件类型“${idType.text}”无法识别`);
        rows.push({ row: row.number, name: name.text, idType: type ?? idType.text, idNumber: idNumber.text, ...(room.text ? { roomCode: room.text } : {}), errors });
      }
    }
  } catch (error) {
    if (error instanceof ArchiveLimitError) throw new RegistrationSheetError(`文件超出限制（${error.message}），未读取任何内容。`);
    if (error instanceof RegistrationSheetError) throw error;
    throw new RegistrationSheetError('文件不是有效的 .xlsx 工作簿。');
  }
  if (!columns) throw new RegistrationSheetError('找不到包含“姓名”和“证件号码”的表头行。');
  return rows;
}

/** A sheet file as uploaded: its rows, each with the photo placed in it (pictures anchored to the row). */
export async function readRegistrationFile(filePath: string, maxRows = 5000): Promise<RegistrationRow[]> {
  const rows = await readRegistrationSheet(createReadStream(filePath), maxRows);
  let photos: SheetPhoto[];
  try {
    photos = readSheetPhotos(await readFile(filePath));
  } catch {
    throw new RegistrationSheetError('工作簿中的图片无法读取。');
  }
  const byRow = new Map(rows.map((r) => [r.row, r]));
  for (const photo of photos) {
    const row = byRow.get(photo.row);
    if (!row) continue;
    if (row.photo || (photo.problem && row.errors.some((e) => e.startsWith('照片')))) row.errors.push('照片：一行只能放一张照片');
    else if (photo.problem) row.errors.push(`照片：${photo.problem}`);
    else {
      const refusal = photoRefusal(photo.data!);
      if (refusal) row.errors.push(`照片：${refusal.replace(/。$/, '')}`);
      else row.photo = photo.data!;
    }
  }
  return rows;
}
