import PDFDocument from 'pdfkit';
import type { Readable } from 'node:stream';
import { cjkFace, type FaceName } from './fonts';

/** Who printed a document, shown in every page's footer and watermark. */
export interface PrintTrace {
  /** The centre (评价机构) code. */
  centreCode: string;
  operator: string;
  printedAt: Date;
  /** Copy k of n, when several copies are printed. */
  copy?: { k: number; n: number };
  /** Words of the watermark; the centre code and operator by default. */
  watermark?: string;
}

export interface DocumentOptions {
  title: string;
  /** Keep every page in memory so a footer can be stamped at the end (papers); off for streams. */
  bufferPages?: boolean;
  margins?: { top: number; bottom: number; left: number; right: number };
  layout?: 'portrait' | 'landscape';
}

export const A4 = { width: 595.28, height: 841.89 } as const;
/** Millimetres to PDF points. */
export const mm = (value: number): number => (value * 72) / 25.4;

/** A4 document with the shared CJK faces registered as `regular` and `bold` (parsed once per process). */
export function createDocument(options: DocumentOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margins: options.margins ?? { top: mm(20), bottom: mm(22), left: mm(20), right: mm(20) },
    bufferPages: options.bufferPages ?? false,
    autoFirstPage: true,
    compress: true,
    info: { Title: options.title, Creator: 'skill-appraisal-platform', Producer: 'pdfkit' },
    lang: 'zh-CN',
  } as PDFKit.PDFDocumentOptions);
  for (const face of ['regular', 'bold'] as FaceName[]) {
    // pdfkit accepts a parsed fontkit font (it checks for `layout`); its types only list files and buffers.
    doc.registerFont(face, cjkFace(face) as unknown as Buffer);
  }
  doc.font('regular');
  return doc;
}

/** Collects a finished document's bytes (call after drawing; this ends the document). */
export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return collect(doc, () => doc.end());
}

export function collect(stream: Readable | PDFKit.PDFDocument, start: () => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
    start();
  });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-12-01 21:05` in China Standard Time (printed documents are read in China). */
export function printedTime(at: Date): string {
  const cst = new Date(at.getTime() + 8 * 3600_000);
  return `${cst.getUTCFullYear()}-${pad(cst.getUTCMonth() + 1)}-${pad(cst.getUTCDate())} ${pad(cst.getUTCHours())}:${pad(cst.getUTCMinutes())}`;
}

export function footerText(trace: PrintTrace, page: number, pages: number): string {
  const copy = trace.copy ? `  第 ${trace.copy.k} 份 / 共 ${trace.copy.n} 份` : '';
  return `机构 ${trace.centreCode}  打印人 ${trace.operator}  打印时间 ${printedTime(trace.printedAt)}${copy}  第 ${page} 页 / 共 ${pages} 页`;
}

/**
 * Stamps every buffered page with a light diagonal watermark and the trace footer. The document
 * must have been created with `bufferPages: true`.
 */
export function stampPages(doc: PDFKit.PDFDocument, trace: PrintTrace): void {
  const range = doc.bufferedPageRange();
  const mark = trace.watermark ?? `${trace.centreCode} ${trace.operator}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { width, height, margins } = doc.page;
    const bottom = margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save();
    doc.fillColor('#000000').fillOpacity(0.06);
    doc.rotate(-30, { origin: [width / 2, height / 2] });
    for (let row = -2; row <= 2; row++) drawOutlinedText(doc, mark, width / 2, height / 2 + row * 160, 28);
    doc.restore();
    doc.save();
    doc.fillColor('#555555').fillOpacity(1).font('regular').fontSize(7.5);
    doc.text(footerText(trace, i - range.start + 1, range.count), margins.left, height - bottom / 2 - 4, { width: width - margins.left - margins.right, align: 'center', lineBreak: false });
    doc.restore();
    doc.page.margins.bottom = bottom;
  }
}

/**
 * Draws text centred on (cx, baseline) as filled glyph outlines rather than text: a watermark
 * that text extraction (and copy-paste) does not mix into the document's words.
 */
export function drawOutlinedText(doc: PDFKit.PDFDocument, text: string, cx: number, baseline: number, size: number): void {
  const face = cjkFace('regular');
  const run = face.layout(text);
  const scale = size / face.unitsPerEm;
  const total = run.positions.reduce((sum, p) => sum + p.xAdvance, 0) * scale;
  let x = cx - total / 2;
  run.glyphs.forEach((glyph, i) => {
    const position = run.positions[i]!;
    doc.save();
    doc.translate(x + position.xOffset * scale, baseline - position.yOffset * scale);
    doc.scale(scale, -scale);
    doc.path(glyph.path.toSVG()).fill();
    doc.restore();
    x += position.xAdvance * scale;
  });
}

/**
 * Starts a new page unless `height` points still fit above the bottom margin: an item is
 * measured first and never split across a page break.
 */
export function keepTogether(doc: PDFKit.PDFDocument, height: number): void {
  const limit = doc.page.height - doc.page.margins.bottom;
  if (doc.y + height > limit && doc.y > doc.page.margins.top + 1) doc.addPage();
}
