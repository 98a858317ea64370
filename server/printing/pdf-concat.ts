import type { Writable } from 'node:stream';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';

/**
 * One PDF out of several, written part by part as they arrive. Each part is a finished PDF
 * (classic cross-reference table, as pdfkit writes); `serializePart` renumbers its objects from
 * a base number and serialises them with their pages hung under the shared page tree (object
 * 2). That is the costly step and it is pure, so pool workers run it; the writer only copies
 * bytes and notes offsets, and only the page tree, catalogue and cross-reference table (with
 * one subsection per part) wait for the end.
 */
export interface SerializedPart {
  bytes: Uint8Array;
  /** Object numbers and their offsets within `bytes`. */
  objects: Array<{ number: number; offset: number }>;
  /** Page object numbers, in order. */
  pages: number[];
}

/** Object numbers reserved for each part (a part of 50 certificates uses about 300). */
export const PART_STRIDE = 20_000;
/** The base object number of part `index` (1 and 2 are the catalogue and the page tree). */
export const partBase = (index: number): number => 3 + index * PART_STRIDE;

export async function serializePart(part: Uint8Array, base: number): Promise<SerializedPart> {
  const src = await PDFDocument.load(part, { updateMetadata: false });
  const context = src.context;
  const root = context.trailerInfo.Root as PDFRef;
  const info = context.trailerInfo.Info as PDFRef | undefined;
  const pagesRef = context.lookup(root, PDFDict).get(PDFName.of('Pages')) as PDFRef;
  const skip = new Set([root.objectNumber, pagesRef.objectNumber, ...(info ? [info.objectNumber] : [])]);
  const objects = context.enumerateIndirectObjects().filter(([ref]) => !skip.has(ref.objectNumber));
  if (objects.length >= PART_STRIDE) throw new RangeError(`a part has ${objects.length} objects; at most ${PART_STRIDE - 1} fit`);
  const renumber = new Map<number, number>(objects.map(([ref], i) => [ref.objectNumber, base + i]));
  const map = (value: PDFObject): PDFObject => {
    if (value instanceof PDFRef) {
      if (value.objectNumber === pagesRef.objectNumber) return PDFRef.of(2);
      const to = renumber.get(value.objectNumber);
      if (to === undefined) throw new Error(`object ${value.objectNumber} refers outside its part`);
      return PDFRef.of(to);
    }
    if (value instanceof PDFDict) for (const [key, v] of value.entries()) value.set(key, map(v));
    else if (value instanceof PDFArray) for (let i = 0; i < value.size(); i++) value.set(i, map(value.get(i)));
    else if (value instanceof PDFStream) map(value.dict);
    return value;
  };
  const pageNumbers = new Set(src.getPages().map((p) => p.ref.objectNumber));
  const chunks: Buffer[] = [];
  const out: SerializedPart = { bytes: new Uint8Array(), objects: [], pages: [] };
  let offset = 0;
  for (const [ref, object] of objects) {
    const number = renumber.get(ref.objectNumber)!;
    map(object);
    if (pageNumbers.has(ref.objectNumber)) (object as PDFDict).set(PDFName.of('Parent'), PDFRef.of(2));
    const body = Buffer.alloc(object.sizeInBytes());
    object.copyBytesInto(body, 0);
    const piece = Buffer.concat([Buffer.from(`${number} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    out.objects.push({ number, offset });
    chunks.push(piece);
    offset += piece.length;
  }
  // Pages in document order, not object order.
  out.pages = src.getPages().map((p) => renumber.get(p.ref.objectNumber)!);
  out.bytes = Buffer.concat(chunks);
  return out;
}

export class StreamingPdfConcat {
  private offset = 0;
  private readonly offsets = new Map<number, number>();
  private readonly kids: number[] = [];
  private parts = 0;

  constructor(private readonly out: Writable) {
    this.write(Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'));
  }

  private write(bytes: Uint8Array): void {
    this.out.write(bytes);
    this.offset += bytes.length;
  }

  /** The base object number the next part must be serialised with. */
  nextBase(): number {
    return partBase(this.parts);
  }

  /** Appends a part serialised (in a worker, say) with `nextBase()`, or at least a base no other part used. */
  appendSerialized(part: SerializedPart): void {
    this.parts += 1;
    for (const { number, offset } of part.objects) {
      if (this.offsets.has(number)) throw new Error(`object ${number} is written twice`);
      this.offsets.set(number, this.offset + offset);
    }
    this.kids.push(...part.pages);
    this.write(part.bytes);
  }

  /** Serialises and appends a finished PDF in this thread. */
  async append(part: Uint8Array): Promise<void> {
    this.appendSerialized(await serializePart(part, this.nextBase()));
  }

  /** Writes the page tree, catalogue, cross-reference table and trailer, and ends the stream. */
  end(): void {
    this.offsets.set(1, this.offset);
    this.write(Buffer.from('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n', 'latin1'));
    this.offsets.set(2, this.offset);
    this.write(Buffer.from(`2 0 obj\n<< /Type /Pages /Kids [${this.kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${this.kids.length} >>\nendobj\n`, 'latin1'));
    const xref = this.offset;
    const numbers = [...this.offsets.keys()].sort((a, b) => a - b);
    const lines = ['xref', '0 1', '0000000000 65535 f '];
    for (let i = 0; i < numbers.length; ) {
      let j = i;
      while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
      lines.push(`${numbers[i]} ${j - i + 1}`);
      for (let k = i; k <= j; k++) lines.push(`${String(this.offsets.get(numbers[k]!)).padStart(10, '0')} 00000 n `);
      i = j + 1;
    }
    const size = (numbers.at(-1) ?? 2) + 1;
    this.write(Buffer.from(`${lines.join('\n')}\ntrailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
    this.out.end();
  }
}
