import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Level } from '../../../server/standards/schemas';
import type { XlsxRowResult } from '../../../server/bank/interchange/xlsx-import';

/** A writable that keeps what is written; `buffer()` after the writer has finished. */
export function memorySink(): { stream: Writable; buffer: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, buffer: () => Buffer.concat(chunks) };
}

/** Builds an .xlsx in memory with exceljs's document API: one sheet per entry, rows as given. */
export async function workbookBuffer(sheets: { name: string; rows: unknown[][] }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

/** The points of the example standard's theory table (question-bank-schema/examples/standard.json). */
export const EXAMPLE_POINTS: Record<string, Level[]> = {
  AA001: [5, 4, 3],
  BA001: [5, 4, 3],
  BA002: [5, 4],
  BB001: [5, 4, 3],
  CA001: [4, 3],
  CA002: [4, 3],
  DA001: [5, 4, 3],
};

export const resolveExamplePoint = (code: string): Level[] | undefined => EXAMPLE_POINTS[code];

/** Errors of all results as compact tuples for exact comparisons. */
export function errorTuples(results: XlsxRowResult[]): [number, string, string | undefined, string][] {
  return results.flatMap((r) => r.errors.map((e) => [e.row, e.column, e.cell, e.code] as [number, string, string | undefined, string]));
}
