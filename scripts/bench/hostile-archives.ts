/**
 * Hostile .xlsx files, built in milliseconds without inflating anything: a deflate stream made
 * of one full-flushed block repeated N times inflates to N copies of its text, so a 2 GiB bomb
 * is a 2 MiB file. Used by the security tests and `npm run bench:hostile-archive`.
 */
import { deflateRawSync, constants } from 'node:zlib';
import { XLSX_CORE_HEADERS } from '../../server/bank/interchange/xlsx-format';

interface ZipPart {
  name: string;
  /** Raw deflate data. */
  data: Buffer;
  /** What the headers claim the entry inflates to (a liar says little). */
  declaredSize: number;
}

const flushed = (text: string | Buffer) => deflateRawSync(typeof text === 'string' ? Buffer.from(text) : text, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
const FINAL = deflateRawSync(Buffer.alloc(0));
const BLOCK_BYTES = 4 * 1024 * 1024;

/** Deflate data for prefix + repeat×times + suffix, built from three small compressed blocks. */
export function repeatedDeflate(prefix: string, repeat: string, times: number, suffix: string): { data: Buffer; inflated: number } {
  const head = flushed(prefix);
  // Large blocks, so the block headers do not dilute the ratio (deflate tops out near 1000:1).
  const copies = Math.max(1, Math.floor(BLOCK_BYTES / Buffer.byteLength(repeat)));
  const block = flushed(repeat.repeat(copies));
  const perBlock = copies * repeat.length;
  const blocks = Math.ceil((times * repeat.length) / perBlock);
  const data = Buffer.concat([head, ...Array.from({ length: blocks }, () => block), flushed(suffix), FINAL]);
  return { data, inflated: prefix.length + blocks * perBlock + suffix.length };
}

function plain(name: string, text: string): ZipPart {
  const data = deflateRawSync(Buffer.from(text));
  return { name, data, declaredSize: Buffer.byteLength(text) };
}

/** A zip (deflate, no CRC checks needed: a refusal comes long before the end). */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 14); // crc
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(Math.min(part.declaredSize, 0xffffffff), 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, part.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(Math.min(part.declaredSize, 0xffffffff), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';
const WORKBOOK = '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="试题" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const HEADER_ROW = `<row r="1">${XLSX_CORE_HEADERS.map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`;

function workbookParts(): ZipPart[] {
  return [plain('[Content_Types].xml', CONTENT_TYPES), plain('xl/workbook.xml', WORKBOOK), plain('xl/_rels/workbook.xml.rels', RELS)];
}

export type HostileKind = 'bomb' | 'lying-bomb' | 'shared-strings-bomb' | 'empty-rows' | 'wide-row' | 'many-entries';

/**
 * - bomb: the sheet (before sharedStrings, as Excel writes it) inflates to `bytes` of empty rows; headers tell the truth.
 * - lying-bomb: the same, but the headers claim 1 KiB.
 * - shared-strings-bomb: sharedStrings.xml inflates to `bytes` of strings (headers claim 1 KiB).
 * - empty-rows: 120,000 empty rows after a header row (small, honest).
 * - wide-row: one data row with a cell in column 300.
 * - many-entries: 2,000 tiny entries.
 */
export function hostileXlsx(kind: HostileKind, bytes = 2 * 1024 ** 3): Buffer {
  switch (kind) {
    case 'bomb':
    case 'lying-bomb': {
      const { data, inflated } = repeatedDeflate(SHEET_HEAD + HEADER_ROW, '<row/>', Math.ceil(bytes / 6), SHEET_TAIL);
      return zipOf([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data, declaredSize: kind === 'bomb' ? inflated : 1024 }, plain('xl/sharedStrings.xml', '<sst/>')]);
    }
    case 'shared-strings-bomb': {
      const si = '<si><t>电工电工电工电工电工电工电工电工</t></si>';
      const { data } = repeatedDeflate('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', si, Math.ceil(bytes / Buffer.byteLength(si)), '</sst>');
      return zipOf([...workbookParts(), { name: 'xl/sharedStrings.xml', data, declaredSize: 1024 }, plain('xl/worksheets/sheet1.xml', SHEET_HEAD + HEADER_ROW + SHEET_TAIL)]);
    }
    case 'empty-rows': {
      let rows = '';
      for (let r = 2; r <= 120_001; r++) rows += `<row r="${r}"/>`;
      return zipOf([...workbookParts(), plain('xl/worksheets/sheet1.xml', SHEET_HEAD + HEADER_ROW + rows + SHEET_TAIL)]);
    }
    case 'wide-row':
      return zipOf([...workbookParts(), plain('xl/worksheets/sheet1.xml', `${SHEET_HEAD}${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>判断</t></is></c><c r="KN2" t="inlineStr"><is><t>x</t></is></c></row>${SHEET_TAIL}`)]);
    case 'many-entries':
      return zipOf([...workbookParts(), ...Array.from({ length: 2000 }, (_, i) => plain(`xl/media/pad${i}.xml`, '<x/>')), plain('xl/worksheets/sheet1.xml', SHEET_HEAD + HEADER_ROW + SHEET_TAIL)]);
  }
}
