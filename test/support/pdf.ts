import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Test } from 'supertest';

/** PDFs checked with poppler (installed by `npm run setup:test`). */
export function pdfText(pdf: Buffer, options: { layout?: boolean } = {}): string {
  return execFileSync('pdftotext', [...(options.layout ? ['-layout'] : []), '-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}

export function pdfPageCount(pdf: Buffer): number {
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8');
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

/** Renders pages to PNG files with pdftoppm; returns their bytes in page order. */
export function pdfToPngs(pdf: Buffer, dpi = 100, pages?: { first: number; last: number }): Buffer[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), pdf);
    const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', ...range, path.join(dir, 'in.pdf'), path.join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(path.join(dir, f)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Decodes the QR code in a PNG, or undefined. */
export function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data;
}

/** Font names embedded in the PDF (pdffonts), with whether each is a subset. */
export function pdfFonts(pdf: Buffer): Array<{ name: string; embedded: boolean; subset: boolean }> {
  const out = execFileSync('pdffonts', ['-'], { input: pdf }).toString('utf8').split('\n').slice(2).filter(Boolean);
  return out.map((line) => {
    const cols = line.trim().split(/\s+/);
    const emb = cols.at(-5) === 'yes';
    const sub = cols.at(-4) === 'yes';
    return { name: cols[0] ?? '', embedded: emb, subset: sub };
  });
}

/** How many images the PDF holds (pdfimages -list; soft masks of transparent images not counted). */
export function pdfImageCount(pdf: Buffer): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdfimg-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), pdf);
    return execFileSync('pdfimages', ['-list', path.join(dir, 'in.pdf')]).toString('utf8').split('\n').slice(2).filter((l) => l.trim().split(/\s+/)[2] === 'image').length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small grey PNG standing in for a 1-inch photo (a different shade, a different photo). */
export function samplePhoto(shade = 160): Buffer {
  const png = new PNG({ width: 50, height: 70 });
  png.data.fill(shade);
  return PNG.sync.write(png);
}

/** Makes supertest collect a binary body (PDF, docx) as a Buffer. */
export function binary(req: Test): Test {
  return req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}
