import type { Writable } from 'node:stream';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';

/**
 * Writes one PDF out of several, part by part, as they arrive: each part's objects are
 * renumbered and written at once, its pages hung under one page tree, and only the page tree,
 * catalogue and cross-reference table wait for the end. This is what lets a batch be rendered
 * by a pool of workers (each part a chunk of pages) and still stream as one document.
 */
export class StreamingPdfConcat {
  private offset = 0;
  /** Byte offset of each object number (1 = catalogue, 2 = page tree). */
  private readonly offsets: number[] = [];
  private nextNumber = 3;
  private readonly kids: number[] = [];

  constructor(private readonly out: Writable) {
    this.write(Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'));
  }

  private write(bytes: Uint8Array): void {
    this.out.write(bytes);
    this.offset += bytes.length;
  }

  /** Appends every page of a finished PDF (classic cross-reference table, as pdfkit writes). */
  async append(part: Uint8Array): Promise<void> {
    const src = await PDFDocument.load(part, { updateMetadata: false });
    const context = src.context;
    const root = context.trailerInfo.Root as PDFRef;
    const info = context.trailerInfo.Info as PDFRef | undefined;
    const catalog = context.lookup(root, PDFDict);
    const pagesRef = catalog.get(PDFName.of('Pages')) as PDFRef;
    const skip = new Set([root.objectNumber, pagesRef.objectNumber, ...(info ? [info.objectNumber] : [])]);
    const renumber = new Map<number, number>();
    const objects = context.enumerateIndirectObjects().filter(([ref]) => !skip.has(ref.objectNumber));
    for (const [ref] of objects) renumber.set(ref.objectNumber, this.nextNumber++);
    const pageNumbers = new Set(src.getPages().map((p) => p.ref.objectNumber));
    const map = (value: PDFObject): PDFObject => {
      if (value instanceof PDFRef) {
        if (value.objectNumber === pagesRef.objectNumber) return PDFRef.of(2);
        const to = renumber.get(value.objectNumber);
        if (to === undefined) throw new Error(`object ${value.objectNumber} refers outside its part`);
        return PDFRef.of(to);
      }
      if (value instanceof PDFDict) {
        for (const [key, v] of value.entries()) value.set(key, map(v));
        return value;
      }
      if (value instanceof PDFArray) {
        for (let i = 0; i < value.size(); i++) value.set(i, map(value.get(i)));
        return value;
      }
      if (value instanceof PDFStream) {
        map(value.dict);
        return value;
      }
      return value;
    };
    for (const [ref, object] of objects) {
      const number = renumber.get(ref.objectNumber)!;
      map(object);
      if (pageNumbers.has(ref.objectNumber)) {
        (object as PDFDict).set(PDFName.of('Parent'), PDFRef.of(2));
        this.kids.push(number);
      }
      this.offsets[number] = this.offset;
      const body = new Uint8Array(object.sizeInBytes());
      object.copyBytesInto(body, 0);
      this.write(Buffer.from(`${number} 0 obj\n`, 'latin1'));
      this.write(body);
      this.write(Buffer.from('\nendobj\n', 'latin1'));
    }
  }

  /** Writes the page tree, catalogue, cross-reference table and trailer, and ends the stream. */
  end(): void {
    this.offsets[1] = this.offset;
    this.write(Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n', 'latin1'));
    this.offsets[2] = this.offset;
    this.write(Buffer.from(`2 0 obj\n<< /Type /Pages /Kids [${this.kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${PDFNumber.of(this.kids.length).asNumber()} >>\nendobj\n`, 'latin1'));
    const xref = this.offset;
    const lines = ['xref', `0 ${this.nextNumber}`, '0000000000 65535 f '];
    for (let n = 1; n < this.nextNumber; n++) {
      const at = this.offsets[n];
      lines.push(at === undefined ? '0000000000 65535 f ' : `${String(at).padStart(10, '0')} 00000 n `);
    }
    this.write(Buffer.from(`${lines.join('\n')}\ntrailer\n<< /Size ${this.nextNumber} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
    this.out.end();
  }
}
